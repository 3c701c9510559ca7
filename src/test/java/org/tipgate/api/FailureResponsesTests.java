package org.tipgate.api;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.ws.rs.core.Response;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.SocketTimeoutException;
import org.junit.jupiter.api.Test;
import org.tipgate.feed.FeedLimits;

/** What the API answers for a body the client did not finish, against the gateway's own failure. */
class FailureResponsesTests {

    private final FailureResponses responses = new FailureResponses();

    @Test
    void aStalledBodyIs408AndOneThatEndedEarlyIs400() {
        Response stalled = responses.toResponse(unfinished(new SocketTimeoutException("Read timed out")));
        Response ended = responses.toResponse(unfinished(new EOFException("Unexpected EOF")));

        assertThat(stalled.getStatus()).isEqualTo(408);
        assertThat((String) stalled.getEntity()).contains("ended or stalled after 3 bytes")
                .contains("Nothing of this post was accepted");
        assertThat(ended.getStatus()).isEqualTo(400);
    }

    @Test
    void theGatewaysOwnFailureStays500() {
        assertThat(responses.toResponse(new IOException("disk full")).getStatus()).isEqualTo(500);
    }

    private static UnfinishedBodyException unfinished(IOException cause) {
        HttpsFeeds feeds = new HttpsFeeds(FeedLimits.defaults(), 4L << 30, posted -> null, null, null, null, null);
        InputStream body = new SequenceInputStream(new ByteArrayInputStream(new byte[3]),
                new InputStream() {
                    @Override
                    public int read() throws IOException {
                        throw cause;
                    }
                });
        try {
            feeds.submit("ncrb", 10, body);
        } catch (UnfinishedBodyException e) {
            return e;
        } catch (Exception e) {
            throw new AssertionError("expected an unfinished body, got " + e, e);
        }
        throw new AssertionError("the body was read to its end");
    }
}
