package org.tipgate.evidence;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.tipgate.crypto.CmsDecryptor;
import org.tipgate.crypto.CmsEncryptor;
import org.tipgate.crypto.Digests;
import org.tipgate.crypto.EnvelopeContent;
import org.tipgate.format.RejectedException;

/**
 * Where every feed is kept, exactly as it arrived, as evidence: encrypted at rest for the
 * gateway's own certificate (CMS AuthEnvelopedData, so that whoever holds the gateway's key can
 * open it with {@code openssl cms -decrypt} alone), under an id the spool chooses, never a name
 * a sender chose. Taking a file in is atomic: the encrypted copy is complete and on disk before
 * it gets its name, and only then is the upload removed. A feed may also be kept as it arrives
 * ({@link #receive}), under a temporary name until the intake gives it its own.
 */
public final class EvidenceSpool {

    /** A feed in the spool: the SHA-256 and size of the bytes as received. */
    public record Spooled(String id, String sha256, long bytes) {
    }

    private static final Pattern ID = Pattern.compile("[0-9a-f]{32}");

    private final Path dir;
    private final CmsEncryptor encryptor;
    private final CmsDecryptor decryptor;

    public EvidenceSpool(Path dir, X509Certificate gatewayCert, PrivateKey gatewayKey) throws IOException {
        this.dir = Files.createDirectories(dir);
        this.encryptor = new CmsEncryptor(gatewayCert);
        this.decryptor = new CmsDecryptor(gatewayCert, gatewayKey);
    }

    /**
     * Encrypts {@code upload} into the spool. The upload is left where it is: the caller removes it
     * once the spooled copy is recorded, so that a crash in between leaves the upload to be taken
     * again rather than a spooled file nobody knows of.
     */
    public Spooled take(Path upload) throws IOException {
        try (InputStream in = Files.newInputStream(upload)) {
            return take(in, Files.size(upload));
        }
    }

