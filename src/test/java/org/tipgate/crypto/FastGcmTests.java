package org.tipgate.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.io.InvalidCipherTextIOException;
import org.bouncycastle.crypto.modes.AEADBlockCipher;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.junit.jupiter.api.Test;

class FastGcmTests {

    private static final HexFormat HEX = HexFormat.of();
    private static final int[] LENGTHS = {0, 1, 15, 16, 17, 65535, 65536 + 7, 3 * 1024 * 1024 + 5};

    // AES-256 test cases 13-16 of McGrew and Viega, "The Galois/Counter Mode of Operation" (the
    // GCM specification NIST refers to), 96-bit IV.
    private static final byte[] K16 = HEX.parseHex("feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308");
    private static final byte[] IV16 = HEX.parseHex("cafebabefacedbaddecaf888");
    private static final byte[] P16 = HEX.parseHex("d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
            + "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39");
    private static final byte[] A16 = HEX.parseHex("feedfacedeadbeeffeedfacedeadbeefabaddad2");
    private static final byte[] C16 = HEX.parseHex("522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa"
            + "8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662");
    private static final byte[] T16 = HEX.parseHex("76fc6ece0f4e1768cddf8853bb2d551b");

    private final SplittableRandom random = new SplittableRandom(20261122);

    @Test
    void refusesAStreamLongerThanStatedBeforeTheLastStatedByte() throws Exception {
        byte[] key = new byte[32];
        byte[] nonce = new byte[12];
        for (int length : new int[] {1, 16, 17, 40_000}) {
            byte[] plaintext = new byte[length];
            random.nextBytes(plaintext);
            byte[] sealed = encrypt(plaintext, key, nonce, new byte[0], 1 << 20);
            byte[] extended = Arrays.copyOf(sealed, sealed.length + 1);

            InputStream in = FastGcm.decrypting(new ByteArrayInputStream(extended), key, nonce, length);

            assertThatThrownBy(() -> in.readNBytes(length)).as("length %d", length)
                    .isInstanceOf(InvalidCipherTextIOException.class).hasMessageContaining("more than the");
        }
    }

    @Test
    void matchesTheKnownAnswersOfTheGcmSpecification() throws Exception {
        byte[] zeroKey = new byte[32];
        byte[] zeroIv = new byte[12];
        assertThat(encrypt(new byte[0], zeroKey, zeroIv, new byte[0], 1 << 20))
                .isEqualTo(HEX.parseHex("530f8afbc74536b9a963b4f1c4cb738b"));
        assertThat(encrypt(new byte[16], zeroKey, zeroIv, new byte[0], 1 << 20))
                .isEqualTo(HEX.parseHex("cea7403d4d606b6e074ec5d3baf39d18d0d1c8a799996bf0265b98b5d48ab919"));

        byte[] sealed = concat(C16, T16);
        assertThat(encrypt(P16, K16, IV16, A16, 7)).isEqualTo(sealed);
        assertThat(decrypt(sealed, K16, IV16, A16, 7, true)).isEqualTo(P16);
        assertThat(decrypt(sealed, K16, IV16, A16, 5, false)).isEqualTo(P16);
    }

    @Test
    void encryptsAsTheJdkAndBouncyCastleDoAndDecryptsWhatTheyWrite() throws Exception {
        for (int length : LENGTHS) {
            byte[] key = bytes(32);
            byte[] nonce = bytes(12);
            byte[] plaintext = bytes(length);
            byte[] jdk = jdkGcm(plaintext, key, nonce, new byte[0]);

            assertThat(jdk).isEqualTo(bcGcm(plaintext, key, nonce, new byte[0]));
            for (int maxChunk : new int[] {1, 17, 70_000}) {
                if (maxChunk == 1 && length > 100_000) {
                    continue;
                }
                assertThat(encrypt(plaintext, key, nonce, new byte[0], maxChunk)).as("length %d", length).isEqualTo(jdk);
                assertThat(decrypt(jdk, key, nonce, new byte[0], maxChunk, false)).as("length %d", length)
                        .isEqualTo(plaintext);
            }
            try (InputStream in = FastGcm.decrypting(new ByteArrayInputStream(jdk), key, nonce, length)) {
                assertThat(in.readAllBytes()).isEqualTo(plaintext);
            }
        }
    }

