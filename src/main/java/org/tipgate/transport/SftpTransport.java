package org.tipgate.transport;

import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.JSchHostKeyException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Optional;
import org.apache.camel.CamelContext;
import org.apache.camel.ConsumerTemplate;
import org.apache.camel.Exchange;
import org.apache.camel.InvalidPayloadException;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.ResolveEndpointFailedException;
import org.tipgate.crypto.Digests;
import org.tipgate.directory.Agency;
import org.tipgate.directory.Endpoint;
import org.tipgate.format.Causes;

/**
 * Pushes a package to the recipient's own SFTP server with Camel's {@code sftp} component
 * ({@code SFTP} endpoints: {@code host}, {@code port} (22 if absent), {@code user},
 * {@code remoteDir}, and {@code knownHosts}, the pinned host key, relative to {@code base}).
 * The server is authenticated by that pinned key alone, the gateway by its OpenSSH key; see
 * {@link SftpUri} for every option and why.
 *
 * <p>The package is uploaded as {@code .<fileName>.part} and renamed to {@code fileName} once
 * complete, so it appears at the recipient whole or not at all. A {@code .part} file left by an
 * attempt that broke off is replaced by the next attempt; this relies on one attempt per package
 * at a time, which the outbox's claim on the package guarantees.
 *
 * <p>A name already taken at the recipient is never overwritten. Since package ids are unique,
 * the likeliest reason is a crash between the remote rename and the gateway recording the
 * delivery, so the file there is read back and hashed: the same SHA-256 as the package means it
 * was delivered, and the attempt succeeds without uploading; other bytes are a conflict that
 * fails for good and is left for a person to judge. (If the recipient collects the file between
 * the upload's check and the read-back, the attempt fails retryably and the next one uploads it
 * again: the recipient then sees the same package id a second time, which it can notice.)
 *
 * <p>{@link #put} puts bytes the same way (a polled sender's acks go back to its server so).
 *
 * <p>Failures: a host key that does not match the pin, is missing from it, or is revoked is a
 * security event, not retried (and nothing was sent: the check comes before login); so is an
 * endpoint without a readable pin file. Connection refused or reset, timeouts, a refused login,
 * a missing or unwritable remote folder: retried, since the network comes back and an operator
 * can fix an account.
 *
 * <p>One instance serves every recipient at once, and even one recipient from several threads
 * (the flow never does that). Camel's producer and consumer templates are thread-safe; camel-ftp's
 * endpoints are not singleton producers (their file operations are not thread-safe), so Camel's
 * pools give each call in progress a producer or polling consumer of its own, with its own JSch
 * session ({@code disconnect=true}: one per attempt). camel-ftp 4.17 writes JSch's JVM-wide
 * configuration only for the {@code ciphers} and {@code keyExchangeProtocols} options, which
 * {@link SftpUri} never sets.
 */
public final class SftpTransport implements PackageTransport {

    static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(60);
    private static final int DEFAULT_PORT = 22;

    private final Path base;
    private final Path privateKey;
    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final ProducerTemplate producer;
    private final ConsumerTemplate consumer;

    /** With a 10 s connect timeout and a 60 s read timeout. */
    public SftpTransport(CamelContext camel, Path base, Path privateKey) {
        this(camel, base, privateKey, DEFAULT_CONNECT_TIMEOUT, DEFAULT_READ_TIMEOUT);
    }

    /**
     * @param base what the endpoints' {@code knownHosts} paths are relative to
     * @param privateKey the gateway's OpenSSH private key (unencrypted), e.g. {@code tipgate.ssh}
     * @param connectTimeout for the TCP connection and the SSH handshake
     * @param readTimeout how long the server may stay silent once connected
     * @throws IllegalArgumentException when the private key is not a readable file
     */
    public SftpTransport(CamelContext camel, Path base, Path privateKey, Duration connectTimeout, Duration readTimeout) {
        if (!Files.isRegularFile(privateKey) || !Files.isReadable(privateKey)) {
            throw new IllegalArgumentException("the gateway's SSH private key " + privateKey + " is not a readable file");
        }
        this.base = base;
        this.privateKey = privateKey.toAbsolutePath().normalize();
        this.connectTimeout = connectTimeout;
        this.readTimeout = readTimeout;
        this.producer = camel.createProducerTemplate();
        this.consumer = camel.createConsumerTemplate();
    }

    @Override
    public Endpoint.Type type() {
        return Endpoint.Type.SFTP;
    }

    @Override
    public Delivered deliver(Agency recipient, Endpoint endpoint, String fileName, Path packageFile)
            throws DeliveryException {
        return push(recipient, endpoint, fileName, packageFile.toFile(), () -> sha256(packageFile));
    }

    /**
     * Puts {@code content} in the endpoint's {@code remoteDir} under {@code fileName}, as
     * {@link #deliver} puts a package: the same pinning, temporary name, never overwriting, and the
     * same answer when the name is already taken (the same bytes: done; others: a conflict). The
     * acks of a polled sender go back to its server this way.
     */
    public Delivered put(Agency agency, Endpoint endpoint, String fileName, byte[] content) throws DeliveryException {
        return push(agency, endpoint, fileName, content, () -> Digests.sha256Hex(content));
    }

