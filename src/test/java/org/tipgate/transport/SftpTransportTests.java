package org.tipgate.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tipgate.directory.Endpoint;
import org.tipgate.testing.Recipients;
import org.tipgate.testing.RemoteSftpServer;
import org.tipgate.transport.PackageTransport.Delivered;

/** Pushing packages to a recipient's own SFTP server (embedded MINA SSHD) through Camel's sftp component. */
class SftpTransportTests {

    static final String NAME = "PKG-0001.p7m";
    static final Path GATEWAY_KEY = Path.of("keys-example/tipgate.ssh");
    static CamelContext camel;

    @TempDir
    Path dir;
    Path base;
    RemoteSftpServer server;
    SftpTransport transport;
    Path pkg;

    @BeforeAll
    static void startCamel() {
        camel = new DefaultCamelContext();
        camel.start();
    }

    @AfterAll
    static void stopCamel() {
        camel.stop();
    }

    @BeforeEach
    void startServer() throws IOException {
        server = RemoteSftpServer.start("mp-scc", Path.of("keys-example/tipgate.ssh.pub"), dir.resolve("server"));
        Files.createDirectories(server.root().resolve("incoming"));
        base = Files.createDirectories(dir.resolve("gateway"));
        server.writeKnownHosts(base.resolve("pins/mp-scc.known_hosts"));
        transport = new SftpTransport(camel, base, GATEWAY_KEY, Duration.ofSeconds(2), Duration.ofSeconds(5));
        pkg = Recipients.packageFile(dir.resolve("outbox"), NAME, 3 * 1024 * 1024 + 17, 1);
    }

    @AfterEach
    void stopServer() throws IOException {
        server.close();
    }

    @Test
    void deliversTheCompletePackageUnderItsNameAfterUploadingItUnderAHiddenTemporaryName() throws Exception {
        Delivered delivered = deliver(endpoint("incoming"));

        assertThat(server.root().resolve("incoming/" + NAME)).hasSameBinaryContentAs(pkg);
        assertThat(names("incoming")).containsExactly(NAME);
        assertThat(delivered.where()).isEqualTo("sftp://mp-scc@127.0.0.1:" + server.port() + "/incoming/" + NAME);
        assertThat(delivered.response()).isEmpty();
        assertThat(server.events()).contains("login mp-scc")
                .filteredOn(event -> !event.startsWith("login"))
                .containsExactly("write /incoming/." + NAME + ".part", "rename /incoming/." + NAME + ".part -> /incoming/" + NAME);
    }

    @Test
    void severalPackagesForOneServerAtOnceAllArriveWhole() throws Exception {
        List<Path> packages = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            packages.add(Recipients.packageFile(dir.resolve("outbox"), "PKG-10" + i + ".p7m", 512 * 1024 + i, 100 + i));
        }
        Endpoint endpoint = endpoint("incoming");

        List<Future<Delivered>> results;
        ExecutorService workers = Executors.newFixedThreadPool(packages.size());
        try {
            results = workers.invokeAll(packages.stream().<Callable<Delivered>>map(p -> () ->
                    transport.deliver(Recipients.agency(endpoint), endpoint, p.getFileName().toString(), p)).toList());
        } finally {
            workers.shutdown();
        }

