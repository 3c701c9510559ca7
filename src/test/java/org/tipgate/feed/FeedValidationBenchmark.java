package org.tipgate.feed;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Prints records per second for reading and validating a feed of 30,000 generated records
 * (docs/performance.md) through {@link FeedContentReader}.
 *
 * <p>{@code mvn -B -o -Pbench test -Dtest=FeedValidationBenchmark}
 */
@Tag("bench")
class FeedValidationBenchmark {

    private static final int RECORDS = Integer.getInteger("feed.bench.records", 30_000);
    private static final int ROUNDS = Integer.getInteger("feed.bench.rounds", 5);

    @Test
    void printsRecordsPerSecond() throws IOException {
        byte[] content = Feeds.content(Feeds.generated(31, RECORDS));
        System.out.printf("feed of %,d records, %,d bytes, %d processors%n", RECORDS, content.length,
                Runtime.getRuntime().availableProcessors());
        FeedContentReader reader = new FeedContentReader(Feeds.VALIDATOR, FeedLimits.defaults());
        measure("FeedContentReader", () -> reader.read(new ByteArrayInputStream(content), FeedContentListener.NONE).accepted());
    }

    interface Run {
        long accepted() throws IOException;
    }

    private static void measure(String what, Run run) throws IOException {
        for (int i = 0; i < 2; i++) {
            check(run.accepted());
        }
        double[] seconds = new double[ROUNDS];
        for (int i = 0; i < ROUNDS; i++) {
            long start = System.nanoTime();
            check(run.accepted());
            seconds[i] = (System.nanoTime() - start) / 1e9;
        }
        Arrays.sort(seconds);
        double median = seconds[ROUNDS / 2];
        System.out.printf("%-40s median %.3f s (best %.3f s): %,.0f records/s%n", what, median, seconds[0], RECORDS / median);
    }

    private static void check(long accepted) {
        if (accepted != RECORDS) {
            throw new AssertionError("accepted " + accepted + " of " + RECORDS);
        }
    }
}
