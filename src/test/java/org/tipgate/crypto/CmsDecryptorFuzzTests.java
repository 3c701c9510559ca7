package org.tipgate.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import org.tipgate.format.RejectedException;
import org.tipgate.format.RejectionCode;

/**
 * The envelope reader and decryptor (EnvelopeFrame, Bouncy Castle's AuthEnvelopedData parser, the
 * RecipientInfo for an RSA and an EC demo recipient, FastGcm) on outside bytes: plaintext or a
 * refusal with one of the codes CmsDecryptor documents, never another exception. And an envelope
 * altered anywhere is refused, having released less than its whole content.
 */
class CmsDecryptorFuzzTests {

    private static final Set<RejectionCode> DECRYPTOR_CODES = EnumSet.of(RejectionCode.MALFORMED_CMS,
            RejectionCode.TOO_LARGE, RejectionCode.ALGORITHM_REJECTED, RejectionCode.SIGNATURE_INVALID);

    /** mp-indore has an RSA key (key transport), mp-bhopal an EC one (key agreement). */
    private static final CmsDecryptor MP_INDORE = demoDecryptor("mp-indore");
    private static final CmsDecryptor MP_BHOPAL = demoDecryptor("mp-bhopal");

    /** Valid envelopes with a signed package inside, one per recipient: what the tamper target alters. */
    private static final byte[][] SEALED = {resource("sealed-package-mp-indore-rsa.cms"),
            resource("sealed-package-mp-bhopal-ec.cms")};
    private static final CmsDecryptor[] SEALED_FOR = {MP_INDORE, MP_BHOPAL};
    private static final byte[][] SEALED_PLAINTEXT = {open(MP_INDORE, SEALED[0]), open(MP_BHOPAL, SEALED[1])};

    @FuzzTest
    void opensOrRefusesAnyEnvelope(byte[] input) throws IOException {
        try {
            decrypt(MP_INDORE, input);
        } catch (NotAddressedException notForIndore) {
            try {
                decrypt(MP_BHOPAL, input);
            } catch (RejectedException e) {
                assertRefusal(e);
            }
        } catch (RejectedException e) {
            assertRefusal(e);
        }
    }

    /**
     * Alters a valid envelope (XOR at fuzzer-chosen positions, a cut or an appended tail): it must
     * be refused, and the plaintext written before the refusal must fall short of the whole content,
     * so no reader can have taken altered content for complete.
     */
    @FuzzTest
    void refusesEveryTamperedEnvelope(FuzzedDataProvider data) throws IOException {
        int which = data.consumeInt(0, 1);
        byte[] envelope = SEALED[which].clone();
        int edits = data.consumeInt(1, 4);
        for (int i = 0; i < edits; i++) {
            int position = data.consumeInt(0, envelope.length - 1);
            envelope[position] ^= data.consumeByte();
        }
        int cut = data.consumeInt(0, 3) == 0 ? data.consumeInt(1, envelope.length) : 0;
        if (cut > 0) {
            envelope = Arrays.copyOf(envelope, envelope.length - cut);
        }
        byte[] tail = data.consumeBytes(8);
        if (tail.length > 0) {
            byte[] longer = Arrays.copyOf(envelope, envelope.length + tail.length);
            System.arraycopy(tail, 0, longer, envelope.length, tail.length);
            envelope = longer;
        }
        // Edits may cancel out: only bytes that differ make an altered envelope.
        boolean altered = !Arrays.equals(envelope, SEALED[which]);
        ByteArrayOutputStream released = new ByteArrayOutputStream();
        try {
            SEALED_FOR[which].decrypt(new ByteArrayInputStream(envelope), released);
        } catch (RejectedException e) {
            assertRefusal(e);
            assertThat(altered).as("the unaltered envelope was refused: %s", e).isTrue();
            assertThat(released.size()).as("plaintext released before the refusal (%s)", e)
                    .isLessThan(SEALED_PLAINTEXT[which].length);
            return;
        }
        if (altered) {
            fail("an altered envelope was opened (" + differences(SEALED[which], envelope) + "): "
                    + released.size() + " bytes released");
        }
        assertThat(released.toByteArray()).isEqualTo(SEALED_PLAINTEXT[which]);
    }

    /** Where {@code altered} differs from {@code original}: for the message of a finding. */
    private static String differences(byte[] original, byte[] altered) {
        StringBuilder where = new StringBuilder("length " + original.length + " -> " + altered.length);
        for (int i = 0; i < Math.min(original.length, altered.length); i++) {
            if (original[i] != altered[i]) {
                where.append(String.format(", at %d 0x%02x -> 0x%02x", i, original[i], altered[i]));
            }
        }
        return where.toString();
    }

    private static void decrypt(CmsDecryptor decryptor, byte[] input) throws RejectedException, IOException {
        ByteArrayOutputStream plaintext = new ByteArrayOutputStream();
        decryptor.decrypt(new ByteArrayInputStream(input), plaintext);
    }

    private static void assertRefusal(RejectedException e) {
        assertThat(DECRYPTOR_CODES).contains(e.code());
        assertThat(e.reason()).isNotBlank();
    }

    private static CmsDecryptor demoDecryptor(String id) {
        try {
            return new CmsDecryptor(Pem.readCertificate(Path.of("keys-example", id + ".crt.pem")),
                    Pem.readPrivateKey(Path.of("keys-example", id + ".key.pem")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] resource(String name) {
        try (InputStream in = CmsDecryptorFuzzTests.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] open(CmsDecryptor decryptor, byte[] envelope) {
        try {
            return decryptor.decrypt(envelope);
        } catch (RejectedException e) {
            throw new IllegalStateException("the sealed test package does not open: " + e.getMessage(), e);
        }
    }
}
