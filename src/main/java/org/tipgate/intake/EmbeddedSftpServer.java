package org.tipgate.intake;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Duration;
import java.util.List;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.core.CoreModuleProperties;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.forward.RejectAllForwardingFilter;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.apache.sshd.server.session.ServerConnectionServiceFactory;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;
import org.tipgate.directory.AccountFolder;
import org.tipgate.directory.AgencyDirectory;

/**
 * TipGate's own SFTP server (Apache MINA SSHD): one account per agency, public-key login only,
 * each confined to its home with the folders {@code inbox/}, {@code acks/}, {@code outbox/} and
 * {@code receipts/}. SFTP is the only service: no shell, no commands, no forwarding. Every
 * authentication it refuses is told to {@link SftpRefusals} (the AUTHENTICATION_FAILED events);
 * packages downloaded whole from an {@code outbox/}, and removed after, to {@link OutboxPickups}.
 */
public final class EmbeddedSftpServer implements Closeable {

    private final SshServer server;
    private final SftpServerSettings settings;
    private final PublicKey hostKey;
    /** What finished before this start and was not taken in, until {@link #waitingUploads} hands it out. */
    private List<Arrival.Upload> waiting;

    private EmbeddedSftpServer(SshServer server, SftpServerSettings settings, PublicKey hostKey,
                               List<Arrival.Upload> waiting) {
        this.server = server;
        this.settings = settings;
        this.hostKey = hostKey;
        this.waiting = List.copyOf(waiting);
    }

    /**
     * Requests one session may make before it is disconnected (OpenSSH's MaxAuthTries is 6; the
     * {@code none} request every client starts with counts too). Each refused one leaves an event.
     */
    static final int MAX_AUTH_REQUESTS = 10;
    /** How long a client has to authenticate before it is disconnected. */
    static final Duration AUTH_TIMEOUT = Duration.ofSeconds(30);

    /** Starts the server for the agencies of {@code directory} that have SSH keys; refusals leave nothing. */
    public static EmbeddedSftpServer start(SftpServerSettings settings, AgencyDirectory directory, Path base,
                                           UploadHandler handler) throws IOException {
        return start(settings, directory, base, handler, SftpRefusals.NONE);
    }

    /**
     * Starts the server for the agencies of {@code directory} that have SSH keys; each refused
     * authentication is told to {@code refusals}.
     */
    public static EmbeddedSftpServer start(SftpServerSettings settings, AgencyDirectory directory, Path base,
                                           UploadHandler handler, SftpRefusals refusals) throws IOException {
        return start(settings, directory, base, handler, refusals, null);
    }

    /**
     * Starts the server for the agencies of {@code directory} that have SSH keys; each refused
     * authentication is told to {@code refusals}, and feeds uploaded to an {@code inbox/} are
     * verified as they arrive by {@code verifying} (null for none).
     */
    public static EmbeddedSftpServer start(SftpServerSettings settings, AgencyDirectory directory, Path base,
                                           UploadHandler handler, SftpRefusals refusals,
                                           VerifyingUploads verifying) throws IOException {
        return start(settings, directory, base, handler, refusals, verifying, OutboxPickups.NONE);
    }

    /**
     * Starts the server as above; packages that recipients download whole from their {@code outbox/},
     * and remove after that, are told to {@code pickups}, which alone allows a removal.
     */
    public static EmbeddedSftpServer start(SftpServerSettings settings, AgencyDirectory directory, Path base,
                                           UploadHandler handler, SftpRefusals refusals,
                                           VerifyingUploads verifying, OutboxPickups pickups) throws IOException {
        EmbeddedSftpServer server = prepare(settings, directory, base, handler, refusals, verifying, pickups);
        server.listen();
        return server;
    }

