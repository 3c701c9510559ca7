package org.tipgate.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tipgate.crypto.Pem;
import org.tipgate.directory.Endpoint;
import org.tipgate.keys.CertificateIssuer;
import org.tipgate.keys.KeyKind;
import org.tipgate.testing.Recipients;
import org.tipgate.testing.RemoteHttpsServer;
import org.tipgate.testing.TestPki;
import org.tipgate.transport.PackageTransport.Delivered;

/**
 * POSTing packages to a recipient's HTTPS endpoint over mutual TLS, against the JDK's HTTPS
 * server with the demo PKI's localhost certificate, requiring the gateway's client certificate.
 */
class HttpsTransportTests {

    static final String NAME = "PKG-0001.p7m";
    static final byte[] RECEIPT = "pretend this is a signed receipt".getBytes(StandardCharsets.UTF_8);
    static X509Certificate demoCa;
    static X509CRL demoCrl;
    static X509Certificate gateway;
    static PrivateKey gatewayKey;
    static X509Certificate localhost;
    static PrivateKey localhostKey;

    @TempDir
    Path dir;
    Path pkg;
    RemoteHttpsServer server;
    HttpsTransport transport;

    @BeforeAll
    static void readDemoPki() throws IOException {
        demoCa = Pem.readCertificate(Path.of("keys-example/ca.crt.pem"));
        demoCrl = Pem.readCrls(Path.of("keys-example/ca.crl.pem")).get(0);
        gateway = Pem.readCertificate(Path.of("keys-example/tipgate.crt.pem"));
        gatewayKey = Pem.readPrivateKey(Path.of("keys-example/tipgate.key.pem"));
        localhost = Pem.readCertificate(Path.of("keys-example/localhost.crt.pem"));
        localhostKey = Pem.readPrivateKey(Path.of("keys-example/localhost.key.pem"));
    }