    /** Encrypts exactly {@code length} bytes of {@code in} into the spool. */
    public Spooled take(InputStream in, long length) throws IOException {
        try (Receiving receiving = receive(length)) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                receiving.write(buffer, 0, n);
            }
            receiving.finish();
            return receiving.keep();
        }
    }

    /**
     * Begins keeping a feed of exactly {@code length} bytes as it arrives, under a temporary name:
     * {@linkplain Receiving#write written} in order, {@linkplain Receiving#finish finished} (sealed
     * and forced to disk), then {@linkplain Receiving#keep given its name}. Closing it before that
     * removes it.
     */
    public Receiving receive(long length) throws IOException {
        return new Receiving(length);
    }

    /**
     * A feed being kept as it arrives. Written by one thread at a time; {@link #close} may come
     * from another (it then removes what was written).
     */
    public final class Receiving implements AutoCloseable {

        private final String id = UUID.randomUUID().toString().replace("-", "");
        private final Path partial = dir.resolve(id + ".p7m.partial");
        private final long length;
        private final MessageDigest sha256 = Digests.sha256();
        private final FileChannel channel;
        private final OutputStream file;
        private final OutputStream sealed;
        private long written;
        private String digest;
        private boolean kept;
        private boolean closed;

        private Receiving(long length) throws IOException {
            this.length = length;
            this.channel = FileChannel.open(partial, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            try {
                this.file = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
                this.sealed = encryptor.open(length, new NonClosing(file));
            } catch (IOException | RuntimeException e) {
                channel.close();
                Files.deleteIfExists(partial);
                throw e;
            }
        }

        /** The feed's next bytes; more than its length in all is refused. */
        public synchronized void write(byte[] bytes, int offset, int count) throws IOException {
            requireOpen();
            if (digest != null) {
                throw new IOException("the evidence of " + length + " bytes is finished");
            }
            if (count > length - written) {
                throw new IOException("expected " + length + " bytes to spool, got more");
            }
            sha256.update(bytes, offset, count);
            sealed.write(bytes, offset, count);
            written += count;
        }

        /** Every byte is in: seals the envelope and forces it to disk, still under its temporary name. */
        public synchronized void finish() throws IOException {
            requireOpen();
            if (written != length) {
                throw new IOException("expected " + length + " bytes to spool, got " + written);
            }
            if (digest == null) {
                sealed.close();
                file.flush();
                channel.force(true);
                channel.close();
                digest = Digests.hex(sha256.digest());
            }
        }

        /** The number of bytes the feed has. */
        public long length() {
            return length;
        }

        /** Gives the finished feed its name in the spool: it is kept from here on. */
        public synchronized Spooled keep() throws IOException {
            requireOpen();
            if (digest == null) {
                throw new IOException("the evidence is not finished: " + written + " of " + length + " bytes");
            }
            Files.move(partial, file(id), StandardCopyOption.ATOMIC_MOVE);
            kept = true;
            return new Spooled(id, digest, length);
        }

        /** Removes what was written, unless it was kept. */
        @Override
        public synchronized void close() throws IOException {
            if (closed) {
                return;
            }
            closed = true;
            if (!kept) {
                try {
                    channel.close();
                } finally {
                    Files.deleteIfExists(partial);
                }
            }
        }

        private void requireOpen() throws IOException {
            if (closed || kept) {
                throw new IOException("the evidence " + id + " was " + (kept ? "kept" : "let go") + " already");
            }
        }
    }

    /**
     * Removes what was being kept when the gateway last stopped: files that never got their name
     * (their uploads are still waiting, and are taken again). Returns how many were removed.
     */
    public int removeUnfinished() throws IOException {
        int removed = 0;
        try (var files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".p7m.partial")).toList()) {
                Files.deleteIfExists(file);
                removed++;
            }
        }
        return removed;
    }

    /** The ids of every feed in the spool. */
    public List<String> ids() throws IOException {
        try (var files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".p7m"))
                    .map(n -> n.substring(0, n.length() - ".p7m".length())).filter(n -> ID.matcher(n).matches())
                    .sorted().toList();
        }
    }

    /** Removes a spooled feed that was never recorded (the upload it came from is still waiting). */
    public void discard(String id) throws IOException {
        Files.deleteIfExists(file(id));
    }

    /**
     * Writes the feed as it was received to {@code out}; the bytes are authenticated only when this
     * returns (the GCM tag comes last).
     *
     * @throws RejectedException if the spooled file was altered or is not the gateway's
     */
    public void copy(String id, OutputStream out) throws IOException, RejectedException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file(id)), 1 << 16)) {
            decryptor.decrypt(in, out);
        }
    }

    /** The encrypted file of a spooled feed. */
    public Path file(String id) {
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("not a spool id: " + id);
        }
        return dir.resolve(id + ".p7m");
    }

    /** What reads a spooled feed as it is decrypted. */
    @FunctionalInterface
    public interface Reader<T> {
        T read(InputStream feed) throws IOException, RejectedException;
    }

    /**
     * Streams the feed as received to {@code reader} while it is decrypted, with no copy on disk.
     * The reader sees the bytes before the GCM tag at the end is checked, but never the last one
     * before it holds; its result is returned only once the evidence has authenticated, read to its
     * end. When it does not, the decryption's refusal is thrown (and explains a reader that failed
     * on the same bytes).
     */
    public <T> T read(String id, Reader<T> reader) throws IOException, RejectedException {
        try (InputStream file = new BufferedInputStream(Files.newInputStream(file(id)), 1 << 16)) {
            EnvelopeContent plaintext = decryptor.open(file);
            try {
                T result = reader.read(plaintext);
                plaintext.transferTo(OutputStream.nullOutputStream());
                return result;
            } catch (IOException | RejectedException | RuntimeException e) {
                // Whether the evidence itself was altered is the better reason: read on to its tag.
                try {
                    plaintext.transferTo(OutputStream.nullOutputStream());
                } catch (IOException drained) {
                    e.addSuppressed(drained);
                }
                Optional<RejectedException> refusal = plaintext.refusal();
                if (refusal.isPresent()) {
                    throw refusal.get();
                }
                throw e;
            }
        }
    }

    /** Lets the envelope finish its encoding without closing the file before it is forced to disk. */
    private static final class NonClosing extends FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            out.write(bytes, offset, length);
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }
}
