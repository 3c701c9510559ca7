package org.tipgate.testing;

import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.CopyOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.apache.sshd.common.config.keys.AuthorizedKeyEntry;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.forward.RejectAllForwardingFilter;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.apache.sshd.server.session.ServerSession;
import org.apache.sshd.sftp.server.FileHandle;
import org.apache.sshd.sftp.server.Handle;
import org.apache.sshd.sftp.server.SftpEventListener;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;

/**
 * A state's or district's own SFTP server, as TipGate meets it when it pushes packages: Apache MINA
 * SSHD on 127.0.0.1, one user who logs in with a public key only, files under {@link #root()}, and
 * a host key of its own that clients must pin. It can be stopped and started again on the same
 * port with the same host key, as a real server comes back after an outage.
 */
public final class RemoteSftpServer implements Closeable {

    private final String user;
    private final List<PublicKey> authorized;
    private final Path root;
    private final SimpleGeneratorHostKeyProvider hostKeys;
    private final PublicKey hostKey;
    private final List<String> events = new CopyOnWriteArrayList<>();
    private volatile Consumer<String> onWrite = path -> { };
    private int port;
    private SshServer server;

    private RemoteSftpServer(String user, List<PublicKey> authorized, Path root, SimpleGeneratorHostKeyProvider hostKeys,
                             PublicKey hostKey) {
        this.user = user;
        this.authorized = authorized;
        this.root = root;
        this.hostKeys = hostKeys;
        this.hostKey = hostKey;
    }

    /**
     * Starts a server on a free port for {@code user}, who may log in with the keys in
     * {@code authorizedKeys} (an authorized_keys file, such as {@code keys-example/tipgate.ssh.pub});
     * files live under {@code work/root}, the host key in {@code work/host-key}.
     */
    public static RemoteSftpServer start(String user, Path authorizedKeys, Path work) throws IOException {
        List<PublicKey> keys = new ArrayList<>();
        try {
            for (AuthorizedKeyEntry entry : AuthorizedKeyEntry.readAuthorizedKeys(authorizedKeys)) {
                keys.add(entry.resolvePublicKey(null, null));
            }
        } catch (GeneralSecurityException e) {
            throw new IOException(authorizedKeys + ": unreadable public key", e);
        }
        Path root = Files.createDirectories(work.resolve("root"));
        SimpleGeneratorHostKeyProvider hostKeys = new SimpleGeneratorHostKeyProvider(work.resolve("host-key"));
        hostKeys.setAlgorithm(KeyUtils.EC_ALGORITHM);
        hostKeys.setKeySize(256);
        List<KeyPair> pairs = hostKeys.loadKeys(null);
        RemoteSftpServer remote = new RemoteSftpServer(user, List.copyOf(keys), root, hostKeys, pairs.get(0).getPublic());
        remote.port = 0;
        remote.start();
        return remote;
    }

    /** Starts the server again, on the port it had (or a free one the first time). */
    public synchronized void start() throws IOException {
        if (server != null) {
            return;
        }
        SshServer ssh = SshServer.setUpDefaultServer();
        ssh.setHost("127.0.0.1");
        ssh.setPort(port);
        ssh.setKeyPairProvider(hostKeys);
        ssh.setPublickeyAuthenticator((username, key, session) -> {
            boolean allowed = user.equals(username) && authorized.stream().anyMatch(k -> KeyUtils.compareKeys(k, key));
            events.add((allowed ? "login " : "login refused ") + username);
            return allowed;
        });
        ssh.setPasswordAuthenticator(null);
        ssh.setKeyboardInteractiveAuthenticator(null);
        ssh.setGSSAuthenticator(null);
        ssh.setHostBasedAuthenticator(null);
        ssh.setForwardingFilter(RejectAllForwardingFilter.INSTANCE);
        ssh.setFileSystemFactory(new VirtualFileSystemFactory(root));
        SftpSubsystemFactory sftp = new SftpSubsystemFactory();
        sftp.addSftpEventListener(new Recorder());
        ssh.setSubsystemFactories(List.of(sftp));
        ssh.start();
        port = ssh.getPort();
        server = ssh;
    }

    /** Stops the server and drops every session; the port stays this server's for {@link #start()}. */
    public synchronized void stop() throws IOException {
        if (server != null) {
            server.stop(true);
            server = null;
        }
    }

    public int port() {
        return port;
    }

    public String user() {
        return user;
    }

    /** Where the user's files are: the server's "/" as the client sees it. */
    public Path root() {
        return root;
    }

    public PublicKey hostKey() {
        return hostKey;
    }

    /**
     * What clients did, in order: {@code login <user>} (or {@code login refused <user>}),
     * {@code write <path>} when a file is opened for writing, {@code rename <from> -> <to>};
     * paths as the client sees them.
     */
    public List<String> events() {
        return List.copyOf(events);
    }

    /**
     * Runs {@code hook} with the path each time a client opens a file for writing, on the server's
     * thread for that session and before the client has its answer: a test can hold an upload there.
     */
    public void onWrite(Consumer<String> hook) {
        this.onWrite = hook;
    }

    /** The known_hosts line that pins this server's host key: {@code [127.0.0.1]:port key}. */
    public String knownHostsLine() {
        return "[127.0.0.1]:" + port + " " + PublicKeyEntry.toString(hostKey);
    }

    /** Writes {@link #knownHostsLine()} as the only line of {@code file}. */
    public Path writeKnownHosts(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        return Files.writeString(file, knownHostsLine() + "\n", StandardCharsets.US_ASCII);
    }

    @Override
    public void close() throws IOException {
        stop();
    }

    private final class Recorder implements SftpEventListener {
        @Override
        public void open(ServerSession session, String remoteHandle, Handle handle) {
            if (handle instanceof FileHandle file && file.getOpenOptions().contains(StandardOpenOption.WRITE)) {
                events.add("write " + handle.getFile());
                onWrite.accept(handle.getFile().toString());
            }
        }

        @Override
        public void moved(ServerSession session, Path from, Path to, Collection<CopyOption> options, Throwable thrown) {
            if (thrown == null) {
                events.add("rename " + from + " -> " + to);
            }
        }
    }
}
