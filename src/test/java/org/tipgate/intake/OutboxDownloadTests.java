package org.tipgate.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.keyverifier.RequiredServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.keyprovider.FileKeyPairProvider;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClientFactory;
import org.apache.sshd.sftp.common.SftpConstants;
import org.apache.sshd.sftp.common.SftpException;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.tipgate.crypto.Digests;
import org.tipgate.delivery.PackagePickups;
import org.tipgate.directory.AgencyDirectory;
import org.tipgate.directory.Endpoint;
import org.tipgate.directory.LgdTables;
import org.tipgate.events.Event;
import org.tipgate.events.EventLog;
import org.tipgate.events.EventType;
import org.tipgate.outbox.Outbox;
import org.tipgate.testing.OpenSshSftp;
import org.tipgate.testing.TestDatabases;
import org.tipgate.transport.PullTransport;

/**
 * A district collects its packages from outbox/ on the embedded SFTP server with OpenSSH's sftp
 * (and MINA's client, for reads OpenSSH does not make on request): each package is put there by
 * the PULL transport and is in the outbox database; a whole download is recorded once, a removal
 * only after one, and nothing else counts.
 */
class OutboxDownloadTests {

    private static final AtomicInteger PACKAGES = new AtomicInteger();

    @TempDir
    static Path dir;
    static AgencyDirectory directory;
    static JdbcTemplate jdbc;
    static EventLog events;
    static Outbox outbox;
    static PullTransport transport;
    static EmbeddedSftpServer server;
    static OpenSshSftp client;

    Path local;

    @BeforeAll
    static void startServer() throws Exception {
        directory = AgencyDirectory.load(Path.of("config/agencies.yaml"), Path.of("."), LgdTables.bundled(),
                Clock.systemUTC());
        var db = TestDatabases.h2();
        jdbc = new JdbcTemplate(db.dataSource());
        events = new EventLog(jdbc, Clock.systemUTC());
        outbox = new Outbox(jdbc, Clock.systemUTC(), new Outbox.Backoff(Duration.ofSeconds(2), Duration.ofSeconds(2), 1),
                "node-a");
        PackagePickups pickups = new PackagePickups(outbox, events,
                new TransactionTemplate(new DataSourceTransactionManager(db.dataSource())), Clock.systemUTC());
        transport = new PullTransport(dir.resolve("sftp"), pickups::collected);
        server = EmbeddedSftpServer.start(new SftpServerSettings("127.0.0.1", 0, dir.resolve("sftp"),
                dir.resolve("host-key")), directory, Path.of("."), upload -> { },
                SftpRefusals.NONE, null, pickups);
        client = new OpenSshSftp(server.port(), server.knownHostsLine(), dir);
    }

    @AfterAll
    static void stopServer() throws IOException {
        server.close();
    }

    @BeforeEach
    void localFolder() throws IOException {
        local = Files.createTempDirectory(dir, "local");
    }

    @Test
    void aDistrictDownloadsItsPackageWithOpenSshAndTheWholeDownloadIsRecordedOnce() throws Exception {
        Placed pkg = place("mp-indore", 3 * 1024 * 1024 + 5);

        OpenSshSftp.Result first = client.run("mp-indore", "mp-indore", "get outbox/" + pkg.name() + " " + local);
        OpenSshSftp.Result second = client.run("mp-indore", "mp-indore",
                "get outbox/" + pkg.name() + " " + local.resolve("again.p7m"));

        assertThat(first.exit()).as(first.output()).isZero();
        assertThat(second.exit()).as(second.output()).isZero();
        assertThat(local.resolve(pkg.name())).hasSameBinaryContentAs(pkg.file());
        assertThat(collectedAt(pkg)).isNotNull();
        assertThat(events(EventType.PACKAGE_COLLECTED, pkg)).singleElement().satisfies(e -> {
            assertThat(e.actor()).isEqualTo("mp-indore");
            assertThat(e.recipient()).isEqualTo("mp-indore");
            assertThat(e.outcome()).isEqualTo("COLLECTED");
            assertThat(e.detail()).containsEntry("channel", "SFTP");
        });
    }

    @Test
    void aDistrictCollectsEveryPackageOfItsOutboxWithAGlobAndRemovesThem() throws Exception {
        Placed one = place("mp-gwalior", 300_000);
        Placed two = place("mp-gwalior", 700_000);

        OpenSshSftp.Result result = client.run("mp-gwalior", "mp-gwalior", "get outbox/* " + local,
                "rm outbox/*");

        assertThat(result.exit()).as(result.output()).isZero();
        assertThat(local.resolve(one.name())).hasSameBinaryContentAs(one.file());
        assertThat(local.resolve(two.name())).hasSameBinaryContentAs(two.file());
        assertThat(collectedAt(one)).isNotNull();
        assertThat(collectedAt(two)).isNotNull();
        assertThat(one.onServer()).doesNotExist();
        assertThat(two.onServer()).doesNotExist();
    }

