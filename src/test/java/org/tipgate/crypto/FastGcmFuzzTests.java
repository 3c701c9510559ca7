package org.tipgate.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import org.bouncycastle.crypto.io.InvalidCipherTextIOException;

/**
 * A sealed GCM stream altered at fuzzer-chosen positions (or cut, or extended) is refused whatever
 * way it is read, and never before the reader could have taken altered content for whole: a reader
 * that reads to the end is refused before the end of the stream (and, with the length stated,
 * before it has as many bytes as the content), one that stops at the length it knew is refused by
 * close. An unaltered stream reads back exactly, with or without additional data and a stated length.
 */
class FastGcmFuzzTests {

    private static final byte[] KEY = new byte[FastGcm.KEY_LENGTH];
    private static final byte[] NONCE = new byte[FastGcm.NONCE_LENGTH];

    static {
        Arrays.fill(KEY, (byte) 0x5a);
        Arrays.fill(NONCE, (byte) 0xc3);
    }

    @FuzzTest
    void refusesEveryTamperedStream(FuzzedDataProvider data) throws IOException {
        byte[] aad = data.consumeBytes(data.consumeInt(0, 40));
        boolean stated = data.consumeBoolean();
        boolean readToEnd = data.consumeBoolean();
        int readSize = data.consumeInt(1, 70_000);
        int edits = data.consumeInt(0, 3);
        int[] positions = new int[edits];
        byte[] masks = new byte[edits];
        for (int i = 0; i < edits; i++) {
            positions[i] = data.consumeInt(0, Integer.MAX_VALUE);
            masks[i] = data.consumeByte();
        }
        int cut = data.consumeInt(0, 20);
        byte[] tail = data.consumeBytes(data.consumeInt(0, 20));
        byte[] plaintext = data.consumeRemainingAsBytes();

        byte[] original = seal(plaintext, aad);
        byte[] sealed = original.clone();
        for (int i = 0; i < edits; i++) {
            sealed[Math.floorMod(positions[i], sealed.length)] ^= masks[i];
        }
        sealed = Arrays.copyOf(sealed, Math.max(0, sealed.length - cut));
        byte[] extended = Arrays.copyOf(sealed, sealed.length + tail.length);
        System.arraycopy(tail, 0, extended, sealed.length, tail.length);
        boolean altered = !Arrays.equals(original, extended);

        GcmDecryption decryption = new GcmDecryption(KEY, NONCE, stated ? plaintext.length : -1);
        decryption.aadStream().write(aad);
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        InputStream in = decryption.input(new ByteArrayInputStream(extended));
        try {
            byte[] buffer = new byte[readSize];
            long wanted = readToEnd ? Long.MAX_VALUE : plaintext.length;
            for (int n = 0; got.size() < wanted && n != -1; ) {
                n = in.read(buffer, 0, (int) Math.min(buffer.length, wanted - got.size()));
                if (n > 0) {
                    got.write(buffer, 0, n);
                }
            }
        } catch (InvalidCipherTextIOException e) {
            assertThat(altered).as("an unaltered stream was refused: " + e.getMessage()).isTrue();
            // Refused before the end of the stream in every case; with the length stated, also
            // before the reader had as many bytes as the content has. (Without it, an extended
            // stream's longer "content" is released but for its last byte, and then refused.)
            if (stated) {
                assertThat(got.size()).as("bytes released before the refusal (%s; read to end %s, content %d, sealed %d -> %d)",
                        e.getMessage(), readToEnd, plaintext.length, original.length, extended.length)
                        .isLessThan(Math.max(1, plaintext.length));
            }
            return;
        }
        try {
            in.close();
        } catch (InvalidCipherTextIOException e) {
            // A reader that stops at the length it knew is told by close that the rest does not
            // authenticate what it read (FastGcm's contract); one that read to the end never gets here.
            assertThat(altered).as("an unaltered stream was refused: " + e.getMessage()).isTrue();
            assertThat(readToEnd).as("refused only at close after reading to the end").isFalse();
            return;
        }
        if (altered) {
            fail("an altered stream was read without a refusal: " + got.size() + " bytes");
        }
        assertThat(got.toByteArray()).isEqualTo(plaintext);
    }

    private static byte[] seal(byte[] plaintext, byte[] aad) throws IOException {
        ByteArrayOutputStream sealed = new ByteArrayOutputStream();
        try (OutputStream out = FastGcm.encrypting(sealed, KEY, NONCE, aad)) {
            out.write(plaintext);
        }
        return sealed.toByteArray();
    }
}
