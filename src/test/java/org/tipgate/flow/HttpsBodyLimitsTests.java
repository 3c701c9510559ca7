package org.tipgate.flow;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.tipgate.crypto.Digests;
import org.tipgate.crypto.Pem;
import org.tipgate.format.Ack;
import org.tipgate.format.RejectionCode;
import org.tipgate.testing.Curl;
import org.tipgate.testing.TestDatabases;

/**
 * What the gateway reads of a posted body, over real HTTPS with the sender's client certificate:
 * a body that declares more than a feed may have is refused TOO_LARGE (413, with the signed ack)
 * before a byte of it is read, and before Tomcat tells a client that waits for it to go on (no
 * {@code 100 Continue}), also when the client never sends it; a chunked body, which declares
 * nothing, is cut off at the limit as it is read; and one sender's posts hold at most
 * {@code tipgate.limits.max-scratch-bytes-per-sender} of scratch space at once: the post that would
 * pass it is answered 429 with {@code Retry-After}, unread. Feeds may have 4,000,000 bytes of
 * content here (5,114,112 bytes of file), a sender's posts 10,000,000 bytes of scratch space.
 */
@CamelSpringBootTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"management.server.port=0", "tipgate.limits.max-content-bytes=4000000",
                "tipgate.limits.max-scratch-bytes-per-sender=10000000"})
class HttpsBodyLimitsTests {

    private static final long MAX_FEED_BYTES = 4_000_000 + 1024 * 1024 + 64 * 1024;
    private static final long THREE_GIB = 3L << 30;
    /** Far longer than the gateway needs to answer, far shorter than Tomcat waits for a body (60 s). */
    private static final Duration PROMPTLY = Duration.ofSeconds(20);

    @TempDir
    static Path work;