    @Test
    void authenticatesAdditionalDataWrittenBeforeOrWhileTheCiphertextIsRead() throws Exception {
        for (int length : LENGTHS) {
            for (int aadLength : new int[] {1, 16, 20, 33, 1000}) {
                byte[] key = bytes(32);
                byte[] nonce = bytes(12);
                byte[] plaintext = bytes(length);
                byte[] aad = bytes(aadLength);
                byte[] sealed = bcGcm(plaintext, key, nonce, aad);

                assertThat(encrypt(plaintext, key, nonce, aad, 4096)).isEqualTo(sealed);
                assertThat(decrypt(sealed, key, nonce, aad, 4096, true)).isEqualTo(plaintext);
                assertThat(decrypt(sealed, key, nonce, aad, 4096, false)).isEqualTo(plaintext);
                assertThatThrownBy(() -> decrypt(sealed, key, nonce, new byte[0], 4096, false))
                        .isInstanceOf(InvalidCipherTextIOException.class);
                byte[] otherAad = aad.clone();
                otherAad[aadLength - 1] ^= 1;
                assertThatThrownBy(() -> decrypt(sealed, key, nonce, otherAad, 4096, true))
                        .isInstanceOf(InvalidCipherTextIOException.class);
            }
        }
    }

    @Test
    void detectsEverySingleBitFlipInCiphertextAndTag() throws Exception {
        byte[] key = bytes(32);
        byte[] nonce = bytes(12);
        byte[] sealed = jdkGcm(bytes(40), key, nonce, new byte[0]);

        for (int bit = 0; bit < sealed.length * 8; bit++) {
            byte[] altered = sealed.clone();
            altered[bit / 8] ^= (byte) (1 << (bit % 8));
            assertThatThrownBy(() -> decrypt(altered, key, nonce, new byte[0], 3, false)).as("bit %d", bit)
                    .isInstanceOf(InvalidCipherTextIOException.class);
        }
    }

    @Test
    void detectsTruncationWhereverTheInputIsCut() throws Exception {
        byte[] key = bytes(32);
        byte[] nonce = bytes(12);
        byte[] sealed = jdkGcm(bytes(40), key, nonce, new byte[0]);

        for (int cut = 0; cut < sealed.length; cut++) {
            byte[] truncated = Arrays.copyOf(sealed, cut);
            assertThatThrownBy(() -> decrypt(truncated, key, nonce, new byte[0], 64, false)).as("cut at %d", cut)
                    .isInstanceOf(InvalidCipherTextIOException.class);
        }
    }

    @Test
    void detectsTrailingOrMissingBytesWhenTheLengthIsStated() throws Exception {
        byte[] key = bytes(32);
        byte[] nonce = bytes(12);
        byte[] plaintext = bytes(100_000);
        byte[] sealed = jdkGcm(plaintext, key, nonce, new byte[0]);

        for (long stated : new long[] {plaintext.length - 1, plaintext.length + 1, 0}) {
            assertThatThrownBy(() -> {
                try (InputStream in = FastGcm.decrypting(new ByteArrayInputStream(sealed), key, nonce, stated)) {
                    in.readAllBytes();
                }
            }).as("stated %d", stated).isInstanceOf(InvalidCipherTextIOException.class);
        }
        byte[] trailing = concat(sealed, new byte[] {0});
        assertThatThrownBy(() -> {
            try (InputStream in = FastGcm.decrypting(new ByteArrayInputStream(trailing), key, nonce, plaintext.length)) {
                in.readAllBytes();
            }
        }).isInstanceOf(InvalidCipherTextIOException.class);
    }

