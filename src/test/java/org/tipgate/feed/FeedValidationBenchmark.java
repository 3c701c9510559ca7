package org.tipgate.feed;

import com.sun.management.OperatingSystemMXBean;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Prints records per second for reading and validating a feed of 30,000 generated records
 * (docs/performance.md) through {@link FeedContentReader}, with one worker checking records and
 * with its default pool (one worker per processor), and for comparison the records read, parsed and
 * checked one after another on one thread, as the reader did before it had workers.
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
        FeedContentReader one = new FeedContentReader(Feeds.VALIDATOR::validate, FeedLimits.defaults(), 1);
        Map<String, Run> runs = new LinkedHashMap<>();
        runs.put("one thread, record after record", () -> oneThread(content));
        runs.put("FeedContentReader, 1 worker", () -> one.read(new ByteArrayInputStream(content), FeedContentListener.NONE).accepted());
        runs.put("FeedContentReader, " + ValidatorPool.defaultWorkers() + " workers (default)",
                () -> reader.read(new ByteArrayInputStream(content), FeedContentListener.NONE).accepted());
        measure(runs);
    }

    /** Runs each in turn, round after round, so that other load on the machine weighs on all alike. */
    private static void measure(Map<String, Run> runs) throws IOException {
        for (Run run : runs.values()) {
            for (int i = 0; i < 2; i++) {
                check(run.accepted());
            }
        }
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        Map<String, double[]> seconds = new LinkedHashMap<>();
        Map<String, Double> cpu = new LinkedHashMap<>();
        runs.keySet().forEach(what -> {
            seconds.put(what, new double[ROUNDS]);
            cpu.put(what, 0.0);
        });
        for (int i = 0; i < ROUNDS; i++) {
            for (Map.Entry<String, Run> run : runs.entrySet()) {
                long cpuStart = os.getProcessCpuTime();
                long start = System.nanoTime();
                check(run.getValue().accepted());
                seconds.get(run.getKey())[i] = (System.nanoTime() - start) / 1e9;
                cpu.merge(run.getKey(), (os.getProcessCpuTime() - cpuStart) / 1e9, Double::sum);
            }
        }
        for (String what : runs.keySet()) {
            double[] s = seconds.get(what);
            double total = Arrays.stream(s).sum();
            Arrays.sort(s);
            double median = s[ROUNDS / 2];
            // Processor time over elapsed time: how many processors the run kept busy (GC included).
            System.out.printf("%-40s median %.3f s (best %.3f s): %,.0f records/s, %.2f processors busy%n", what,
                    median, s[0], RECORDS / median, cpu.get(what) / total);
        }
    }

    /** What the reader did before it had workers: every line read, parsed and checked on this thread. */
    private static long oneThread(byte[] content) throws IOException {
        LineInput input = new LineInput(new ByteArrayInputStream(content), FeedLimits.defaults());
        JsonLine json = new JsonLine();
        TipIdSet tipIds = new TipIdSet();
        long accepted = 0;
        input.next();
        while (input.next() == LineInput.Next.LINE) {
            JsonLine.Parsed parsed = json.parse(input.bytes(), input.length());
            String tipId = RecordBatch.tipIdOf(parsed.node());
            if (tipIds.add(tipId) && Feeds.VALIDATOR.validate(parsed.node()).isEmpty()) {
                Arrays.copyOf(input.bytes(), input.length());
                accepted++;
            }
        }
        return accepted;
    }

    interface Run {
        long accepted() throws IOException;
    }

    private static void check(long accepted) {
        if (accepted != RECORDS) {
            throw new AssertionError("accepted " + accepted + " of " + RECORDS);
        }
    }
}
