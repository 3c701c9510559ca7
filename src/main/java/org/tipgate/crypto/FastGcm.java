package org.tipgate.crypto;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.GeneralSecurityException;
import java.util.Objects;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.io.InvalidCipherTextIOException;

/**
 * AES-GCM (96-bit nonce, 128-bit tag) as streams, on the JDK's SunJCE ciphers, whose AES-GCM
 * encryption and AES-CTR run on the CPU's AES and carry-less multiply instructions (several GB/s
 * where Bouncy Castle's lightweight GCM does about 100 MB/s). The bytes are plain GCM: ciphertext
 * followed by the 16-byte tag, as any GCM implementation writes and reads them.
 *
 * <p>Encryption is SunJCE's {@code AES/GCM/NoPadding}, which streams. SunJCE's GCM decryption does
 * not: it holds the whole ciphertext until the tag is checked. So decryption holds back only the
 * last 17 bytes (the tag, and the content's last byte), recovers the plaintext with
 * {@code AES/CTR/NoPadding} from GCM's first data counter block (nonce || 2), and feeds that
 * plaintext into a second, fresh GCM
 * <em>encryption</em> under the same key and nonce: it reproduces the same ciphertext (discarded)
 * and so the tag the ciphertext must carry. Nothing that cipher produces is ever released, so this
 * is no nonce reuse. A mismatch (or input shorter than a tag) throws
 * {@link InvalidCipherTextIOException}, the exception Bouncy Castle's own cipher streams throw.
 *
 * <p>What a reader can rely on. GCM has one tag for the whole stream, so a streaming reader is
 * handed plaintext before the tag can be checked; Tink's rule (nothing used before it is
 * authenticated, a failure sticky) is kept at the end instead: the content's last byte is released
 * only once the tag has been checked, so a reader that reads everything (to the end of the stream,
 * or exactly a length it was told) has its last read fail on altered input; a reader that closes
 * the stream before the end has the rest read and checked by {@code close}, which throws if it does
 * not authenticate; and once the check has failed, every read fails. So a reader that read what it
 * needed and closed the stream without an exception used only authenticated bytes, whatever length
 * it read.
 *
 * <p>JDK CTR increments the whole 128-bit counter block, GCM only its low 32 bits; starting at 2 they
 * agree for the first 2^32 - 2 blocks, which is also GCM's own limit: {@link #MAX_PLAINTEXT}.
 */
final class FastGcm {

    static final int KEY_LENGTH = 32;
    static final int NONCE_LENGTH = 12;
    static final int TAG_LENGTH = 16;
    /** GCM's limit for one nonce, 2^32 - 2 blocks; beyond it JDK CTR would no longer match GCM. */
    static final long MAX_PLAINTEXT = ((1L << 32) - 2) * 16;

    /**
     * The most handed to one cipher call. SunJCE's GCM and CTR reach the CPU's AES and carry-less
     * multiply instructions only once the JIT has compiled their callers, which it does by call
     * count: 16 KiB calls get there within the first tens of MB, 64 KiB or larger calls only after
     * hundreds (on 17.0.15, 2 cores), and run no faster once there.
     */
    static final int CHUNK = 16 * 1024;

    private FastGcm() {
    }

    /**
     * Encrypts into {@code out}; closing the stream writes the tag and closes {@code out}. The key
     * and nonce pair must never have been used before.
     */
    static OutputStream encrypting(OutputStream out, byte[] key, byte[] nonce, byte[] aad) {
        Cipher gcm = gcmEncryption(key, nonce);
        if (aad.length > 0) {
            gcm.updateAAD(aad);
        }
        return new Encrypting(out, gcm);
    }

    /** Decrypts {@code ciphertext} (ciphertext || tag) of any length; see {@link GcmDecryption}. */
    static InputStream decrypting(InputStream ciphertext, byte[] key, byte[] nonce) {
        return new GcmDecryption(key, nonce, -1).input(ciphertext);
    }

    /**
     * Decrypts {@code ciphertext} that must hold exactly {@code plaintextLength} bytes and the tag:
     * more or fewer fail as an altered input.
     */
    static InputStream decrypting(InputStream ciphertext, byte[] key, byte[] nonce, long plaintextLength) {
        return new GcmDecryption(key, nonce, plaintextLength).input(ciphertext);
    }

    /**
     * Passes writes on in slices of at most {@link #CHUNK} bytes: for a JCE cipher stream that hands
     * each write to the cipher in one call (Bouncy Castle's CMS generators do).
     */
    static OutputStream inSlices(OutputStream out) {
        return new FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                Objects.checkFromIndexSize(off, len, b.length);
                for (int n; len > 0; off += n, len -= n) {
                    n = Math.min(len, CHUNK);
                    out.write(b, off, n);
                }
            }
        };
    }

    static Cipher gcmEncryption(byte[] key, byte[] nonce) {
        checkKeyAndNonce(key, nonce);
        try {
            Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding", "SunJCE");
            gcm.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_LENGTH * 8, nonce));
            return gcm;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SunJCE AES-GCM unavailable", e);
        }
    }

    static void checkKeyAndNonce(byte[] key, byte[] nonce) {
        if (key.length != KEY_LENGTH || nonce.length != NONCE_LENGTH) {
            throw new IllegalArgumentException("AES-256-GCM needs a " + KEY_LENGTH + "-byte key and a "
                    + NONCE_LENGTH + "-byte nonce, not " + key.length + " and " + nonce.length);
        }
    }

    static IOException tooLong() {
        return new IOException("content exceeds GCM's limit of " + MAX_PLAINTEXT + " bytes for one nonce");
    }

    /** GCM encryption as an OutputStream; unlike javax.crypto.CipherOutputStream, close reports failures. */
    private static final class Encrypting extends OutputStream {
        private final OutputStream out;
        private final Cipher gcm;
        private final byte[] buffer = new byte[CHUNK + 2 * TAG_LENGTH];
        private long length;
        private boolean closed;

        Encrypting(OutputStream out, Cipher gcm) {
            this.out = out;
            this.gcm = gcm;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            Objects.checkFromIndexSize(off, len, b.length);
            if (closed) {
                throw new IOException("stream closed");
            }
            if (len > MAX_PLAINTEXT - length) {
                throw tooLong();
            }
            length += len;
            while (len > 0) {
                int n = Math.min(len, CHUNK);
                int produced = update(gcm, b, off, n, buffer);
                out.write(buffer, 0, produced);
                off += n;
                len -= n;
            }
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        @Override
        public void close() throws IOException {
            if (closed) {
                return;
            }
            closed = true;
            try (out) {
                int produced;
                try {
                    produced = gcm.doFinal(buffer, 0);
                } catch (GeneralSecurityException e) {
                    throw new IllegalStateException("AES-GCM encryption failed", e);
                }
                out.write(buffer, 0, produced);
            }
        }
    }

    static int update(Cipher cipher, byte[] in, int off, int len, byte[] out) {
        try {
            return cipher.update(in, off, len, out, 0);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the output buffer is sized for the chunk", e);
        }
    }
}