    /**
     * A reader that reads exactly the length it was told and closes (as packaging reads a staged
     * share line by line) never sees the end of the stream: the last byte must not come before the
     * tag is checked, whatever was altered, whether or not the length was stated to the stream.
     */
    @Test
    void aReaderOfExactlyTheContentsLengthGetsTheFailureBeforeItsLastByte() throws Exception {
        for (int length : new int[] {1, 17, 16 * 1024, 65536 + 7, 3 * 1024 * 1024 + 5}) {
            byte[] key = bytes(32);
            byte[] nonce = bytes(12);
            byte[] sealed = jdkGcm(bytes(length), key, nonce, new byte[0]);
            for (int at : new int[] {0, length / 2, length - 1, length, sealed.length - 1}) {
                byte[] altered = sealed.clone();
                altered[at] ^= 0x20;
                for (long stated : new long[] {-1, length}) {
                    AtomicInteger released = new AtomicInteger();
                    assertThatThrownBy(() -> {
                        try (InputStream in = stated < 0 ? FastGcm.decrypting(new ByteArrayInputStream(altered), key, nonce)
                                : FastGcm.decrypting(new ByteArrayInputStream(altered), key, nonce, stated)) {
                            byte[] buffer = new byte[1 + random.nextInt(70_000)];
                            while (released.get() < length) {
                                int n = in.read(buffer, 0, Math.min(buffer.length, length - released.get()));
                                released.addAndGet(n);
                            }
                        }
                    }).as("length %d, byte %d altered, stated %d", length, at, stated)
                            .isInstanceOf(InvalidCipherTextIOException.class);
                    assertThat(released.get()).as("bytes released before the tag was checked").isLessThan(length);
                }
            }
        }
    }

    /** A reader that stops early and closes the stream learns there whether what it read was genuine. */
    @Test
    void closingBeforeTheEndChecksTheRestAndFailsIfItDoesNotAuthenticate() throws Exception {
        byte[] key = bytes(32);
        byte[] nonce = bytes(12);
        byte[] plaintext = bytes(200_000);
        byte[] sealed = jdkGcm(plaintext, key, nonce, new byte[0]);
        for (int read : new int[] {0, 1, 100, 70_000, plaintext.length - 1}) {
            try (InputStream in = FastGcm.decrypting(new ByteArrayInputStream(sealed), key, nonce, plaintext.length)) {
                assertThat(in.readNBytes(read)).isEqualTo(Arrays.copyOf(plaintext, read));
            }
            for (int at : new int[] {read / 2, 150_000, sealed.length - 1}) {
                byte[] altered = sealed.clone();
                altered[at] ^= 1;
                InputStream in = FastGcm.decrypting(new ByteArrayInputStream(altered), key, nonce);
                in.readNBytes(read);

                assertThatThrownBy(in::close).as("read %d, byte %d altered", read, at)
                        .isInstanceOf(InvalidCipherTextIOException.class).hasMessageContaining("closed before the end");
                assertThatThrownBy(in::read).isInstanceOf(IOException.class);
            }
            byte[] cut = Arrays.copyOf(sealed, sealed.length - 1);
            assertThatThrownBy(() -> {
                try (InputStream in = FastGcm.decrypting(new ByteArrayInputStream(cut), key, nonce, plaintext.length)) {
                    in.readNBytes(read);
                }
            }).as("read %d of a cut input", read).isInstanceOf(InvalidCipherTextIOException.class);
        }
    }

    @Test
    void keepsFailingOnceTheTagHasFailedAndRefusesWritesAfterClose() throws Exception {
        byte[] key = bytes(32);
        byte[] nonce = bytes(12);
        byte[] sealed = jdkGcm(bytes(10), key, nonce, new byte[0]);
        sealed[0] ^= 1;
        InputStream in = FastGcm.decrypting(new ByteArrayInputStream(sealed), key, nonce);
        assertThatThrownBy(in::readAllBytes).isInstanceOf(InvalidCipherTextIOException.class);
        assertThatThrownBy(in::read).isInstanceOf(InvalidCipherTextIOException.class);
        // Thrown once to the reader: closing does not throw it again (a try-with-resources would
        // otherwise try to add the exception to itself).
        in.close();

        OutputStream out = FastGcm.encrypting(new ByteArrayOutputStream(), key, nonce, new byte[0]);
        out.close();
        assertThatThrownBy(() -> out.write(1)).isInstanceOf(IOException.class);
    }

