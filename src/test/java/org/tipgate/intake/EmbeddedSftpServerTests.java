package org.tipgate.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileStore;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tipgate.directory.AccountFolder;
import org.tipgate.directory.AgencyDirectory;
import org.tipgate.directory.LgdTables;
import org.tipgate.format.FileNames;
import org.tipgate.testing.OpenSshSftp;

/**
 * The embedded SFTP server, driven by the real OpenSSH {@code sftp} client (and MINA's, for bytes it
 * cannot send, and for two uploads held open at once). Its root is a relative path, as the
 * gateway's default ({@code data/sftp}) is.
 */
class EmbeddedSftpServerTests {

    @TempDir
    static Path dir;
    static EmbeddedSftpServer server;
    static final BlockingQueue<Arrival.Upload> UPLOADS = new LinkedBlockingQueue<>();
    static OpenSshSftp client;
    static Path feed;

    @BeforeAll
    static void startServer() throws Exception {
        AgencyDirectory directory = AgencyDirectory.load(Path.of("config/agencies.yaml"), Path.of("."),
                LgdTables.bundled(), Clock.systemUTC());
        Path relativeRoot = Path.of("").toAbsolutePath().relativize(dir.resolve("sftp"));
        server = EmbeddedSftpServer.start(new SftpServerSettings("127.0.0.1", 0, relativeRoot,
                dir.resolve("host-key")), directory, Path.of("."), UPLOADS::add);
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
        Arrival.Upload upload = UPLOADS.poll(5, TimeUnit.SECONDS);
        assertThat(upload).extracting(Arrival.Upload::agency, Arrival.Upload::folder,
                Arrival.Upload::sourceName).containsExactly("ncrb", AccountFolder.INBOX, "feed-1.p7m");
        assertThat(upload.file()).hasSameBinaryContentAs(feed);
        assertThat(upload.file().toAbsolutePath().startsWith(server.home("ncrb"))).isFalse();
        assertThat(server.home("ncrb").resolve("inbox/feed-1.p7m")).doesNotExist();
    }