    /**
     * Makes the server as {@link #start} does (the accounts' folders, the host key, the uploads
     * found waiting) without opening its port: the gateway opens it with {@link #listen} only once
     * its pipeline can take what a client sends, and after its start-up recovery has dealt with what
     * the last run left in the accounts and the spool.
     */
    public static EmbeddedSftpServer prepare(SftpServerSettings settings, AgencyDirectory directory, Path base,
                                             UploadHandler handler, SftpRefusals refusals,
                                             VerifyingUploads verifying, OutboxPickups pickups) throws IOException {
        SftpAccounts accounts = SftpAccounts.of(directory, base, refusals);
        VirtualFileSystemFactory homes = new VirtualFileSystemFactory();
        Path root = root(settings);
        TakenUploads taken = new TakenUploads(root);
        for (SftpAccounts.Account account : accounts.all()) {
            Path home = root.resolve(account.agencyId());
            for (AccountFolder folder : AccountFolder.values()) {
                Files.createDirectories(home.resolve(folder.directoryName()));
            }
            homes.setUserHomeDir(account.agencyId(), home);
            taken.takeLeftInInbox(account.agencyId(), home);
        }
        // Before any client can connect: everything here finished before this start.
        List<Arrival.Upload> waiting = taken.waiting();
        SimpleGeneratorHostKeyProvider hostKeys = new SimpleGeneratorHostKeyProvider(settings.hostKey());
        hostKeys.setAlgorithm(KeyUtils.EC_ALGORITHM);
        hostKeys.setKeySize(256);
        PublicKey hostKey = hostKey(hostKeys);

        SftpSubsystemFactory sftp = new AccountSubsystem.Factory(new AccountFileSystem(accounts, pickups));
        sftp.addSftpEventListener(new UploadListener(root::resolve, taken, handler, verifying));
        sftp.addSftpEventListener(new DownloadListener(pickups));

        SshServer server = SshServer.setUpDefaultServer();
        server.setHost(settings.host());
        server.setPort(settings.port());
        server.setKeyPairProvider(hostKeys);
        server.setPublickeyAuthenticator(accounts);
        server.setPasswordAuthenticator(null);
        server.setKeyboardInteractiveAuthenticator(null);
        server.setGSSAuthenticator(null);
        server.setHostBasedAuthenticator(null);
        server.setServiceFactories(List.of(RefusalRecordingAuthService.factory(refusals),
                ServerConnectionServiceFactory.INSTANCE));
        CoreModuleProperties.MAX_AUTH_REQUESTS.set(server, MAX_AUTH_REQUESTS);
        CoreModuleProperties.AUTH_TIMEOUT.set(server, AUTH_TIMEOUT);
        server.setForwardingFilter(RejectAllForwardingFilter.INSTANCE);
        server.setFileSystemFactory(homes);
        server.setSubsystemFactories(List.of(sftp));
        return new EmbeddedSftpServer(server, settings, hostKey, waiting);
    }

    /**
     * Opens the port: from here on clients can log in and upload. A port in use fails with a
     * {@link java.net.BindException}.
     */
    public void listen() throws IOException {
        server.start();
    }

    /** Whether the port is open. */
    public boolean listening() {
        return server.isStarted();
    }

    /** The port: the one bound once listening (a configured 0 is then the one the system chose). */
    public int port() {
        return server.getPort();
    }

    /** The host the server listens on. */
    public String host() {
        return settings.host();
    }

    /** The server's host key, which clients pin. */
    public PublicKey hostKey() {
        return hostKey;
    }

    /** The line an agency puts in its known_hosts to pin this server's host key. */
    public String knownHostsLine() {
        return "[" + settings.host() + "]:" + port() + " " + PublicKeyEntry.toString(hostKey);
    }

    /** The host key's SHA-256 fingerprint, as {@code ssh} prints it. */
    public String hostKeyFingerprint() {
        return KeyUtils.getFingerPrint(hostKey);
    }

    /** An agency's home folder. */
    public Path home(String agencyId) {
        return root(settings).resolve(agencyId);
    }

    /**
     * The uploads that finished before this start and were not taken in, oldest first: those taken
     * out of their accounts ({@link TakenUploads}), and the files the server found left under their
     * final names in the inboxes as it started (uploads whose end it did not see), which it took
     * before any client could connect. Handed out once: later uploads are handed to the
     * {@link UploadHandler} as they finish.
     */
    public synchronized List<Arrival.Upload> waitingUploads() {
        List<Arrival.Upload> found = waiting;
        waiting = List.of();
        return found;
    }

    /**
     * The folder of the homes, absolute: a home's file system gives the entries of a folder as the
     * paths of that folder's own kind, and only absolute ones are recognised as inside the home
     * (a relative root made every listing of a folder with files in it fail: "No such file").
     */
    private static Path root(SftpServerSettings settings) {
        return settings.root().toAbsolutePath().normalize();
    }

    @Override
    public void close() throws IOException {
        server.stop(true);
    }

    /** Loads the host key, making and saving it on first start. */
    private static PublicKey hostKey(SimpleGeneratorHostKeyProvider provider) throws IOException {
        List<KeyPair> keys = provider.loadKeys(null);
        if (keys.isEmpty()) {
            throw new IOException("cannot load or make the SFTP host key " + provider.getPath());
        }
        return keys.get(0).getPublic();
    }
}