    @Test
    void removingAPackageBeforeItIsDownloadedWholeIsRefusedAndSaysWhy() throws Exception {
        Placed pkg = place("mp-indore", 200_000);

        OpenSshSftp.Result rm = client.run("mp-indore", "mp-indore", "rm outbox/" + pkg.name());
        try (ClientSession session = session("mp-indore");
             SftpClient sftp = SftpClientFactory.instance().createSftpClient(session)) {
            assertThatThrownBy(() -> sftp.remove("outbox/" + pkg.name()))
                    .isInstanceOfSatisfying(SftpException.class, e -> assertThat(e.getStatus())
                            .isEqualTo(SftpConstants.SSH_FX_PERMISSION_DENIED))
                    .hasMessageContaining("outbox/" + pkg.name() + " is not yet downloaded whole");
        }

        assertThat(rm.exit()).isNotZero();
        assertThat(rm.output()).contains("remote delete", "Permission denied");
        assertThat(pkg.onServer()).hasSameBinaryContentAs(pkg.file());
        assertThat(events(EventType.PACKAGE_REMOVED, pkg)).isEmpty();
    }

    @Test
    void afterAWholeDownloadTheDistrictRemovesThePackageAndTheRemovalIsRecorded() throws Exception {
        Placed pkg = place("mp-indore", 1024 * 1024);

        OpenSshSftp.Result result = client.run("mp-indore", "mp-indore", "get outbox/" + pkg.name() + " " + local,
                "rm outbox/" + pkg.name());

        assertThat(result.exit()).as(result.output()).isZero();
        assertThat(local.resolve(pkg.name())).hasSameBinaryContentAs(pkg.file());
        assertThat(pkg.onServer()).doesNotExist();
        assertThat(jdbc.queryForObject("SELECT removed_at FROM packages WHERE package_id = ?", Timestamp.class,
                pkg.id())).isNotNull();
        assertThat(events(EventType.PACKAGE_REMOVED, pkg)).singleElement()
                .satisfies(e -> assertThat(e.actor()).isEqualTo("mp-indore"));
    }

    @Test
    void aResumedDownloadThatReadsOnlyTheRestDoesNotCount() throws Exception {
        Placed pkg = place("mp-indore", 2 * 1024 * 1024);
        byte[] bytes = Files.readAllBytes(pkg.file());
        Path partial = Files.write(local.resolve(pkg.name()), Arrays.copyOf(bytes, bytes.length / 2));

        OpenSshSftp.Result reget = client.run("mp-indore", "mp-indore", "reget outbox/" + pkg.name() + " " + partial);
        OpenSshSftp.Result rm = client.run("mp-indore", "mp-indore", "rm outbox/" + pkg.name());

        assertThat(reget.exit()).as(reget.output()).isZero();
        assertThat(partial).as("the client has it all, the gateway sent only the second half")
                .hasSameBinaryContentAs(pkg.file());
        assertThat(collectedAt(pkg)).isNull();
        assertThat(rm.exit()).isNotZero();
        assertThat(pkg.onServer()).exists();
    }

    @Test
    void readingOnlyPartOfThePackageOrEndingTheSessionBeforeTheCloseDoesNotCount() throws Exception {
        Placed pkg = place("mp-indore", 512 * 1024);
        long size = Files.size(pkg.file());
        try (ClientSession session = session("mp-indore");
             SftpClient sftp = SftpClientFactory.instance().createSftpClient(session)) {
            SftpClient.CloseableHandle handle = sftp.open("outbox/" + pkg.name(), EnumSet.of(SftpClient.OpenMode.Read));
            read(sftp, handle, 0, size - 1);
            handle.close();
        }
        ClientSession interrupted = session("mp-indore");
        SftpClient sftp = SftpClientFactory.instance().createSftpClient(interrupted);
        SftpClient.Handle handle = sftp.open("outbox/" + pkg.name(), EnumSet.of(SftpClient.OpenMode.Read));
        read(sftp, handle, 0, size);
        interrupted.close(true);

        Awaitility.await("the server seeing the session end").during(Duration.ofSeconds(2))
                .atMost(Duration.ofSeconds(30)).until(() -> collectedAt(pkg) == null);
        assertThat(events(EventType.PACKAGE_COLLECTED, pkg)).isEmpty();

        OpenSshSftp.Result whole = client.run("mp-indore", "mp-indore", "get outbox/" + pkg.name() + " " + local);
        assertThat(whole.exit()).as(whole.output()).isZero();
        assertThat(collectedAt(pkg)).as("then a whole download counts").isNotNull();
    }