    /** What is being sent, hashed only when a file already under its name must be compared with it. */
    private interface Sha256 {
        String hex() throws DeliveryException;
    }

    private Delivered push(Agency recipient, Endpoint endpoint, String fileName, Object body, Sha256 ours)
            throws DeliveryException {
        PackageTransport.requirePlain(fileName);
        int port = endpoint.port() == null ? DEFAULT_PORT : endpoint.port();
        SftpUri uri = uri(recipient, endpoint, port);
        String where = "sftp://" + endpoint.user() + "@" + endpoint.host() + ":" + port + "/" + endpoint.remoteDir()
                + "/" + fileName;

        Exchange sent;
        try {
            sent = producer.send(uri.producer(), exchange -> {
                exchange.getIn().setBody(body);
                exchange.getIn().setHeader(Exchange.FILE_NAME, fileName);
            });
        } catch (ResolveEndpointFailedException e) {
            throw new DeliveryException("SFTP endpoint of " + recipient.id() + " is not a valid Camel endpoint: "
                    + Causes.reason(e), false, e);
        }
        Exception failure = sent.getException();
        if (failure == null) {
            return new Delivered(where, new byte[0]);
        }
        if (Causes.causedBy(failure, JSchHostKeyException.class)) {
            throw new DeliveryException("security: the SFTP server at " + endpoint.host() + ":" + port
                    + " did not present the host key pinned in " + endpoint.knownHosts() + " ("
                    + Causes.reason(failure) + "); nothing was sent; not retried", false, failure);
        }
        if (Causes.causedBy(failure, JSchException.class)) {
            throw new DeliveryException("cannot connect or log in to " + where + ": "
                    + Causes.reason(failure), true, failure);
        }
        // Connected and logged in, but the upload did not end in a rename: perhaps the name was taken.
        Optional<String> remoteSha256 = remoteSha256(uri, where, fileName, failure);
        if (remoteSha256.isEmpty()) {
            throw new DeliveryException("upload to " + where + " failed: " + Causes.reason(failure),
                    true, failure);
        }
        String sha256 = ours.hex();
        if (!remoteSha256.get().equals(sha256)) {
            throw new DeliveryException("conflict: " + where + " already exists with other content (SHA-256 "
                    + remoteSha256.get() + ", ours " + sha256 + "); it was left as it is", false);
        }
        return new Delivered(where, new byte[0]);
    }

    private SftpUri uri(Agency recipient, Endpoint endpoint, int port) throws DeliveryException {
        if (isBlank(endpoint.host()) || isBlank(endpoint.user()) || isBlank(endpoint.remoteDir())
                || isBlank(endpoint.knownHosts())) {
            throw new DeliveryException("SFTP endpoint of " + recipient.id()
                    + " needs host, user, remoteDir and knownHosts", false);
        }
        Path knownHosts = base.resolve(endpoint.knownHosts()).toAbsolutePath().normalize();
        if (!Files.isRegularFile(knownHosts) || !Files.isReadable(knownHosts)) {
            throw new DeliveryException("security: the pinned host key file " + knownHosts + " of " + recipient.id()
                    + " is not a readable file; never connecting without one; not retried", false);
        }
        try {
            return SftpUri.of(endpoint.host(), port, endpoint.user(), endpoint.remoteDir(), knownHosts, privateKey,
                    connectTimeout, readTimeout);
        } catch (IllegalArgumentException e) {
            throw new DeliveryException("SFTP endpoint of " + recipient.id() + ": " + e.getMessage(), false, e);
        }
    }

    /** The SHA-256 of the file of that name on the server, or empty when there is none. */
    private Optional<String> remoteSha256(SftpUri uri, String where, String fileName, Exception uploadFailure)
            throws DeliveryException {
        Exchange found;
        try {
            found = consumer.receiveNoWait(uri.consumer(fileName));
        } catch (RuntimeException e) {
            DeliveryException failed = new DeliveryException("upload to " + where + " failed ("
                    + Causes.reason(uploadFailure) + ") and the remote name could not be checked: "
                    + Causes.reason(e), true, uploadFailure);
            failed.addSuppressed(e);
            throw failed;
        }
        if (found == null) {
            return Optional.empty();
        }
        try (InputStream in = found.getIn().getMandatoryBody(InputStream.class)) {
            return Optional.of(sha256(in));
        } catch (IOException | InvalidPayloadException e) {
            throw new DeliveryException("cannot read back " + where + " to compare it: " + Causes.reason(e),
                    true, e);
        } finally {
            consumer.doneUoW(found);
        }
    }

    private static String sha256(Path file) throws DeliveryException {
        try {
            return Digests.sha256Hex(file);
        } catch (IOException e) {
            throw new DeliveryException("cannot read the package " + file + ": " + e, true, e);
        }
    }

    private static String sha256(InputStream in) throws IOException {
        MessageDigest digest = Digests.sha256();
        byte[] buffer = new byte[64 * 1024];
        for (int n = in.read(buffer); n != -1; n = in.read(buffer)) {
            digest.update(buffer, 0, n);
        }
        return Digests.hex(digest.digest());
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