    @DynamicPropertySource
    static void scratch(DynamicPropertyRegistry registry) {
        TestDatabases.registerGateway(registry, work, "https-body-limits");
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    /** A 3 GiB file (sparse: it takes no disk) posted by curl, which sends Expect: 100-continue for it. */
    @Test
    void aDeclaredThreeGibibytesIsRefusedTooLargeBeforeTheClientIsToldToSendIt() throws Exception {
        Path big = sparse("three-gib.p7m", THREE_GIB);

        Curl.Result refused = post(List.of("-v", "-T", big.toString()));

        assertThat(refused.stderr()).contains("> Expect: 100-continue").doesNotContain("< HTTP/1.1 100");
        assertTooLargeUnread(refused, THREE_GIB);
    }

    /** Without Expect the client sends at once: the answer does not wait for the body, which is not kept. */
    @Test
    void aDeclaredThreeGibibytesSentWithoutWaitingIsRefusedTooLargeUnread() throws Exception {
        Path big = sparse("three-gib-at-once.p7m", THREE_GIB);

        Curl.Result refused = post(List.of("-H", "Expect:", "-T", big.toString()));

        assertTooLargeUnread(refused, THREE_GIB);
    }

    /** A post refused for who sent it (no client certificate: 401; not a national sender: 403) is refused unread too. */
    @Test
    void aPostRefusedForWhoSentItIsAnsweredBeforeTheClientIsToldToSendIt() throws Exception {
        Path big = sparse("three-gib-from-others.p7m", THREE_GIB);
        List<String> anonymous = new ArrayList<>(List.of("--cacert", "keys-example/ca.crt.pem", "-v", "-X", "POST",
                "-H", "Content-Type: application/pkcs7-mime", "-T", big.toString(),
                "https://localhost:" + port + "/api/v1/feeds"));

        Curl.Result noCertificate = Curl.run(Path.of("").toAbsolutePath(), anonymous);
        Curl.Result notASender = Curl.run(Path.of("").toAbsolutePath(), as("mp-scc", List.of("-v", "-T", big.toString())));

        assertThat(noCertificate.status()).as(noCertificate.stderr()).isEqualTo(401);
        assertThat(notASender.status()).as(notASender.stderr()).isEqualTo(403);
        for (Curl.Result refused : List.of(noCertificate, notASender)) {
            assertThat(refused.stderr()).contains("> Expect: 100-continue").doesNotContain("< HTTP/1.1 100");
        }
    }

    /** A client that declares a length and never sends a byte gets its 413 at once, with or without Expect. */
    @Test
    void aDeclaredLengthThatIsNeverSentIsRefusedAtOnce() throws Exception {
        for (String expect : List.of("", "Expect: 100-continue\r\n")) {
            for (long declared : new long[] {THREE_GIB, Long.MAX_VALUE, MAX_FEED_BYTES + 1}) {
                try (SSLSocket socket = socketAs("ncrb")) {
                    send(socket, "POST /api/v1/feeds HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/pkcs7-mime\r\n"
                            + "Content-Length: " + declared + "\r\n" + expect + "\r\n");

                    String answer = head(socket);

                    assertThat(answer).as("%d declared%s", declared, expect.isEmpty() ? "" : ", Expect")
                            .startsWith("HTTP/1.1 413 ").contains("Content-Type: application/pkcs7-mime");
                }
            }
        }
    }

    /** A chunked body declares no length: it is read as it comes, and no further than one byte over the limit. */
    @Test
    void aChunkedBodyIsCutOffAtTheLimitWhileItIsRead() throws Exception {
        List<String> args = new ArrayList<>(List.of("-T", "-", "-H", "Expect:"));
        Curl.Running curl = Curl.start(Path.of("").toAbsolutePath(), as("ncrb", args));
        byte[] chunk = new byte[1 << 16];
        new Random(5).nextBytes(chunk);
        try (OutputStream upload = curl.stdin()) {
            for (long sent = 0; sent < 3 * MAX_FEED_BYTES; sent += chunk.length) {
                upload.write(chunk);
            }
        } catch (IOException e) {
            // curl stopped sending once it had the answer
        }
        Curl.Result refused = curl.await();

        assertThat(refused.status()).as(refused.stderr()).isEqualTo(413);
        Ack ack = PipelineFixtures.readAck(refused.body());
        assertThat(ack.rejections()).singleElement().satisfies(r -> {
            assertThat(r.code()).isEqualTo(RejectionCode.TOO_LARGE);
            assertThat(r.reason()).doesNotContain("declared");
        });
        Map<String, Object> intake = jdbc.queryForMap("SELECT bytes, state, rejection_code FROM intakes WHERE feed_sha256 = ?",
                ack.feedSha256());
        assertThat(intake).containsEntry("bytes", MAX_FEED_BYTES + 1).containsEntry("state", "REJECTED")
                .containsEntry("rejection_code", "TOO_LARGE");
    }

    /**
     * One post holds 5,000,000 bytes of the sender's 10,000,000 while its body is slow to come; a
     * second of 5,100,000 would pass the bound: 429 with Retry-After, unread, nothing recorded; a
     * chunked one meets the bound as it arrives, with the same answer. Once the first is answered,
     * the second goes through.
     */
    @Test
    void aSendersPostsHoldAtMostItsScratchSpaceAndThePostThatWouldPassItIsAnswered429Unread() throws Exception {
        byte[] garbage = new byte[5_000_000];
        new Random(7).nextBytes(garbage);
        Path second = Files.write(work.resolve("second.p7m"), Arrays.copyOf(garbage, 5_100_000));
        Integer intakesBefore = jdbc.queryForObject("SELECT COUNT(*) FROM intakes", Integer.class);
        try (SSLSocket first = socketAs("ncrb")) {
            send(first, "POST /api/v1/feeds HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/pkcs7-mime\r\n"
                    + "Content-Length: " + garbage.length + "\r\nExpect: 100-continue\r\n\r\n");
            assertThat(head(first)).as("the first post is told to go on").startsWith("HTTP/1.1 100 ");

            Curl.Result busy = post(List.of("-v", "-T", second.toString()));

            assertThat(busy.status()).as(busy.stderr()).isEqualTo(429);
            assertThat(busy.header("Retry-After")).isEqualTo("30");
            assertThat(busy.text()).contains("5000000 bytes of scratch space").contains("10000000");
            assertThat(busy.stderr()).doesNotContain("< HTTP/1.1 100");
            // A chunked post declares nothing: it reserves as it arrives, and meets the bound on the way.
            Curl.Running chunked = Curl.start(Path.of("").toAbsolutePath(), as("ncrb", new ArrayList<>(List.of("-T", "-",
                    "-H", "Expect:"))));
            try (OutputStream upload = chunked.stdin()) {
                for (int i = 0; i < 12; i++) {
                    upload.write(garbage, 0, 500_000);
                }
            } catch (IOException e) {
                // curl stopped sending once it had the answer
            }
            Curl.Result cutOff = chunked.await();
            assertThat(cutOff.status()).as(cutOff.stderr()).isEqualTo(429);
            assertThat(cutOff.header("Retry-After")).isEqualTo("30");
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM intakes", Integer.class)).isEqualTo(intakesBefore);

            first.getOutputStream().write(garbage);
            first.getOutputStream().flush();
            assertThat(head(first)).startsWith("HTTP/1.1 422 ");
        }

        Curl.Result again = post(List.of("-T", second.toString()));

        assertThat(again.status()).as(again.stderr()).isEqualTo(422);
        assertThat(PipelineFixtures.readAck(again.body()).rejections()).singleElement()
                .satisfies(r -> assertThat(r.code()).isEqualTo(RejectionCode.MALFORMED_CMS));
    }

    private void assertTooLargeUnread(Curl.Result refused, long declared) throws Exception {
        assertThat(refused.status()).as(refused.stderr()).isEqualTo(413);
        assertThat(refused.header("Content-Type")).startsWith("application/pkcs7-mime");
        Ack ack = PipelineFixtures.readAck(refused.body());
        assertThat(ack.status()).isEqualTo(Ack.Status.REJECTED);
        assertThat(ack.rejections()).singleElement().satisfies(r -> {
            assertThat(r.code()).isEqualTo(RejectionCode.TOO_LARGE);
            assertThat(r.reason()).contains("declared Content-Length of " + declared).contains("before any of it was read");
        });
        // The hash of what was read: nothing.
        assertThat(ack.feedSha256()).isEqualTo(Digests.sha256Hex(new byte[0]));
        String intakeId = ack.ackId().substring(0, ack.ackId().indexOf('.'));
        Map<String, Object> intake = jdbc.queryForMap("SELECT bytes, state, rejection_code FROM intakes WHERE intake_id = ?",
                intakeId);
        assertThat(intake).containsEntry("bytes", declared).containsEntry("state", "REJECTED")
                .containsEntry("rejection_code", "TOO_LARGE");
        assertThat(work.resolve("spool").resolve(intakeId + ".p7m")).doesNotExist();
    }

    private Path sparse(String name, long length) throws IOException {
        Path file = work.resolve(name);
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(length);
        }
        return file;
    }

