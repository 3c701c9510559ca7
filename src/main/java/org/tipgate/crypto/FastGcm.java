package org.tipgate.crypto;

import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.io.InvalidCipherTextIOException;
import org.bouncycastle.crypto.modes.gcm.BasicGCMExponentiator;
import org.bouncycastle.crypto.modes.gcm.GCMUtil;

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

    /** Decrypts {@code ciphertext} (ciphertext || tag) of any length; see {@link Decryption}. */
    static InputStream decrypting(InputStream ciphertext, byte[] key, byte[] nonce) {
        return new Decryption(key, nonce, -1).input(ciphertext);
    }

    /**
     * Decrypts {@code ciphertext} that must hold exactly {@code plaintextLength} bytes and the tag:
     * more or fewer fail as an altered input.
     */
    static InputStream decrypting(InputStream ciphertext, byte[] key, byte[] nonce, long plaintextLength) {
        return new Decryption(key, nonce, plaintextLength).input(ciphertext);
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

    private static Cipher gcmEncryption(byte[] key, byte[] nonce) {
        checkKeyAndNonce(key, nonce);
        try {
            Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding", "SunJCE");
            gcm.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_LENGTH * 8, nonce));
            return gcm;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SunJCE AES-GCM unavailable", e);
        }
    }

    private static void checkKeyAndNonce(byte[] key, byte[] nonce) {
        if (key.length != KEY_LENGTH || nonce.length != NONCE_LENGTH) {
            throw new IllegalArgumentException("AES-256-GCM needs a " + KEY_LENGTH + "-byte key and a "
                    + NONCE_LENGTH + "-byte nonce, not " + key.length + " and " + nonce.length);
        }
    }

    private static IOException tooLong() {
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

    private static int update(Cipher cipher, byte[] in, int off, int len, byte[] out) {
        try {
            return cipher.update(in, off, len, out, 0);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the output buffer is sized for the chunk", e);
        }
    }

    /**
     * One GCM decryption. Additional authenticated data may be written to {@link #aadStream()} at any
     * time before the ciphertext ends (CMS AuthEnvelopedData's authenticated attributes follow the
     * content): it is folded into the tag with GHASH's algebra rather than fed to a cipher first.
     */
    static final class Decryption {
        private final byte[] key;
        private final byte[] nonce;
        private final long plaintextLength;
        private final ByteArrayOutputStream aad = new ByteArrayOutputStream();

        Decryption(byte[] key, byte[] nonce, long plaintextLength) {
            checkKeyAndNonce(key, nonce);
            this.key = key.clone();
            this.nonce = nonce.clone();
            this.plaintextLength = plaintextLength;
        }

        OutputStream aadStream() {
            return aad;
        }

        InputStream input(InputStream ciphertext) {
            return new Decrypting(ciphertext, this);
        }

        private Cipher ctr() {
            byte[] counter = Arrays.copyOf(nonce, 16);
            counter[15] = 2;
            try {
                Cipher ctr = Cipher.getInstance("AES/CTR/NoPadding", "SunJCE");
                ctr.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(counter));
                return ctr;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("SunJCE AES-CTR unavailable", e);
            }
        }

        /** The tag computed without additional data, adjusted for the additional data written. */
        private byte[] withAad(byte[] tag, long ciphertextLength) {
            byte[] a = aad.toByteArray();
            if (a.length == 0) {
                return tag;
            }
            byte[] h = hashKey();
            // GHASH(A || C || len) = GHASH(A) * H^(c+1) + GHASH(C || len') + (len - len') * H, where c
            // is the number of ciphertext blocks and len' the length block without A.
            byte[] ghashA = new byte[16];
            for (int i = 0; i < a.length; i += 16) {
                GCMUtil.xor(ghashA, 0, a, i, Math.min(16, a.length - i));
                GCMUtil.multiply(ghashA, h);
            }
            BasicGCMExponentiator exponentiator = new BasicGCMExponentiator();
            exponentiator.init(h);
            byte[] hPower = new byte[16];
            exponentiator.exponentiateX((ciphertextLength + 15) / 16 + 1, hPower);
            GCMUtil.multiply(ghashA, hPower);
            byte[] lengthDelta = new byte[16];
            long bits = (long) a.length * 8;
            for (int i = 0; i < 8; i++) {
                lengthDelta[i] = (byte) (bits >>> (56 - 8 * i));
            }
            GCMUtil.multiply(lengthDelta, h);
            byte[] adjusted = tag.clone();
            GCMUtil.xor(adjusted, ghashA);
            GCMUtil.xor(adjusted, lengthDelta);
            return adjusted;
        }

        private byte[] hashKey() {
            try {
                Cipher ecb = Cipher.getInstance("AES/ECB/NoPadding", "SunJCE");
                ecb.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"));
                return ecb.doFinal(new byte[16]);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("SunJCE AES unavailable", e);
            }
        }
    }

    private static final class Decrypting extends InputStream {
        /**
         * Ciphertext held back until the source ends: the tag, and the content's last byte, which is
         * released only once the tag has been checked.
         */
        private static final int HELD_BACK = TAG_LENGTH + 1;

        private final InputStream source;
        private final Decryption decryption;
        private final Cipher ctr;
        private final Cipher check;
        /** Ciphertext read but not yet decrypted: at most the last HELD_BACK bytes after a fill. */
        private final byte[] held = new byte[CHUNK + HELD_BACK];
        private int heldCount;
        private final byte[] plain = new byte[CHUNK];
        private int plainStart;
        private int plainEnd;
        private final byte[] scratch = new byte[CHUNK + 2 * TAG_LENGTH];
        private long decrypted;
        /** The tag has been checked and held: everything decrypted may be released. */
        private boolean ended;
        private boolean closed;
        private IOException failure;

        Decrypting(InputStream source, Decryption decryption) {
            this.source = source;
            this.decryption = decryption;
            this.ctr = decryption.ctr();
            this.check = gcmEncryption(decryption.key, decryption.nonce);
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            Objects.checkFromIndexSize(off, len, b.length);
            if (closed) {
                throw new IOException("stream closed");
            }
            if (len == 0) {
                return 0;
            }
            while (plainStart == plainEnd) {
                if (failure != null) {
                    throw failure;
                }
                if (ended) {
                    return -1;
                }
                fill();
            }
            int n = Math.min(len, plainEnd - plainStart);
            System.arraycopy(plain, plainStart, b, off, n);
            plainStart += n;
            return n;
        }

        @Override
        public int available() {
            return plainEnd - plainStart;
        }

        /**
         * Closing before the end reads the rest and checks the tag: the bytes the reader used are
         * authenticated only then, so an altered input fails here rather than passing unnoticed. A
         * failure already thrown to the reader is not thrown again.
         */
        @Override
        public void close() throws IOException {
            if (closed) {
                return;
            }
            closed = true;
            try (source) {
                while (!ended && failure == null) {
                    plainStart = plainEnd;
                    try {
                        fill();
                    } catch (InvalidCipherTextIOException e) {
                        throw new InvalidCipherTextIOException("closed before the end, and the rest does not"
                                + " authenticate what was read: " + e.getMessage(), e);
                    }
                }
            }
        }

        /**
         * Reads once from the source and decrypts all but the bytes held back, or, at the end of the
         * source, decrypts those and checks the tag before releasing them.
         */
        private void fill() throws IOException {
            int n = source.read(held, heldCount, held.length - heldCount);
            if (n == -1) {
                finish();
                return;
            }
            heldCount += n;
            int ready = heldCount - HELD_BACK;
            if (ready <= 0) {
                return;
            }
            if (decryption.plaintextLength >= 0 && decrypted + ready >= decryption.plaintextLength) {
                // The stated length reached with more than a tag still to come: the stream is longer
                // than stated. Refused now, so that the content's last byte is never released early.
                throw fail(altered("more than the " + decryption.plaintextLength + " bytes stated"));
            }
            decrypt(ready);
            plainStart = 0;
            plainEnd = ready;
            System.arraycopy(held, ready, held, 0, HELD_BACK);
            heldCount = HELD_BACK;
        }

        /** Decrypts the first {@code count} held bytes into {@link #plain}, and feeds them to the check. */
        private void decrypt(int count) throws IOException {
            if (count > MAX_PLAINTEXT - decrypted) {
                throw fail(tooLong());
            }
            if (decryption.plaintextLength >= 0 && decrypted + count > decryption.plaintextLength) {
                throw fail(altered("more than the " + decryption.plaintextLength + " bytes stated"));
            }
            int produced = update(ctr, held, 0, count, plain);
            if (produced != count) {
                throw new IllegalStateException("AES-CTR returned " + produced + " of " + count + " bytes");
            }
            update(check, plain, 0, count, scratch);
            decrypted += count;
        }

        /** The source has ended: the last bytes are decrypted, and released only if the tag holds. */
        private void finish() throws IOException {
            if (heldCount < TAG_LENGTH) {
                throw fail(altered("input ends before the " + TAG_LENGTH + "-byte tag"));
            }
            int last = heldCount - TAG_LENGTH;
            if (last > 0) {
                decrypt(last);
            }
            if (decryption.plaintextLength >= 0 && decrypted != decryption.plaintextLength) {
                throw fail(altered(decrypted + " bytes where " + decryption.plaintextLength + " were stated"));
            }
            int produced;
            try {
                produced = check.doFinal(scratch, 0);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("AES-GCM encryption failed", e);
            }
            byte[] expected = decryption.withAad(Arrays.copyOfRange(scratch, produced - TAG_LENGTH, produced), decrypted);
            if (!MessageDigest.isEqual(expected, Arrays.copyOfRange(held, last, last + TAG_LENGTH))) {
                throw fail(altered("GCM tag mismatch"));
            }
            ended = true;
            plainStart = 0;
            plainEnd = last;
        }

        private IOException fail(IOException e) {
            failure = e;
            return e;
        }

        private static InvalidCipherTextIOException altered(String why) {
            return new InvalidCipherTextIOException("authentication failed: " + why, new AEADBadTagException(why));
        }
    }
}
