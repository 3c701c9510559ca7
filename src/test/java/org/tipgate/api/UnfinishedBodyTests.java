package org.tipgate.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.SocketTimeoutException;
import org.junit.jupiter.api.Test;
import org.tipgate.feed.FeedLimits;

/**
 * A posted body the client stops sending, or whose connection ends before it does, is the client's
 * failure: it is told apart from the gateway's own, reaches no flow, and gives back its scratch space.
 */
class UnfinishedBodyTests {

    private final HttpsFeeds feeds = new HttpsFeeds(FeedLimits.defaults(), 4L << 30, posted -> {
        throw new AssertionError("an unfinished body reached the intake flow");
    }, null, null, null, null);

    @Test
    void aBodyThatStallsPastTheReadTimeoutIsTheClientsFailure() {
        InputStream body = bodyFailingAfter(70_000, new SocketTimeoutException("Read timed out"));

        assertThatThrownBy(() -> feeds.submit("ncrb", 1_000_000, body))
                .isInstanceOfSatisfying(UnfinishedBodyException.class, e -> {
                    assertThat(e.stalled()).isTrue();
                    assertThat(e.read()).isEqualTo(70_000);
                    assertThat(e.getMessage()).contains("ncrb").contains("after 70000 bytes of the 1000000 it declared");
                });
        assertThat(feeds.scratchHeld("ncrb")).isZero();
    }

    @Test
    void aChunkedBodyWhoseConnectionEndsFirstIsTheClientsFailureAndNoStall() {
        InputStream body = bodyFailingAfter(10, new EOFException("Unexpected EOF read on the socket"));

        assertThatThrownBy(() -> feeds.submit("ncrb", -1, body))
                .isInstanceOfSatisfying(UnfinishedBodyException.class, e -> {
                    assertThat(e.stalled()).isFalse();
                    assertThat(e.getMessage()).contains("after 10 bytes (chunked)");
                });
        assertThat(feeds.scratchHeld("ncrb")).isZero();
    }

    private static InputStream bodyFailingAfter(int bytes, IOException failure) {
        return new SequenceInputStream(new ByteArrayInputStream(new byte[bytes]), new InputStream() {
            @Override
            public int read() throws IOException {
                throw failure;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                throw failure;
            }
        });
    }
}