    @BeforeEach
    void start() throws IOException {
        pkg = Recipients.packageFile(dir, NAME, 2 * 1024 * 1024 + 5, 7);
        server = RemoteHttpsServer.start(localhost, localhostKey, demoCa, gateway);
        transport = transport(List.of(demoCa), List.of(demoCrl));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void a200DeliversAndHandsBackTheAnswerWhichMayBeAReceipt() throws Exception {
        server.answer(200, RECEIPT);

        Delivered delivered = deliver(server.url("/tipgate/packages"));

        assertThat(delivered.response()).isEqualTo(RECEIPT);
        assertThat(delivered.where()).isEqualTo(server.url("/tipgate/packages"));
        assertThat(server.received()).singleElement().satisfies(request -> {
            assertThat(request.method()).isEqualTo("POST");
            assertThat(request.path()).isEqualTo("/tipgate/packages");
            assertThat(request.contentType()).isEqualTo("application/pkcs7-mime");
            assertThat(request.body()).isEqualTo(Files.readAllBytes(pkg));
        });
    }

    @Test
    void twoRecipientsAtOnceShareTheClientAndEachGetsItsOwnPackageAndGivesItsOwnAnswer() throws Exception {
        Path other = Recipients.packageFile(dir, "PKG-0002.p7m", 3 * 1024 * 1024 + 1, 8);
        // Each server holds its request until the other has one too (10 s at most).
        CountDownLatch posted = new CountDownLatch(2);
        List<String> met = new CopyOnWriteArrayList<>();
        try (RemoteHttpsServer second = RemoteHttpsServer.start(localhost, localhostKey, demoCa, gateway)) {
            for (RemoteHttpsServer s : List.of(server, second)) {
                String name = s == server ? "first" : "second";
                s.respond(body -> {
                    posted.countDown();
                    try {
                        if (posted.await(10, TimeUnit.SECONDS)) {
                            met.add(name);
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return ("receipt from the " + name + " server").getBytes(StandardCharsets.UTF_8);
                });
            }
            Endpoint a = endpoint(server.url("/in"));
            Endpoint b = endpoint(second.url("/in"));
            ExecutorService threads = Executors.newFixedThreadPool(2);
            Future<Delivered> toFirst;
            Future<Delivered> toSecond;
            try {
                toFirst = threads.submit(() -> transport.deliver(Recipients.agency(a), a, NAME, pkg));
                toSecond = threads.submit(() -> transport.deliver(Recipients.agency(b), b, "PKG-0002.p7m", other));
                assertThat(new String(toFirst.get(30, TimeUnit.SECONDS).response(), StandardCharsets.UTF_8))
                        .isEqualTo("receipt from the first server");
                assertThat(new String(toSecond.get(30, TimeUnit.SECONDS).response(), StandardCharsets.UTF_8))
                        .isEqualTo("receipt from the second server");
            } finally {
                threads.shutdownNow();
            }
            assertThat(met).as("both requests were in progress at once").containsExactlyInAnyOrder("first", "second");
            assertThat(server.received()).singleElement()
                    .satisfies(r -> assertThat(r.body()).isEqualTo(Files.readAllBytes(pkg)));
            assertThat(second.received()).singleElement()
                    .satisfies(r -> assertThat(r.body()).isEqualTo(Files.readAllBytes(other)));
        }
    }

    @Test
    void theRequestCarriesTheGatewaysClientCertificate() throws Exception {
        deliver(server.url("/in"));

        assertThat(server.received()).singleElement()
                .satisfies(request -> assertThat(request.client()).containsExactly(gateway));
    }

    @Test
    void a204DeliversWithAnEmptyAnswer() throws Exception {
        server.answer(204, new byte[0]);

        assertThat(deliver(server.url("/in")).response()).isEmpty();
    }

    @Test
    void anAnswerLongerThanOneMebibyteIsCutThere() throws Exception {
        byte[] long3MiB = new byte[3 << 20];
        new Random(3).nextBytes(long3MiB);
        server.answer(200, long3MiB);

        assertThat(deliver(server.url("/in")).response()).isEqualTo(Arrays.copyOf(long3MiB, 1 << 20));
    }

    @ParameterizedTest
    @ValueSource(ints = {500, 502, 503, 429, 408})
    void serverTroubleIsRetryable(int status) throws Exception {
        server.answer(status, "busy".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> deliver(server.url("/in")))
                .isInstanceOfSatisfying(DeliveryException.class, e -> assertThat(e.retryable()).isTrue())
                .hasMessageContaining("HTTP " + status).hasMessageContaining("busy");
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 401, 403, 404, 409, 413})
    void otherClientErrorsAreNotRetryable(int status) throws Exception {
        server.answer(status, "refused".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> deliver(server.url("/in")))
                .isInstanceOfSatisfying(DeliveryException.class, e -> assertThat(e.retryable()).isFalse())
                .hasMessageContaining("HTTP " + status).hasMessageContaining("refused");
    }

    @Test
    void theAnswersExcerptInTheMessageIsShortAndCannotForgeLogLines() throws Exception {
        server.answer(400, ("bad package\r\nERROR forged log line\u0007\u202e" + "x".repeat(5000))
                .getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> deliver(server.url("/in")))
                .isInstanceOfSatisfying(DeliveryException.class, e -> {
                    assertThat(e.getMessage()).contains("bad package ERROR forged log line")
                            .doesNotContain("\r", "\n", "\u0007", "\u202e").hasSizeLessThan(400);
                });
    }

    @Test
    void redirectsAreNotFollowed() throws Exception {
        try (RemoteHttpsServer elsewhere = RemoteHttpsServer.start(localhost, localhostKey, demoCa, gateway)) {
            server.redirect(307, elsewhere.url("/in"));

            assertThatThrownBy(() -> deliver(server.url("/in")))
                    .isInstanceOfSatisfying(DeliveryException.class, e -> assertThat(e.retryable()).isFalse())
                    .hasMessageContaining("HTTP 307");
            assertThat(elsewhere.received()).isEmpty();
        }
    }

    @Test
    void aServerCertificateFromACaOutsideTheDirectoryIsASecurityFailureAndGetsNothing() throws Exception {
        TestPki pki = TestPki.get();
        TestPki.Credential stranger = serverCredential(pki, List.of("localhost"), List.of("127.0.0.1"));
        try (RemoteHttpsServer impostor = RemoteHttpsServer.start(stranger.cert(), stranger.key(), demoCa, gateway)) {
            assertThatThrownBy(() -> deliver(impostor.url("/in")))
                    .isInstanceOfSatisfying(DeliveryException.class, e -> assertThat(e.retryable()).isFalse())
                    .hasMessageContaining("security");
            assertThat(impostor.received()).isEmpty();

            // the same server is accepted once its CA is trusted: the refusal above is about trust alone
            assertThat(transport(List.of(pki.ca.cert()), List.of()).deliver(Recipients.agency(endpoint(impostor.url("/in"))),
                    endpoint(impostor.url("/in")), NAME, pkg)).isNotNull();
        }
    }

    @Test
    void aServerCertificateForAnotherHostIsRefused() throws Exception {
        TestPki pki = TestPki.get();
        TestPki.Credential named = serverCredential(pki, List.of("recipient.example"), List.of("127.0.0.2"));
        try (RemoteHttpsServer misnamed = RemoteHttpsServer.start(named.cert(), named.key(), demoCa, gateway)) {
            HttpsTransport trustingItsCa = transport(List.of(pki.ca.cert()), List.of());
            Endpoint endpoint = endpoint(misnamed.url("/in"));

            assertThatThrownBy(() -> trustingItsCa.deliver(Recipients.agency(endpoint), endpoint, NAME, pkg))
                    .isInstanceOfSatisfying(DeliveryException.class, e -> assertThat(e.retryable()).isFalse())
                    .hasMessageContaining("security");
            assertThat(misnamed.received()).isEmpty();
        }
    }

    @Test
    void aRevokedServerCertificateIsRefusedWhileAnotherFromTheSameCaIsAccepted() throws Exception {
        TestPki pki = TestPki.get();
        TestPki.Credential revoked = serverCredential(pki, List.of("localhost"), List.of("127.0.0.1"));
        TestPki.Credential good = serverCredential(pki, List.of("localhost"), List.of("127.0.0.1"));
        X509CRL crl = new CertificateIssuer(pki.ca.cert(), pki.ca.key()).crl(List.of(revoked.cert()),
                Instant.now().minus(Duration.ofHours(1)), Instant.now().plus(Duration.ofDays(7)));
        HttpsTransport checking = transport(List.of(pki.ca.cert()), List.of(crl));
        try (RemoteHttpsServer withRevoked = RemoteHttpsServer.start(revoked.cert(), revoked.key(), demoCa, gateway);
             RemoteHttpsServer withGood = RemoteHttpsServer.start(good.cert(), good.key(), demoCa, gateway)) {
            Endpoint toRevoked = endpoint(withRevoked.url("/in"));
            Endpoint toGood = endpoint(withGood.url("/in"));

            assertThatThrownBy(() -> checking.deliver(Recipients.agency(toRevoked), toRevoked, NAME, pkg))
                    .isInstanceOfSatisfying(DeliveryException.class, e -> assertThat(e.retryable()).isFalse())
                    .hasMessageContaining("security").hasMessageContaining("revoked");
            assertThat(withRevoked.received()).isEmpty();
            assertThat(checking.deliver(Recipients.agency(toGood), toGood, NAME, pkg)).isNotNull();
        }
    }

    @Test
    void withCrlsConfiguredAServerWhoseCaHasNoCrlIsRefused() throws Exception {
        TestPki pki = TestPki.get();
        TestPki.Credential unchecked = serverCredential(pki, List.of("localhost"), List.of("127.0.0.1"));
        HttpsTransport demoCrlOnly = transport(List.of(demoCa, pki.ca.cert()), List.of(demoCrl));
        try (RemoteHttpsServer withUnchecked = RemoteHttpsServer.start(unchecked.cert(), unchecked.key(), demoCa, gateway)) {
            Endpoint endpoint = endpoint(withUnchecked.url("/in"));

            assertThatThrownBy(() -> demoCrlOnly.deliver(Recipients.agency(endpoint), endpoint, NAME, pkg))
                    .isInstanceOfSatisfying(DeliveryException.class, e -> assertThat(e.retryable()).isFalse())
                    .hasMessageContaining("security");
            assertThat(withUnchecked.received()).isEmpty();
        }
    }

    @Test
    void aServerThatDoesNotAcceptTheGatewaysCertificateIsRetryable() throws Exception {
        TestPki pki = TestPki.get();
        try (RemoteHttpsServer choosy = RemoteHttpsServer.start(localhost, localhostKey, pki.ca.cert(), gateway)) {
            assertThatThrownBy(() -> deliver(choosy.url("/in")))
                    .isInstanceOfSatisfying(DeliveryException.class, e -> assertThat(e.retryable()).isTrue());
            assertThat(choosy.received()).isEmpty();
        }
    }

    @Test
    void connectionRefusedIsRetryable() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = free.getLocalPort();
        }

        assertThatThrownBy(() -> deliver("https://127.0.0.1:" + port + "/in"))
                .isInstanceOfSatisfying(DeliveryException.class, e -> assertThat(e.retryable()).isTrue())
                .hasMessageContaining("cannot connect");
    }