    private Curl.Result post(List<String> args) throws Exception {
        return Curl.run(Path.of("").toAbsolutePath(), as("ncrb", new ArrayList<>(args)));
    }

    private List<String> as(String agency, List<String> args) {
        List<String> all = new ArrayList<>(List.of("--cacert", "keys-example/ca.crt.pem",
                "--cert", "keys-example/" + agency + ".crt.pem", "--key", "keys-example/" + agency + ".key.pem",
                "-X", "POST", "-H", "Content-Type: application/pkcs7-mime"));
        all.addAll(args);
        all.add("https://localhost:" + port + "/api/v1/feeds");
        return all;
    }

    private SSLSocket socketAs(String agency) throws IOException {
        try {
            KeyStore own = KeyStore.getInstance("PKCS12");
            own.load(null, null);
            own.setKeyEntry(agency, Pem.readPrivateKey(Path.of("keys-example/" + agency + ".key.pem")), new char[0],
                    new Certificate[] {Pem.readCertificate(Path.of("keys-example/" + agency + ".crt.pem"))});
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(own, new char[0]);
            KeyStore trusted = KeyStore.getInstance("PKCS12");
            trusted.load(null, null);
            trusted.setCertificateEntry("ca", Pem.readCertificate(Path.of("keys-example/ca.crt.pem")));
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
            SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket("localhost", port);
            socket.setSoTimeout((int) PROMPTLY.toMillis());
            socket.startHandshake();
            return socket;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot set up the client's TLS", e);
        }
    }

    private static void send(SSLSocket socket, String head) throws IOException {
        socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
    }

    /** The status line and headers of the next answer; fails if none comes within {@link #PROMPTLY}. */
    private static String head(SSLSocket socket) throws IOException {
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        try {
            while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b == -1) {
                    break;
                }
                head.write(b);
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no answer within " + PROMPTLY + "; got: " + head.toString(StandardCharsets.ISO_8859_1), e);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }
}