    @Test
    void readsAnsweredInAnyOrderOverSeveralHandlesOfOneSessionCountOnceTheyCoverTheWholeFile() throws Exception {
        Placed pkg = place("mp-indore", 1024 * 1024 + 1);
        long size = Files.size(pkg.file());
        try (ClientSession session = session("mp-indore");
             SftpClient sftp = SftpClientFactory.instance().createSftpClient(session)) {
            try (SftpClient.CloseableHandle tail = sftp.open("outbox/" + pkg.name(),
                    EnumSet.of(SftpClient.OpenMode.Read))) {
                for (long offset = size - size % 32768; offset >= size / 2; offset -= 32768) {
                    read(sftp, tail, offset, Math.min(size, offset + 32768));
                }
            }
            assertThat(collectedAt(pkg)).as("half of it").isNull();
            try (SftpClient.CloseableHandle head = sftp.open("outbox/" + pkg.name(),
                    EnumSet.of(SftpClient.OpenMode.Read))) {
                read(sftp, head, 0, size / 2 + 1);
            }
        }

        assertThat(collectedAt(pkg)).isNotNull();
        assertThat(events(EventType.PACKAGE_COLLECTED, pkg)).hasSize(1);
    }

    @Test
    void anotherDistrictNeitherSeesNorReadsNorRemovesThePackage() throws Exception {
        Placed pkg = place("mp-indore", 100_000);

        for (String path : List.of("outbox/" + pkg.name(), "../mp-indore/outbox/" + pkg.name(),
                "/mp-indore/outbox/" + pkg.name())) {
            OpenSshSftp.Result get = client.run("mp-bhopal", "mp-bhopal", "get " + path + " " + local);
            OpenSshSftp.Result rm = client.run("mp-bhopal", "mp-bhopal", "rm " + path);
            assertThat(get.exit()).as(path).isNotZero();
            assertThat(rm.exit()).as(path).isNotZero();
        }
        try (ClientSession session = session("mp-bhopal");
             SftpClient sftp = SftpClientFactory.instance().createSftpClient(session)) {
            assertThatThrownBy(() -> sftp.stat("outbox/" + pkg.name())).isInstanceOfSatisfying(SftpException.class,
                    e -> assertThat(e.getStatus()).isEqualTo(SftpConstants.SSH_FX_NO_SUCH_FILE));
        }

        try (var files = Files.list(local)) {
            assertThat(files).isEmpty();
        }
        assertThat(pkg.onServer()).exists();
        assertThat(collectedAt(pkg)).isNull();

        OpenSshSftp.Result own = client.run("mp-indore", "mp-indore", "get outbox/" + pkg.name() + " " + local,
                "rm outbox/" + pkg.name());
        assertThat(own.exit()).as("its own district collects it: " + own.output()).isZero();
        assertThat(collectedAt(pkg)).isNotNull();
    }

    /** A package put in an agency's outbox by the PULL transport, and its row in the outbox. */
    record Placed(String id, String name, Path file, Path onServer) {
    }

    private Placed place(String agency, int size) throws Exception {
        String id = "feed-" + PACKAGES.incrementAndGet() + "." + agency;
        String name = id + ".p7m";
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        Path file = Files.write(Files.createDirectories(dir.resolve("packages")).resolve(name), bytes);
        outbox.add(id, "feed-" + PACKAGES.get(), agency, 1, Digests.sha256Hex(file), size, name);
        Endpoint pull = new Endpoint(Endpoint.Type.PULL, null, null, null, null, null, null, null, null);
        transport.deliver(directory.agency(agency).orElseThrow(), pull, name, file);
        return new Placed(id, name, file, server.home(agency).resolve("outbox").resolve(name));
    }

    private static Timestamp collectedAt(Placed pkg) {
        return jdbc.queryForObject("SELECT collected_at FROM packages WHERE package_id = ?", Timestamp.class, pkg.id());
    }

    private static List<Event> events(EventType type, Placed pkg) {
        return events.byType(type).stream().map(EventLog.Recorded::event)
                .filter(e -> pkg.id().equals(e.packageId())).toList();
    }

    /** Reads {@code [from, to)} of an open file, in the client's own chunks. */
    private static void read(SftpClient sftp, SftpClient.Handle handle, long from, long to) throws IOException {
        byte[] buffer = new byte[32768];
        for (long offset = from; offset < to; ) {
            int n = sftp.read(handle, offset, buffer, 0, (int) Math.min(buffer.length, to - offset));
            if (n <= 0) {
                throw new IOException("short read at " + offset);
            }
            offset += n;
        }
    }

    private static ClientSession session(String agency) throws Exception {
        SshClient ssh = SshClient.setUpDefaultClient();
        ssh.setServerKeyVerifier(new RequiredServerKeyVerifier(server.hostKey()));
        ssh.start();
        ClientSession session = ssh.connect(agency, "127.0.0.1", server.port()).verify(10_000).getSession();
        for (KeyPair pair : new FileKeyPairProvider(client.privateKey(agency)).loadKeys(null)) {
            session.addPublicKeyIdentity(pair);
        }
        session.auth().verify(10_000);
        session.addCloseFutureListener(f -> ssh.stop());
        return session;
    }
}
