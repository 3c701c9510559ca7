package org.tipgate.feed;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.tipgate.synthetic.FeedGenerator;
import static org.assertj.core.api.Assertions.assertThat;

/** Generator and reader joined by a pipe: neither side ever holds the feed. */
class FeedStreamingTests {

    @Test
    void readsThirtyThousandGeneratedRecordsAsTheyAreWritten() throws Exception {
        FeedContent summary = pipe(30_000);
        assertThat(summary.rejectedAsWhole()).isFalse();
        assertThat(summary.accepted()).isEqualTo(30_000);
    }

    @Test
    @Tag("heavy")
    void streamsAMillionRecordsWithoutHoldingThem() throws Exception {
        FeedContent summary = pipe(1_000_000);
        assertThat(summary.accepted()).isEqualTo(1_000_000);
        assertThat(summary.contentBytes()).isGreaterThan(1_500_000_000L);
    }

    private static FeedContent pipe(int records) throws Exception {
        PipedInputStream in = new PipedInputStream(1 << 20);
        OutputStream out = new PipedOutputStream(in);
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            try (out) {
                out.write((Feeds.header(records) + "\n").getBytes(StandardCharsets.UTF_8));
                new FeedGenerator(Feeds.LGD).write(77, records, out);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        FeedContent summary;
        try (InputStream content = in) {
            summary = new FeedContentReader(Feeds.VALIDATOR, FeedLimits.defaults()).read(content, FeedContentListener.NONE);
        }
        writer.get();
        return summary;
    }
}
