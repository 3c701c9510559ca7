package org.tipgate.crypto;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.io.InvalidCipherTextIOException;
import org.bouncycastle.crypto.modes.gcm.BasicGCMExponentiator;
import org.bouncycastle.crypto.modes.gcm.GCMUtil;

/**
 * One GCM decryption. Additional authenticated data may be written to {@link #aadStream()} at any
 * time before the ciphertext ends (CMS AuthEnvelopedData's authenticated attributes follow the
 * content): it is folded into the tag with GHASH's algebra rather than fed to a cipher first.
 */
final class GcmDecryption {

    private final byte[] key;
    private final byte[] nonce;
    private final long plaintextLength;
    private final ByteArrayOutputStream aad = new ByteArrayOutputStream();

    GcmDecryption(byte[] key, byte[] nonce, long plaintextLength) {
        FastGcm.checkKeyAndNonce(key, nonce);
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

    static final class Decrypting extends InputStream {
        /**
         * Ciphertext held back until the source ends: the tag, and the content's last byte, which is
         * released only once the tag has been checked.
         */
        private static final int HELD_BACK = FastGcm.TAG_LENGTH + 1;

        private final InputStream source;
        private final GcmDecryption decryption;
        private final Cipher ctr;
        private final Cipher check;
        /** Ciphertext read but not yet decrypted: at most the last HELD_BACK bytes after a fill. */
        private final byte[] held = new byte[FastGcm.CHUNK + HELD_BACK];
        private int heldCount;
        private final byte[] plain = new byte[FastGcm.CHUNK];
        private int plainStart;
        private int plainEnd;
        private final byte[] scratch = new byte[FastGcm.CHUNK + 2 * FastGcm.TAG_LENGTH];
        private long decrypted;
        /** The tag has been checked and held: everything decrypted may be released. */
        private boolean ended;
        private boolean closed;
        private IOException failure;

        Decrypting(InputStream source, GcmDecryption decryption) {
            this.source = source;
            this.decryption = decryption;
            this.ctr = decryption.ctr();
            this.check = FastGcm.gcmEncryption(decryption.key, decryption.nonce);
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
            if (count > FastGcm.MAX_PLAINTEXT - decrypted) {
                throw fail(FastGcm.tooLong());
            }
            if (decryption.plaintextLength >= 0 && decrypted + count > decryption.plaintextLength) {
                throw fail(altered("more than the " + decryption.plaintextLength + " bytes stated"));
            }
            int produced = FastGcm.update(ctr, held, 0, count, plain);
            if (produced != count) {
                throw new IllegalStateException("AES-CTR returned " + produced + " of " + count + " bytes");
            }
            FastGcm.update(check, plain, 0, count, scratch);
            decrypted += count;
        }

        /** The source has ended: the last bytes are decrypted, and released only if the tag holds. */
        private void finish() throws IOException {
            if (heldCount < FastGcm.TAG_LENGTH) {
                throw fail(altered("input ends before the " + FastGcm.TAG_LENGTH + "-byte tag"));
            }
            int last = heldCount - FastGcm.TAG_LENGTH;
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
            byte[] expected = decryption.withAad(Arrays.copyOfRange(scratch, produced - FastGcm.TAG_LENGTH, produced), decrypted);
            if (!MessageDigest.isEqual(expected, Arrays.copyOfRange(held, last, last + FastGcm.TAG_LENGTH))) {
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