    @Test
    void aFileUploadedUnderATemporaryNameIsTakenOnlyOnceRenamed() throws Exception {
        OpenSshSftp.Result result = sftp("ncrb", "ncrb", "put " + feed + " inbox/feed-2.p7m.part",
                "rename inbox/feed-2.p7m.part inbox/feed-2.p7m");

        assertThat(result.exit()).as(result.output()).isZero();
        assertThat(UPLOADS.poll(5, TimeUnit.SECONDS)).extracting(Arrival.Upload::folder,
                Arrival.Upload::sourceName).containsExactly(AccountFolder.INBOX, "feed-2.p7m");
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
            assertThat(files.map(f -> f.getFileName().toString())).allMatch(FileNames::isPlain);
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
        Arrival.Upload upload = UPLOADS.poll(5, TimeUnit.SECONDS);
        assertThat(upload).extracting(Arrival.Upload::agency, Arrival.Upload::folder,
                Arrival.Upload::sourceName).containsExactly("mp-indore", AccountFolder.RECEIPTS, "r-1.p7m");
        assertThat(upload.file()).hasSameBinaryContentAs(feed);
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
                dir.resolve("sftp"), dir.resolve("host-key")), AgencyDirectory.load(Path.of("config/agencies.yaml"),
                Path.of("."), LgdTables.bundled(), Clock.systemUTC()), Path.of("."), u -> { })) {
            assertThat(again.hostKeyFingerprint()).isEqualTo(fingerprint).startsWith("SHA256:");
        }
    }

    @Test
    void aSenderListsItsAcksInEveryWayAClientMay() throws Exception {
        Path acks = server.home("ncrb").resolve("acks");
        Files.writeString(acks.resolve("list-1.RECEIVED.p7m"), "first ack");
        Files.writeString(acks.resolve("list-1.DELIVERED.p7m"), "second ack");

        for (String ls : List.of("ls acks", "ls -1 acks", "ls -l acks", "ls -la acks", "ls -1 acks/*.p7m",
                "ls -l acks/list-1.*", "cd acks\nls -l", "cd acks\nls -1 *.RECEIVED.p7m")) {
            OpenSshSftp.Result result = sftp("ncrb", "ncrb", ls.split("\\n"));
            assertThat(result.exit()).as(ls + ":\n" + result.output()).isZero();
            assertThat(result.output()).as(ls).contains("list-1.RECEIVED.p7m").doesNotContain("Couldn't");
        }
        OpenSshSftp.Result one = sftp("ncrb", "ncrb", "ls -l acks/list-1.DELIVERED.p7m");
        assertThat(one.exit()).as(one.output()).isZero();
        assertThat(one.output()).containsPattern(" 10 .* acks/list-1.DELIVERED.p7m");
    }

    @Test
    void aSenderCollectsItsAcksWithAGlobAndWithARecursiveGet(@TempDir Path local) throws Exception {
        Path acks = server.home("ncrb").resolve("acks");
        Files.writeString(acks.resolve("glob-1.RECEIVED.p7m"), "ack one");
        Files.writeString(acks.resolve("glob-2.RECEIVED.p7m"), "ack two");
        Path byGlob = Files.createDirectories(local.resolve("glob"));

        OpenSshSftp.Result glob = sftp("ncrb", "ncrb", "get acks/glob-* " + byGlob);
        OpenSshSftp.Result recursive = sftp("ncrb", "ncrb", "get -r acks " + local.resolve("all"));

        assertThat(glob.exit()).as(glob.output()).isZero();
        assertThat(byGlob.resolve("glob-1.RECEIVED.p7m")).hasContent("ack one");
        assertThat(byGlob.resolve("glob-2.RECEIVED.p7m")).hasContent("ack two");
        assertThat(recursive.exit()).as(recursive.output()).isZero();
        assertThat(local.resolve("all/glob-1.RECEIVED.p7m")).hasContent("ack one");
        assertThat(local.resolve("all/glob-2.RECEIVED.p7m")).hasContent("ack two");
    }

    @Test
    void theRootAndEveryFolderListWithFilesInThem() throws Exception {
        for (AccountFolder folder : AccountFolder.values()) {
            Files.writeString(server.home("mp-scc").resolve(folder.directoryName()).resolve("in-" + folder + ".p7m"),
                    "x");
        }

        OpenSshSftp.Result root = sftp("mp-scc", "mp-scc", "pwd", "ls", "ls -la", "ls -l /", "ls -1 *");
        assertThat(root.exit()).as(root.output()).isZero();
        assertThat(root.output()).contains("Remote working directory: /", "inbox", "acks", "outbox", "receipts")
                .doesNotContain("Couldn't");
        for (AccountFolder folder : AccountFolder.values()) {
            String name = "in-" + folder + ".p7m";
            OpenSshSftp.Result in = sftp("mp-scc", "mp-scc", "cd " + folder.directoryName(), "pwd", "ls", "ls -la",
                    "ls -l " + name, "cd ..", "ls " + folder.directoryName());
            assertThat(in.exit()).as(in.output()).isZero();
            assertThat(in.output()).contains("Remote working directory: /" + folder.directoryName(), name)
                    .doesNotContain("Couldn't");
        }
    }

    @Test
    void dfTellsTheSpaceOfTheDiskTheAccountIsOn() throws Exception {
        OpenSshSftp.Result df = sftp("ncrb", "ncrb", "df", "df -h inbox", "df acks");

        assertThat(df.exit()).as(df.output()).isZero();
        FileStore disk = Files.getFileStore(server.home("ncrb"));
        long block = disk.getBlockSize();
        long sizeKiB = disk.getTotalSpace() / block * block / 1024;
        assertThat(df.output()).contains("Size", "Avail").containsPattern("(?m)^\\s+" + sizeKiB + "\\s+\\d+");
    }

    @Test
    void aListingShowsOnlyWhatTheAgencyMayNameAndNothingThatLeadsOutOfTheAccount() throws Exception {
        Path home = server.home("mp-bhopal");
        Path acks = home.resolve("acks");
        Files.writeString(acks.resolve("shown.RECEIVED.p7m"), "ack");
        Files.writeString(acks.resolve("half.RECEIVED.p7m.3f2a.part"), "an ack being written");
        Files.writeString(acks.resolve(".hidden"), "hidden");
        Files.createDirectories(acks.resolve("sub"));
        Path secret = Files.writeString(dir.resolve("outside-secret.txt"), "not the agency's");
        Files.createSymbolicLink(acks.resolve("link.p7m"), secret.toAbsolutePath());
        Files.writeString(home.resolve("stray.txt"), "x");
        Files.createDirectories(home.resolve("stray-folder"));
        Files.createSymbolicLink(home.resolve("up"), dir.toAbsolutePath());

        OpenSshSftp.Result listed = sftp("mp-bhopal", "mp-bhopal", "ls -la", "ls -la acks", "ls -1 acks/*");
        assertThat(listed.exit()).as(listed.output()).isZero();
        assertThat(listed.output()).contains("shown.RECEIVED.p7m")
                .doesNotContain("half.RECEIVED", ".hidden", "sub", "link.p7m", "stray", " up", "outside-secret");

        assertThat(sftp("mp-bhopal", "mp-bhopal", "get acks/half.RECEIVED.p7m.3f2a.part " + dir.resolve("half"))
                .output()).contains("not found");
        assertThat(sftp("mp-bhopal", "mp-bhopal", "ls -l acks/link.p7m").exit()).isNotZero();
        assertThat(sftp("mp-bhopal", "mp-bhopal", "get acks/link.p7m " + dir.resolve("leak")).exit()).isNotZero();
        assertThat(dir.resolve("leak")).doesNotExist();
        assertThat(sftp("mp-bhopal", "mp-bhopal", "ls up").exit()).isNotZero();
    }

    @Test
    void aSenderSeesItsOwnUploadUnderItsTemporaryNameUntilItRenamesIt() throws Exception {
        OpenSshSftp.Result listed = sftp("ncrb", "ncrb", "put " + feed + " inbox/shown-while-partial.p7m.part",
                "ls -l inbox");

        assertThat(listed.exit()).as(listed.output()).isZero();
        assertThat(listed.output()).contains("shown-while-partial.p7m.part");
        assertThat(UPLOADS.poll(200, TimeUnit.MILLISECONDS)).isNull();
    }

    @Test
    void theSameNameUploadedTwiceInOneSessionIsTwoUploadsEachWithItsOwnBytes() throws Exception {
        Path first = Files.writeString(dir.resolve("first.p7m"), "the first upload");
        Path second = Files.writeString(dir.resolve("second.p7m"), "the second upload, longer");

        OpenSshSftp.Result result = sftp("ncrb", "ncrb", "put " + first + " inbox/same.p7m",
                "put " + second + " inbox/same.p7m");

        assertThat(result.exit()).as(result.output()).isZero();
        Arrival.Upload one = UPLOADS.poll(5, TimeUnit.SECONDS);
        Arrival.Upload two = UPLOADS.poll(5, TimeUnit.SECONDS);
        assertThat(List.of(one, two)).extracting(Arrival.Upload::sourceName).containsOnly("same.p7m");
        assertThat(one.file()).hasContent("the first upload");
        assertThat(two.file()).hasContent("the second upload, longer");
        assertThat(UPLOADS.poll(200, TimeUnit.MILLISECONDS)).isNull();
    }

    @Test
    void aFileRenamedOverTheNameOfAFinishedUploadIsAnUploadOfItsOwn() throws Exception {
        Path first = Files.writeString(dir.resolve("kept.p7m"), "uploaded under its name");
        Path second = Files.writeString(dir.resolve("renamed.p7m"), "uploaded under a temporary name");

        // posix-rename@openssh.com replaces the target, if there is one.
        OpenSshSftp.Result result = sftp("ncrb", "ncrb", "put " + first + " inbox/over.p7m",
                "put " + second + " inbox/over.p7m.part", "rename inbox/over.p7m.part inbox/over.p7m");

        assertThat(result.exit()).as(result.output()).isZero();
        assertThat(UPLOADS.poll(5, TimeUnit.SECONDS).file()).hasContent("uploaded under its name");
        assertThat(UPLOADS.poll(5, TimeUnit.SECONDS).file()).hasContent("uploaded under a temporary name");
        assertThat(UPLOADS.poll(200, TimeUnit.MILLISECONDS)).isNull();
    }

    @Test
    void aFinishedUploadCannotBeRenamedAwayFromTheGateway() throws Exception {
        Path a = Files.writeString(dir.resolve("a.p7m"), "upload a");
        Path b = Files.writeString(dir.resolve("b.p7m"), "upload b");

        // "-": the batch goes on when the command fails.
        OpenSshSftp.Result result = sftp("ncrb", "ncrb", "put " + b + " inbox/b.p7m", "put " + a + " inbox/a.p7m",
                "-rename inbox/a.p7m inbox/b.p7m");

        assertThat(result.exit()).as(result.output()).isZero();
        assertThat(result.output()).contains("No such file");
        assertThat(UPLOADS.poll(5, TimeUnit.SECONDS).file()).hasContent("upload b");
        assertThat(UPLOADS.poll(5, TimeUnit.SECONDS).file()).hasContent("upload a");
        assertThat(UPLOADS.poll(200, TimeUnit.MILLISECONDS)).isNull();
    }

    @Test
    void aSecondUploadOfANameBeingWrittenIsRefusedUntilTheFirstIsTaken() throws Exception {
        try (ClientSession firstSession = session("ncrb"); ClientSession secondSession = session("ncrb");
             SftpClient first = SftpClientFactory.instance().createSftpClient(firstSession);
             SftpClient second = SftpClientFactory.instance().createSftpClient(secondSession)) {
            OutputStream writing = first.write("inbox/busy.p7m");
            writing.write("the first upload, ".getBytes(StandardCharsets.UTF_8));
            writing.flush();

            assertThatThrownBy(() -> {
                try (OutputStream out = second.write("inbox/busy.p7m")) {
                    out.write("the second upload".getBytes(StandardCharsets.UTF_8));
                }
            }).isInstanceOf(IOException.class);
            try (OutputStream out = second.write("inbox/busy.p7m.part")) {
                out.write("a third".getBytes(StandardCharsets.UTF_8));
            }
            assertThatThrownBy(() -> second.rename("inbox/busy.p7m.part", "inbox/busy.p7m",
                    SftpClient.CopyMode.Overwrite)).isInstanceOf(IOException.class);

            writing.write("written whole".getBytes(StandardCharsets.UTF_8));
            writing.close();
            assertThat(UPLOADS.poll(5, TimeUnit.SECONDS).file()).hasContent("the first upload, written whole");

            second.rename("inbox/busy.p7m.part", "inbox/busy.p7m", SftpClient.CopyMode.Overwrite);
            assertThat(UPLOADS.poll(5, TimeUnit.SECONDS).file()).hasContent("a third");
        }
        assertThat(UPLOADS.poll(200, TimeUnit.MILLISECONDS)).isNull();
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