    @Test
    void reportsAFailureOfTheUnderlyingStreamOnClose() {
        OutputStream failing = new ByteArrayOutputStream() {
            @Override
            public void close() throws IOException {
                throw new IOException("disk full");
            }
        };
        OutputStream out = FastGcm.encrypting(failing, bytes(32), bytes(12), new byte[0]);

        assertThatThrownBy(out::close).hasMessage("disk full");
    }

    private byte[] encrypt(byte[] plaintext, byte[] key, byte[] nonce, byte[] aad, int maxChunk) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream enc = FastGcm.encrypting(out, key, nonce, aad)) {
            int off = 0;
            while (off < plaintext.length) {
                int n = Math.min(plaintext.length - off, 1 + random.nextInt(maxChunk));
                if (n == 1 && random.nextBoolean()) {
                    enc.write(plaintext[off]);
                } else {
                    enc.write(plaintext, off, n);
                }
                off += n;
            }
        }
        return out.toByteArray();
    }

    /**
     * Reads in random sizes. The additional data goes in before the first read, or (as Bouncy
     * Castle's AuthEnvelopedData parser does it) when the source passes from the ciphertext to the tag.
     */
    private byte[] decrypt(byte[] sealed, byte[] key, byte[] nonce, byte[] aad, int maxChunk, boolean aadFirst)
            throws IOException {
        GcmDecryption decryption = new GcmDecryption(key, nonce, -1);
        if (aadFirst) {
            decryption.aadStream().write(aad);
        }
        int tagStart = Math.max(0, sealed.length - 16);
        InputStream source = new InputStream() {
            private int position;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (position == tagStart && !aadFirst) {
                    decryption.aadStream().write(aad, 0, aad.length);
                }
                int end = position < tagStart ? tagStart : sealed.length;
                if (position == end) {
                    return -1;
                }
                int n = Math.min(len, Math.min(end - position, 1 + random.nextInt(maxChunk)));
                System.arraycopy(sealed, position, b, off, n);
                position += n;
                return n;
            }
        };
        ByteArrayOutputStream plaintext = new ByteArrayOutputStream();
        try (InputStream in = decryption.input(source)) {
            byte[] buffer = new byte[maxChunk];
            while (true) {
                if (maxChunk == 1 || random.nextInt(8) == 0) {
                    int b = in.read();
                    if (b == -1) {
                        break;
                    }
                    plaintext.write(b);
                } else {
                    int n = in.read(buffer, 0, 1 + random.nextInt(maxChunk));
                    if (n == -1) {
                        break;
                    }
                    plaintext.write(buffer, 0, n);
                }
            }
        }
        return plaintext.toByteArray();
    }

    private static byte[] jdkGcm(byte[] plaintext, byte[] key, byte[] nonce, byte[] aad) throws Exception {
        Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding", "SunJCE");
        gcm.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
        gcm.updateAAD(aad);
        return gcm.doFinal(plaintext);
    }

    private static byte[] bcGcm(byte[] plaintext, byte[] key, byte[] nonce, byte[] aad) throws Exception {
        AEADBlockCipher gcm = GCMBlockCipher.newInstance(AESEngine.newInstance());
        gcm.init(true, new AEADParameters(new KeyParameter(key), 128, nonce, aad));
        byte[] out = new byte[gcm.getOutputSize(plaintext.length)];
        int n = gcm.processBytes(plaintext, 0, plaintext.length, out, 0);
        gcm.doFinal(out, n);
        return out;
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
