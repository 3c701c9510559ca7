package org.tipgate.crypto;

import java.io.Closeable;
import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import org.bouncycastle.crypto.io.InvalidCipherTextIOException;

/**
 * Scratch space on disk for plaintext that must be read twice or whose length must be known first
 * (a definite-length envelope states its length before its first byte; a decrypted package is
 * verified after the GCM tag has been checked). The file is AES-256-GCM encrypted under a key that
 * lives only in this object, so no plaintext reaches the disk, a file altered meanwhile fails its
 * tag on the way back, and a crash leaves nothing readable behind. Deleted on close.
 *
 * <p>The file is plain AES-256-GCM (ciphertext, then the 16-byte tag), written and read through
 * {@link FastGcm} on the JDK's AES instructions: GB/s where Bouncy Castle's lightweight GCM, used
 * before, managed under 100 MB/s. Reading streams and checks the length written as well as the
 * tag, as {@link FastGcm} does for every reader: the last byte comes only once the tag holds, and a
 * stream closed before its end checks the rest on close. So whatever length a reader reads (the
 * whole file, or the lengths of the lines it was told of), an altered or cut file fails its last
 * read or its close, naming the file; a reader that ends without an exception used only
 * authenticated bytes.
 */
public final class SealedSpool implements Closeable {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path file;
    private final byte[] key = new byte[32];
    private final byte[] nonce = new byte[12];
    private long length;
    private boolean written;

    private SealedSpool(Path file) {
        this.file = file;
        RANDOM.nextBytes(key);
        RANDOM.nextBytes(nonce);
    }

    /** An empty spool in the system's temporary directory; write it once with {@link #output()}. */
    public static SealedSpool create() throws IOException {
        return new SealedSpool(Files.createTempFile("tipgate-", ".sealed"));
    }

    /** Reads {@code in} to its end into a new spool; refuses more than {@code maxLength} bytes. */
    static SealedSpool of(InputStream in, long maxLength) throws IOException {
        SealedSpool spool = create();
        try (OutputStream out = spool.output()) {
            byte[] buffer = new byte[64 * 1024];
            for (int n = in.read(buffer); n != -1; n = in.read(buffer)) {
                if (spool.length + n > maxLength) {
                    throw new IOException("plaintext exceeds the envelope limit of " + maxLength + " bytes");
                }
                out.write(buffer, 0, n);
            }
        } catch (IOException | RuntimeException e) {
            spool.close();
            throw e;
        }
        return spool;
    }

    /** Where the plaintext goes; closing it seals the file. Once only: the key and nonce are single-use. */
    public OutputStream output() throws IOException {
        if (written) {
            throw new IllegalStateException("a sealed spool is written once");
        }
        written = true;
        return new FilterOutputStream(FastGcm.encrypting(Files.newOutputStream(file), key, nonce, new byte[0])) {
            @Override
            public void write(int b) throws IOException {
                out.write(b);
                length++;
            }

            @Override
            public void write(byte[] bytes, int offset, int count) throws IOException {
                out.write(bytes, offset, count);
                length += count;
            }
        };
    }

    /** The bytes written, in plaintext bytes. */
    public long length() {
        return length;
    }

    /**
     * The plaintext again. The tag (and the length written) are checked before the last byte is
     * read, or on close when the stream is closed before that; a mismatch throws
     * {@link InvalidCipherTextIOException}, naming this file.
     */
    public InputStream input() throws IOException {
        return new Named(FastGcm.decrypting(Files.newInputStream(file), key, nonce, length), file);
    }

    /** Where the sealed bytes are: what an operator would find altered, and what tests alter. */
    public Path file() {
        return file;
    }

    /** Says which scratch file failed to authenticate: the cipher's own message names no file. */
    private static final class Named extends FilterInputStream {
        private final Path file;

        Named(InputStream in, Path file) {
            super(in);
            this.file = file;
        }

        @Override
        public int read() throws IOException {
            try {
                return in.read();
            } catch (InvalidCipherTextIOException e) {
                throw named(e);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return in.read(b, off, len);
            } catch (InvalidCipherTextIOException e) {
                throw named(e);
            }
        }

        @Override
        public long skip(long n) throws IOException {
            try {
                return in.skip(n);
            } catch (InvalidCipherTextIOException e) {
                throw named(e);
            }
        }

        @Override
        public void close() throws IOException {
            try {
                in.close();
            } catch (InvalidCipherTextIOException e) {
                throw named(e);
            }
        }

        private InvalidCipherTextIOException named(InvalidCipherTextIOException e) {
            return new InvalidCipherTextIOException("the sealed scratch file " + file + " was altered or cut: "
                    + e.getMessage(), e);
        }
    }

    @Override
    public void close() throws IOException {
        Arrays.fill(key, (byte) 0);
        Files.deleteIfExists(file);
    }
}
