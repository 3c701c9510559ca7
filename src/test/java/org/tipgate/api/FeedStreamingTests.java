package org.tipgate.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.tipgate.crypto.Digests;
import org.tipgate.testing.Curl;

/**
 * A feed is streamed to the pipeline as it arrives: the service reads the first megabytes while
 * the sender is still holding back the rest, which no layer that buffered the body could allow.
 */
class FeedStreamingTests extends ApiHarness {

    private static final int MIB = 1 << 20;

    @Test
    void aLargeFeedStreamsThroughToThePipelineAsItArrivesAndArrivesIntact() throws Exception {
        List<String> args = new ArrayList<>(List.of("--cacert", "keys-example/ca.crt.pem"));
        // -T - streams standard input (chunked); no Expect: 100-continue round trip.
        args.addAll(withCertificate("ncrb", "-T", "-", "-X", "POST", "-H", PKCS7, "-H", "Expect:",
                url("/api/v1/feeds")));
        Curl.Running curl = Curl.start(PROJECT, args);
        MessageDigest sha256 = Digests.sha256();
        Random random = new Random(50);
        byte[] chunk = new byte[MIB];
        OutputStream upload = curl.stdin();

        for (int i = 0; i < 4; i++) {
            send(upload, chunk, random, sha256);
        }
        upload.flush();
        boolean readEarly = awaitBodyBytes(MIB, Duration.ofSeconds(20));
        for (int i = 4; i < 50; i++) {
            send(upload, chunk, random, sha256);
        }
        Curl.Result answer = curl.await();

        assertThat(readEarly).as("the service read 1 MiB while 46 MiB were still to be sent").isTrue();
        assertThat(answer.status()).as(answer.stderr()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo(fake.lastAck().signed());
        assertThat(fake.received()).containsExactly(
                new FakeFeedService.Received("ncrb", 50L * MIB, Digests.hex(sha256.digest())));
    }

    private static void send(OutputStream upload, byte[] chunk, Random random, MessageDigest sha256)
            throws IOException {
        random.nextBytes(chunk);
        sha256.update(chunk);
        upload.write(chunk);
    }

    private boolean awaitBodyBytes(long bytes, Duration timeout) {
        try {
            Awaitility.await().atMost(timeout).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(20))
                    .until(() -> fake.bodyBytesRead() >= bytes);
            return true;
        } catch (ConditionTimeoutException e) {
            return false;
        }
    }
}