    @Test
    void aServerThatNeverAnswersTimesOutRetryablyInsteadOfHangingTheOutbox() throws Exception {
        server.stall();
        HttpsTransport impatient = new HttpsTransport(List.of(demoCa), List.of(demoCrl), List.of(gateway), gatewayKey,
                Duration.ofSeconds(2), Duration.ofSeconds(2));
        Endpoint endpoint = endpoint(server.url("/in"));
        long start = System.nanoTime();

        assertThatThrownBy(() -> impatient.deliver(Recipients.agency(endpoint), endpoint, NAME, pkg))
                .isInstanceOfSatisfying(DeliveryException.class, e -> assertThat(e.retryable()).isTrue());
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void neverSendsAPackageOverPlainHttp() throws Exception {
        assertThatThrownBy(() -> deliver(server.url("/in").replace("https:", "http:")))
                .isInstanceOfSatisfying(DeliveryException.class, e -> assertThat(e.retryable()).isFalse());
        assertThat(server.received()).isEmpty();
    }

    private HttpsTransport transport(List<X509Certificate> trust, List<X509CRL> crls) {
        return new HttpsTransport(trust, crls, List.of(gateway), gatewayKey, Duration.ofSeconds(5), Duration.ofSeconds(30));
    }

    private Delivered deliver(String url) throws DeliveryException {
        Endpoint endpoint = endpoint(url);
        return transport.deliver(Recipients.agency(endpoint), endpoint, NAME, pkg);
    }

    private static Endpoint endpoint(String url) {
        return Recipients.https(url);
    }

    /** A TLS server certificate from the test CA, which the demo directory does not trust. */
    private static TestPki.Credential serverCredential(TestPki pki, List<String> dnsNames, List<String> ipAddresses) {
        KeyPair pair = KeyKind.EC_P256.generate();
        Instant now = Instant.now();
        X509Certificate cert = new CertificateIssuer(pki.ca.cert(), pki.ca.key()).issue(new CertificateIssuer.Request(
                "CN=" + dnsNames.get(0) + ",O=TipGate Test Recipient,C=IN", pair.getPublic(), now.minus(Duration.ofDays(1)),
                now.plus(Duration.ofDays(30)), CertificateIssuer.Profile.TLS_SERVER, dnsNames, ipAddresses));
        return new TestPki.Credential(dnsNames.get(0), cert, pair.getPrivate());
    }
}
