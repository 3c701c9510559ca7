package org.tipgate.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.keyverifier.RequiredServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.keyprovider.FileKeyPairProvider;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClientFactory;
import org.apache.sshd.sftp.common.SftpException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tipgate.directory.AgencyDirectory;
import org.tipgate.directory.LgdTables;
import org.tipgate.testing.OpenSshSftp;

/** The embedded SFTP server, driven by the real OpenSSH {@code sftp} client (and MINA's, for bytes it cannot send). */
class EmbeddedSftpServerTests {

    record Upload(String agency, AccountFolder folder, Path file) {
    }

    @TempDir
    static Path dir;
    static EmbeddedSftpServer server;
    static final BlockingQueue<Upload> UPLOADS = new LinkedBlockingQueue<>();
    static OpenSshSftp client;
    static Path feed;

    @BeforeAll
    static void startServer() throws Exception {
        AgencyDirectory directory = AgencyDirectory.load(Path.of("routes/agencies.yaml"), Path.of("."),
                LgdTables.bundled(), Clock.systemUTC());
        server = EmbeddedSftpServer.start(new SftpServerSettings("127.0.0.1", 0, dir.resolve("sftp"),
                dir.resolve("host-key")), directory, Path.of("."), (agency, folder, file) ->
                UPLOADS.add(new Upload(agency, folder, file)));
        client = new OpenSshSftp(server.port(), server.knownHostsLine(), dir);
        feed = Files.write(dir.resolve("feed.p7m"), "pretend this is a signed feed\n".getBytes(StandardCharsets.UTF_8));
    }

    @AfterAll
    static void stopServer() throws IOException {
        server.close();
    }

    @BeforeEach
    void forgetEarlierUploads() {
        UPLOADS.clear();
    }

    @Test
    void senderUploadsAFeedToItsInboxAndTheGatewayIsToldOnceItIsComplete() throws Exception {
        OpenSshSftp.Result result = sftp("ncrb", "ncrb", "put " + feed + " inbox/feed-1.p7m");

        assertThat(result.exit()).as(result.output()).isZero();
        Upload upload = UPLOADS.poll(5, TimeUnit.SECONDS);
        assertThat(upload).isEqualTo(new Upload("ncrb", AccountFolder.INBOX,
                server.home("ncrb").resolve("inbox/feed-1.p7m")));
        assertThat(upload.file()).hasSameBinaryContentAs(feed);
    }

    @Test
    void aFileUploadedUnderATemporaryNameIsTakenOnlyOnceRenamed() throws Exception {
        OpenSshSftp.Result result = sftp("ncrb", "ncrb", "put " + feed + " inbox/feed-2.p7m.part",
                "rename inbox/feed-2.p7m.part inbox/feed-2.p7m");

        assertThat(result.exit()).as(result.output()).isZero();
        assertThat(UPLOADS.poll(5, TimeUnit.SECONDS)).isEqualTo(new Upload("ncrb", AccountFolder.INBOX,
                server.home("ncrb").resolve("inbox/feed-2.p7m")));
        assertThat(UPLOADS.poll(200, TimeUnit.MILLISECONDS)).isNull();
    }

    @Test
    void refusesPathTraversalOutOfTheFolderAndOutOfTheAccount() throws Exception {
        assertThat(sftp("ncrb", "ncrb", "put " + feed + " inbox/../acks/x.p7m").exit()).isNotZero();
        assertThat(sftp("ncrb", "ncrb", "put " + feed + " ../mp-scc/receipts/x.p7m").exit()).isNotZero();
        assertThat(sftp("ncrb", "ncrb", "put " + feed + " /inbox/sub/x.p7m").exit()).isNotZero();

        assertThat(UPLOADS.poll(200, TimeUnit.MILLISECONDS)).isNull();
        assertThat(server.home("ncrb").resolve("acks/x.p7m")).doesNotExist();
        assertThat(server.home("mp-scc").resolve("receipts/x.p7m")).doesNotExist();
    }

    @Test
    void refusesNamesWithControlCharactersNulSeparatorsOrSpaces() throws Exception {
        try (ClientSession session = session("ncrb"); SftpClient sftp = SftpClientFactory.instance().createSftpClient(session)) {
            for (String name : List.of("inbox/a\u0001b.p7m", "inbox/a\u0000b.p7m", "inbox/a\\b.p7m", "inbox/a b.p7m",
                    "inbox/.hidden", "inbox/..", "inbox/a\nb.p7m")) {
                assertThatThrownBy(() -> {
                    try (OutputStream out = sftp.write(name)) {
                        out.write(1);
                    }
                }).as(name.replace("\u0000", "\\0")).isInstanceOf(IOException.class);
            }
        }
        try (var files = Files.list(server.home("ncrb").resolve("inbox"))) {
            assertThat(files.map(f -> f.getFileName().toString())).allMatch(SafeNames::isSafe);
        }
        assertThat(UPLOADS.poll(200, TimeUnit.MILLISECONDS)).isNull();
    }