        for (Future<Delivered> result : results) {
            assertThat(result.get()).isNotNull();
        }
        for (Path p : packages) {
            assertThat(server.root().resolve("incoming").resolve(p.getFileName())).hasSameBinaryContentAs(p);
        }
        assertThat(names("incoming")).hasSize(packages.size()).noneMatch(name -> name.endsWith(".part"));
    }

    @Test
    void aFolderWithSpacesAndParenthesesGivenAsAnAbsolutePathArrivesIntact() throws Exception {
        Files.createDirectories(server.root().resolve("in box (MP) 100%+"));

        deliver(endpoint("/in box (MP) 100%+"));

        assertThat(server.root().resolve("in box (MP) 100%+/" + NAME)).hasSameBinaryContentAs(pkg);
    }

    @Test
    void aServerShowingAnotherHostKeyIsASecurityFailureThatIsNotRetriedAndGetsNothing() throws Exception {
        try (RemoteSftpServer impostor = RemoteSftpServer.start("mp-scc", Path.of("keys-example/tipgate.ssh.pub"),
                dir.resolve("impostor"))) {
            Files.writeString(base.resolve("pins/mp-scc.known_hosts"), "[127.0.0.1]:" + server.port() + " "
                    + PublicKeyEntry.toString(impostor.hostKey()) + "\n");
        }

        assertThatThrownBy(() -> deliver(endpoint("incoming")))
                .isInstanceOfSatisfying(DeliveryException.class, e -> assertThat(e.retryable()).isFalse())
                .hasMessageContaining("security").hasMessageContaining("pins/mp-scc.known_hosts");
        assertThat(names("incoming")).isEmpty();
        assertThat(server.events()).isEmpty();
    }

    @Test
    void aServerMissingFromThePinsIsNeverTrustedOnFirstUseNorThroughTheUsersKnownHosts() throws Exception {
        Path pins = base.resolve("pins/mp-scc.known_hosts");
        Files.writeString(pins, "[127.0.0.1]:1 " + PublicKeyEntry.toString(server.hostKey()) + "\n");
        Path home = Files.createDirectories(dir.resolve("home"));
        Path userKnownHosts = server.writeKnownHosts(home.resolve(".ssh/known_hosts"));
        String realHome = System.getProperty("user.home");
        System.setProperty("user.home", home.toString());
        try {
            assertThatThrownBy(() -> deliver(endpoint("incoming")))
                    .isInstanceOfSatisfying(DeliveryException.class, e -> assertThat(e.retryable()).isFalse())
                    .hasMessageContaining("security");
        } finally {
            System.setProperty("user.home", realHome);
        }
        assertThat(pins).hasContent("[127.0.0.1]:1 " + PublicKeyEntry.toString(server.hostKey()));
        assertThat(userKnownHosts).hasContent(server.knownHostsLine());
        assertThat(server.events()).isEmpty();
    }

    @Test
    void anEndpointWhosePinFileIsMissingIsRefusedWithoutConnecting() throws Exception {
        assertThatThrownBy(() -> deliver(new Endpoint(Endpoint.Type.SFTP, null, "127.0.0.1", server.port(), "mp-scc",
                "incoming", "pins/nowhere.known_hosts", null, null)))
                .isInstanceOfSatisfying(DeliveryException.class, e -> assertThat(e.retryable()).isFalse())
                .hasMessageContaining("nowhere.known_hosts");
        assertThat(server.events()).isEmpty();
    }

    @Test
    void aServerThatIsDownIsRetryableAndTheSameDeliverySucceedsOnceItIsBackOnItsPort() throws Exception {
        server.stop();

        assertThatThrownBy(() -> deliver(endpoint("incoming")))
                .isInstanceOfSatisfying(DeliveryException.class, e -> assertThat(e.retryable()).isTrue())
                .hasMessageContaining("Connection refused");

        server.start();
        deliver(endpoint("incoming"));
        assertThat(server.root().resolve("incoming/" + NAME)).hasSameBinaryContentAs(pkg);
        assertThat(names("incoming")).containsExactly(NAME);
    }

    @Test
    void aServerThatAcceptsButNeverSpeaksTimesOutRetryablyInsteadOfHangingTheOutbox() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 5, InetAddress.getByName("127.0.0.1"))) {
            Endpoint mute = new Endpoint(Endpoint.Type.SFTP, null, "127.0.0.1", silent.getLocalPort(), "mp-scc",
                    "incoming", "pins/mp-scc.known_hosts", null, null);
            long start = System.nanoTime();

            assertThatThrownBy(() -> transport.deliver(Recipients.agency(mute), mute, NAME, pkg))
                    .isInstanceOfSatisfying(DeliveryException.class, e -> assertThat(e.retryable()).isTrue());
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        }
    }

    @Test
    void aLoginTheServerRefusesIsRetryableAndUploadsNothing() throws Exception {
        try (RemoteSftpServer other = RemoteSftpServer.start("mp-scc", Path.of("keys-example/mp-scc.ssh.pub"),
                dir.resolve("other"))) {
            Files.createDirectories(other.root().resolve("incoming"));
            other.writeKnownHosts(base.resolve("pins/other.known_hosts"));
            Endpoint endpoint = new Endpoint(Endpoint.Type.SFTP, null, "127.0.0.1", other.port(), "mp-scc", "incoming",
                    "pins/other.known_hosts", null, null);

            assertThatThrownBy(() -> transport.deliver(Recipients.agency(endpoint), endpoint, NAME, pkg))
                    .isInstanceOfSatisfying(DeliveryException.class, e -> assertThat(e.retryable()).isTrue())
                    .hasMessageContaining("log in");
            assertThat(other.events()).isNotEmpty().allMatch(event -> event.startsWith("login refused"));
            try (Stream<Path> files = Files.list(other.root().resolve("incoming"))) {
                assertThat(files).isEmpty();
            }
        }
    }

    @Test
    void aMissingRemoteFolderIsRetryableAndIsNotCreated() throws Exception {
        assertThatThrownBy(() -> deliver(endpoint("absent")))
                .isInstanceOfSatisfying(DeliveryException.class, e -> assertThat(e.retryable()).isTrue());
        assertThat(server.root().resolve("absent")).doesNotExist();
    }

    @Test
    void theSamePackageDeliveredAgainAfterACrashSucceedsWithoutUploadingOrTouchingTheFile() throws Exception {
        deliver(endpoint("incoming"));
        Path delivered = server.root().resolve("incoming/" + NAME);
        FileTime longAgo = FileTime.fromMillis(0);
        Files.setLastModifiedTime(delivered, longAgo);
        int eventsBefore = server.events().size();

        Delivered again = deliver(endpoint("incoming"));

        assertThat(again.where()).endsWith("/incoming/" + NAME);
        assertThat(delivered).hasSameBinaryContentAs(pkg);
        assertThat(Files.getLastModifiedTime(delivered)).isEqualTo(longAgo);
        assertThat(server.events().subList(eventsBefore, server.events().size()))
                .noneMatch(event -> event.startsWith("write") || event.startsWith("rename"));
        assertThat(names("incoming")).containsExactly(NAME);
    }

    @Test
    void anotherFileUnderThePackagesNameIsAConflictThatIsNotRetriedAndIsLeftAsItIs() throws Exception {
        Path existing = Files.writeString(server.root().resolve("incoming/" + NAME), "someone else's file",
                StandardCharsets.UTF_8);

        assertThatThrownBy(() -> deliver(endpoint("incoming")))
                .isInstanceOfSatisfying(DeliveryException.class, e -> assertThat(e.retryable()).isFalse())
                .hasMessageContaining("conflict").hasMessageContaining(NAME);
        assertThat(existing).hasContent("someone else's file");
        assertThat(names("incoming")).containsExactly(NAME);
    }

    @Test
    void aTemporaryFileLeftByABrokenAttemptIsReplacedByTheNextOne() throws Exception {
        Files.writeString(server.root().resolve("incoming/." + NAME + ".part"), "half a package");

        deliver(endpoint("incoming"));

        assertThat(server.root().resolve("incoming/" + NAME)).hasSameBinaryContentAs(pkg);
        assertThat(names("incoming")).containsExactly(NAME);
    }

    @Test
    void bytesArePutLikeAPackageAndTheSameBytesAgainFindThemThereButOtherBytesAreAConflict() throws Exception {
        Endpoint endpoint = endpoint("incoming");
        byte[] ack = "a signed ack".getBytes(StandardCharsets.UTF_8);

        transport.put(Recipients.agency(endpoint), endpoint, "ACK-1.p7m", ack);
        int eventsBefore = server.events().size();
        transport.put(Recipients.agency(endpoint), endpoint, "ACK-1.p7m", ack);

        assertThat(server.root().resolve("incoming/ACK-1.p7m")).hasBinaryContent(ack);
        assertThat(server.events()).contains("write /incoming/.ACK-1.p7m.part",
                "rename /incoming/.ACK-1.p7m.part -> /incoming/ACK-1.p7m");
        assertThat(server.events().subList(eventsBefore, server.events().size()))
                .noneMatch(event -> event.startsWith("write") || event.startsWith("rename"));
        assertThatThrownBy(() -> transport.put(Recipients.agency(endpoint), endpoint, "ACK-1.p7m",
                "another ack".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(DeliveryException.class, e -> assertThat(e.retryable()).isFalse())
                .hasMessageContaining("conflict");
        assertThat(server.root().resolve("incoming/ACK-1.p7m")).hasBinaryContent(ack);
    }

    @Test
    void refusesAFileNameThatIsNotPlain() {
        assertThatThrownBy(() -> transport.deliver(Recipients.agency(endpoint("incoming")), endpoint("incoming"),
                "../" + NAME, pkg))
                .isInstanceOfSatisfying(DeliveryException.class, e -> assertThat(e.retryable()).isFalse());
        assertThat(server.events()).isEmpty();
    }

    private Endpoint endpoint(String remoteDir) {
        return Recipients.sftp(server.port(), "mp-scc", remoteDir, "pins/mp-scc.known_hosts");
    }

    private Delivered deliver(Endpoint endpoint) throws DeliveryException {
        return transport.deliver(Recipients.agency(endpoint), endpoint, NAME, pkg);
    }

    private List<String> names(String folder) throws IOException {
        try (Stream<Path> files = Files.list(server.root().resolve(folder))) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }
}