    @Test
    void anAgencySeesOnlyItsOwnFourFolders() throws Exception {
        OpenSshSftp.Result result = sftp("mp-indore", "mp-indore", "ls -1 /");
        OpenSshSftp.Result above = sftp("mp-indore", "mp-indore", "ls -1 ..");

        assertThat(result.exit()).as(result.output()).isZero();
        assertThat(result.output()).contains("/inbox", "/acks", "/outbox", "/receipts").doesNotContain("ncrb", "mp-scc");
        assertThat(above.exit()).isNotZero();
        assertThat(above.output()).doesNotContain("ncrb", "mp-scc");
    }

    @Test
    void aDistrictUploadsReceiptsButNoFeeds() throws Exception {
        assertThat(sftp("mp-indore", "mp-indore", "put " + feed + " inbox/feed.p7m").exit()).isNotZero();
        OpenSshSftp.Result receipt = sftp("mp-indore", "mp-indore", "put " + feed + " receipts/r-1.p7m");

        assertThat(receipt.exit()).as(receipt.output()).isZero();
        assertThat(UPLOADS.poll(5, TimeUnit.SECONDS)).isEqualTo(new Upload("mp-indore", AccountFolder.RECEIPTS,
                server.home("mp-indore").resolve("receipts/r-1.p7m")));
        assertThat(server.home("mp-indore").resolve("inbox/feed.p7m")).doesNotExist();
    }

    @Test
    void nobodyWritesToAcksOrOutboxAndNothingIsRemovedThatWasNotRecordedAsDownloadedWhole() throws Exception {
        Files.writeString(server.home("mp-indore").resolve("outbox/pkg-1.p7m"), "package");
        Files.writeString(server.home("ncrb").resolve("acks/ack-1.p7m"), "ack");

        assertThat(sftp("ncrb", "ncrb", "put " + feed + " acks/forged.p7m").exit()).isNotZero();
        assertThat(sftp("mp-indore", "mp-indore", "put " + feed + " outbox/forged.p7m").exit()).isNotZero();
        assertThat(sftp("ncrb", "ncrb", "rm acks/ack-1.p7m").exit()).isNotZero();
        assertThat(sftp("mp-indore", "mp-indore", "get outbox/pkg-1.p7m " + dir.resolve("got.p7m")).exit()).isZero();
        // This server records no download (OutboxPickups.NONE): OutboxDownloadTests removes after one.
        assertThat(sftp("mp-indore", "mp-indore", "rm outbox/pkg-1.p7m").exit()).isNotZero();

        assertThat(dir.resolve("got.p7m")).hasContent("package");
        assertThat(server.home("mp-indore").resolve("outbox/pkg-1.p7m")).exists();
        assertThat(server.home("ncrb").resolve("acks/ack-1.p7m")).exists();
        assertThat(sftp("ncrb", "ncrb", "mkdir inbox/sub").exit()).isNotZero();
    }

    @Test
    void refusesAKeyThatIsNotTheAgencysOwn() throws Exception {
        OpenSshSftp.Result result = sftp("ncrb", "mp-scc", "ls");

        assertThat(result.exit()).isNotZero();
        assertThat(result.output()).contains("Permission denied");
    }

    @Test
    void offersNoPasswordLogin() throws Exception {
        OpenSshSftp.Result result = OpenSshSftp.exec(List.of("sftp", "-b", "-", "-P", String.valueOf(server.port()),
                "-o", "StrictHostKeyChecking=yes", "-o", "UserKnownHostsFile=" + client.knownHosts(), "-o", "BatchMode=yes",
                "-o", "PubkeyAuthentication=no", "-o", "PreferredAuthentications=password,keyboard-interactive",
                "ncrb@127.0.0.1"), "ls\n");

        assertThat(result.exit()).isNotZero();
        assertThat(result.output()).contains("Permission denied (publickey)");
    }

    @Test
    void keepsItsHostKeyAcrossRestartsSoThatAgenciesCanPinIt() throws Exception {
        String fingerprint = server.hostKeyFingerprint();
        try (EmbeddedSftpServer again = EmbeddedSftpServer.start(new SftpServerSettings("127.0.0.1", 0,
                dir.resolve("sftp"), dir.resolve("host-key")), AgencyDirectory.load(Path.of("routes/agencies.yaml"),
                Path.of("."), LgdTables.bundled(), Clock.systemUTC()), Path.of("."), (a, f, p) -> { })) {
            assertThat(again.hostKeyFingerprint()).isEqualTo(fingerprint).startsWith("SHA256:");
        }
    }

    static OpenSshSftp.Result sftp(String user, String keyOf, String... commands) throws Exception {
        return client.run(user, keyOf, commands);
    }

    static ClientSession session(String agency) throws Exception {
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
