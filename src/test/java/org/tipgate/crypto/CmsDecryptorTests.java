package org.tipgate.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.tipgate.crypto.CmsEncryptorTests.sample;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.cms.AuthEnvelopedData;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.asn1.cms.GCMParameters;
import org.bouncycastle.asn1.cms.KeyTransRecipientInfo;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.cms.CMSAlgorithm;
import org.bouncycastle.cms.CMSAuthEnvelopedDataStreamGenerator;
import org.bouncycastle.cms.SimpleAttributeTableGenerator;
import org.bouncycastle.cms.jcajce.JceCMSContentEncryptorBuilder;
import org.bouncycastle.operator.OutputAEADEncryptor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.ThrowingSupplier;
import org.junit.jupiter.api.io.TempDir;
import org.tipgate.format.RejectedException;
import org.tipgate.format.RejectionCode;
import org.tipgate.testing.Bytes;
import org.tipgate.testing.OpenSsl;
import org.tipgate.testing.TestPki.Credential;
import org.tipgate.testing.TestPki;

/** One test per way an envelope can be broken, each expecting its rejection code. */
class CmsDecryptorTests {

    private static final TestPki PKI = TestPki.get();
    private static final byte[] PLAINTEXT = sample(4096);
    private static final byte[] FOR_DISTRICT = new CmsEncryptor(PKI.districtRsa.cert()).encrypt(PLAINTEXT);
    private static final byte[] FOR_STATE = new CmsEncryptor(PKI.stateEc.cert()).encrypt(PLAINTEXT);

    private static CmsDecryptor decryptorFor(Credential recipient) {
        return new CmsDecryptor(recipient.cert(), recipient.key());
    }

    private static RejectedException rejection(ThrowingSupplier<?> decrypt) {
        Throwable thrown = catchThrowable(decrypt::get);
        assertThat(thrown).isInstanceOf(RejectedException.class);
        return (RejectedException) thrown;
    }

    private static byte[] flipped(byte[] pkg, int index) {
        byte[] copy = pkg.clone();
        copy[index] ^= 0x01;
        return copy;
    }

    @Test
    void refusesAPackageForAnotherRecipient() {
        RejectedException rsa = rejection(() -> decryptorFor(PKI.ncrb).decrypt(FOR_DISTRICT));
        RejectedException ec = rejection(() -> decryptorFor(PKI.districtRsa).decrypt(FOR_STATE));

        assertThat(rsa).isInstanceOfSatisfying(NotAddressedException.class, e -> {
            assertThat(e.reader()).isEqualTo("CN=ncrb,O=TipGate Test Agency,C=IN (serial "
                    + PKI.ncrb.cert().getSerialNumber().toString(16) + " issued by "
                    + PKI.ncrb.cert().getIssuerX500Principal().getName() + ")");
            assertThat(e.recipients()).containsExactly(recipient(PKI.districtRsa));
        });
        assertThat(rsa.reason()).startsWith("not addressed to CN=ncrb,O=TipGate Test Agency,C=IN (serial ")
                .endsWith(": it is for " + recipient(PKI.districtRsa));
        assertThat(ec).isInstanceOfSatisfying(NotAddressedException.class, e -> {
            assertThat(e.reader()).startsWith("CN=mp-indore");
            assertThat(e.recipients()).containsExactly(recipient(PKI.stateEc));
        });
        // A caller that only reports codes reports the one it always did.
        assertThat(rsa.code()).isEqualTo(RejectionCode.MALFORMED_CMS);
    }

    /** How an envelope for {@code owner} names it: by issuer and serial (docs/formats.md section 4). */
    private static String recipient(Credential owner) {
        return "the certificate with serial " + owner.cert().getSerialNumber().toString(16) + " issued by "
                + owner.cert().getIssuerX500Principal().getName();
    }

    @Test
    void refusesTheRightCertificateWithTheWrongKey() {
        CmsDecryptor wrongRsaKey = new CmsDecryptor(PKI.districtRsa.cert(), PKI.ncrb.key());
        CmsDecryptor wrongEcKey = new CmsDecryptor(PKI.stateEc.cert(), PKI.revoked.key());

        // Each envelope wraps a fresh key: about half of them are numerically larger than the wrong
        // RSA key's modulus, which fails differently from a padding error; twenty cover both ways.
        for (int i = 0; i < 20; i++) {
            byte[] envelope = new CmsEncryptor(PKI.districtRsa.cert()).encrypt(sample(64));
            RejectedException rsa = rejection(() -> wrongRsaKey.decrypt(envelope));
            assertThat(rsa.code()).as(rsa.reason()).isEqualTo(RejectionCode.SIGNATURE_INVALID);
        }
        RejectedException ec = rejection(() -> wrongEcKey.decrypt(FOR_STATE));
        assertThat(ec.code()).as(ec.reason()).isEqualTo(RejectionCode.SIGNATURE_INVALID);
    }

    @Test
    void refusesAKeyOfTheWrongKindAtOnce() {
        assertThatThrownBy(() -> new CmsDecryptor(PKI.districtRsa.cert(), PKI.stateEc.key()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesAFlippedCiphertextByte() {
        // Without unprotected attributes the content ends just before the 18-byte mac OCTET STRING.
        int inContent = FOR_DISTRICT.length - 18 - PLAINTEXT.length / 2;
        RejectedException e = rejection(() -> decryptorFor(PKI.districtRsa).decrypt(flipped(FOR_DISTRICT, inContent)));

        assertThat(e.code()).isEqualTo(RejectionCode.SIGNATURE_INVALID);
        assertThat(e.reason()).isEqualTo("authentication tag mismatch: content altered");
    }

    @Test
    void refusesAFlippedTag() {
        for (Credential recipient : new Credential[] {PKI.districtRsa, PKI.stateEc}) {
            byte[] pkg = recipient == PKI.stateEc ? FOR_STATE : FOR_DISTRICT;
            RejectedException e = rejection(() -> decryptorFor(recipient).decrypt(flipped(pkg, pkg.length - 1)));

            assertThat(e.code()).isEqualTo(RejectionCode.SIGNATURE_INVALID);
        }
    }

    @Test
    void refusesAFlippedEncryptedKey() {
        AuthEnvelopedData envelope = AuthEnvelopedData.getInstance(ContentInfo.getInstance(FOR_DISTRICT).getContent());
        byte[] encryptedKey = KeyTransRecipientInfo.getInstance(envelope.getRecipientInfos().getObjectAt(0)
                .toASN1Primitive()).getEncryptedKey().getOctets();
        int at = Bytes.indexOf(FOR_DISTRICT, encryptedKey) + encryptedKey.length / 2;

        RejectedException e = rejection(() -> decryptorFor(PKI.districtRsa).decrypt(flipped(FOR_DISTRICT, at)));

        assertThat(e.code()).isEqualTo(RejectionCode.SIGNATURE_INVALID);
    }

    @Test
    void refusesATruncatedPackageWhereverItIsCut() {
        for (int length : new int[] {0, 1, 3, 30, FOR_DISTRICT.length / 2, FOR_DISTRICT.length - 17, FOR_DISTRICT.length - 1}) {
            byte[] cut = Arrays.copyOf(FOR_DISTRICT, length);
            RejectedException e = rejection(() -> decryptorFor(PKI.districtRsa).decrypt(cut));

            assertThat(e.code()).as("cut at %d", length).isEqualTo(RejectionCode.MALFORMED_CMS);
            assertThat(e.reason()).as("cut at %d", length).startsWith("truncated");
        }
    }

    @Test
    void refusesTrailingBytesAfterThePackage() {
        for (byte[] garbage : new byte[][] {{0}, "garbage".getBytes(), FOR_DISTRICT}) {
            byte[] pkg = Arrays.copyOf(FOR_DISTRICT, FOR_DISTRICT.length + garbage.length);
            System.arraycopy(garbage, 0, pkg, FOR_DISTRICT.length, garbage.length);
            RejectedException e = rejection(() -> decryptorFor(PKI.districtRsa).decrypt(pkg));

            assertThat(e.code()).isEqualTo(RejectionCode.MALFORMED_CMS);
            assertThat(e.reason()).isEqualTo("trailing bytes after the AuthEnvelopedData");
        }
    }

    @Test
    void refusesExtraElementsInsideTheContentInfo() throws IOException {
        ASN1Sequence contentInfo = ASN1Sequence.getInstance(FOR_DISTRICT);
        ASN1EncodableVector padded = new ASN1EncodableVector();
        contentInfo.forEach(padded::add);
        padded.add(DERNull.INSTANCE);
        byte[] pkg = new DERSequence(padded).getEncoded(ASN1Encoding.DER);

        RejectedException e = rejection(() -> decryptorFor(PKI.districtRsa).decrypt(pkg));

        assertThat(e.code()).isEqualTo(RejectionCode.MALFORMED_CMS);
        assertThat(e.reason()).contains("does not fill the ContentInfo");
    }

    @Test
    void refusesALengthThatDisagreesWithItsParentBeforeDecryptingAnything() {
        // The ContentInfo's length one more, a byte appended: a byte after its [0] content.
        byte[] afterContent = lengthPlusOne(Arrays.copyOf(FOR_DISTRICT, FOR_DISTRICT.length + 1), 2);
        // The [0] content's length one more as well: the byte sits after the enveloped data SEQUENCE.
        byte[] afterSequence = lengthPlusOne(afterContent.clone(), 19);
        assertThat(FOR_DISTRICT[17] & 0xff).isEqualTo(0xA0);

        for (byte[] pkg : new byte[][] {afterContent, afterSequence}) {
            ByteArrayOutputStream released = new ByteArrayOutputStream();
            RejectedException e = rejection(() -> {
                decryptorFor(PKI.districtRsa).decrypt(new ByteArrayInputStream(pkg), released);
                return null;
            });

            assertThat(e.code()).isEqualTo(RejectionCode.MALFORMED_CMS);
            assertThat(e.reason()).containsAnyOf("does not fill the ContentInfo", "does not fill the [0] content");
            assertThat(released.size()).as("plaintext released").isZero();
        }
    }

    @Test
    void keepsTheLastByteOfAPackageWithTrailingBytes() {
        byte[] pkg = Arrays.copyOf(FOR_DISTRICT, FOR_DISTRICT.length + 1);
        ByteArrayOutputStream released = new ByteArrayOutputStream();
        RejectedException e = rejection(() -> {
            decryptorFor(PKI.districtRsa).decrypt(new ByteArrayInputStream(pkg), released);
            return null;
        });

        assertThat(e.reason()).isEqualTo("trailing bytes after the AuthEnvelopedData");
        assertThat(released.toByteArray()).isEqualTo(Arrays.copyOf(PLAINTEXT, PLAINTEXT.length - 1));
    }

    @Test
    void refusesAnEphemeralKeyWhoseParametersAreNotTheRecipientsCurve() {
        // The end of P-256's order and its cofactor 1, as the originator key's explicit parameters
        // carry them: the cofactor made 3, the parameters still parse but are another curve's.
        byte[] orderAndCofactor = {(byte) 0xfc, 0x63, 0x25, 0x51, 0x02, 0x01, 0x01};
        byte[] pkg = FOR_STATE.clone();
        int at = Bytes.indexOf(pkg, orderAndCofactor);
        assertThat(at).as("explicit curve parameters in the originator key").isPositive();
        pkg[at + orderAndCofactor.length - 1] = 0x03;

        RejectedException e = rejection(() -> decryptorFor(PKI.stateEc).decrypt(pkg));

        assertThat(e.code()).isEqualTo(RejectionCode.MALFORMED_CMS);
        assertThat(e.reason()).isEqualTo("the originator key's parameters are not the recipient's curve");
    }

    @Test
    void refusesAnEphemeralKeyWhoseCurvesBasePointIsNotWrittenUncompressed() {
        // P-256's base point in the originator key's explicit parameters: an OCTET STRING of 65
        // bytes, 4 (uncompressed) and x, which begins 6B17D1. Written hybrid (7: y is odd) it is
        // the same point to Bouncy Castle, which would open the envelope.
        byte[] basePoint = {0x04, 0x41, 0x04, 0x6b, 0x17, (byte) 0xd1};
        byte[] pkg = FOR_STATE.clone();
        int at = Bytes.indexOf(pkg, basePoint);
        assertThat(at).as("the base point in the originator key's parameters").isPositive();
        pkg[at + 2] = 0x07;

        RejectedException e = rejection(() -> decryptorFor(PKI.stateEc).decrypt(pkg));

        assertThat(e.code()).isEqualTo(RejectionCode.MALFORMED_CMS);
        assertThat(e.reason()).isEqualTo("the originator key's curve parameters are not in their one encoding");
    }

    @Test
    void refusesARecipientInfoWhoseIssuerMatchesOnlyIgnoringCase() {
        // The country "IN" of the issuer named in the RecipientInfo, its first occurrence.
        byte[] country = {0x13, 0x02, 'I', 'N'};
        byte[] pkg = FOR_DISTRICT.clone();
        int at = Bytes.indexOf(pkg, country);
        assertThat(at).as("issuer country in the RecipientInfo").isPositive();
        pkg[at + 2] = 'i';

        RejectedException e = rejection(() -> decryptorFor(PKI.districtRsa).decrypt(pkg));

        assertThat(e.code()).isEqualTo(RejectionCode.MALFORMED_CMS);
        assertThat(e.reason()).contains("in another encoding than the certificate of");
    }

    @Test
    void refusesParametersOnTheOaepHashWhichBouncyCastleWouldIgnore() {
        // SHA-256 with NULL parameters, as the RSA-OAEP parameters carry it: NULL made [APPLICATION 16].
        byte[] sha256WithNull = {0x06, 0x09, 0x60, (byte) 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00};
        byte[] pkg = FOR_DISTRICT.clone();
        int at = Bytes.indexOf(pkg, sha256WithNull);
        assertThat(at).as("OAEP hash algorithm").isPositive();
        pkg[at + sha256WithNull.length - 2] = 0x50;

        RejectedException e = rejection(() -> decryptorFor(PKI.districtRsa).decrypt(pkg));

        assertThat(e.code()).isEqualTo(RejectionCode.MALFORMED_CMS);
        assertThat(e.reason()).startsWith("the RSA-OAEP hash algorithm 2.16.840.1.101.3.4.2.1 has parameters");
    }

    /** Adds one to the two-octet DER length at {@code at} (after a 0x82). */
    private static byte[] lengthPlusOne(byte[] pkg, int at) {
        assertThat(pkg[at - 1] & 0xff).isEqualTo(0x82);
        int length = ((pkg[at] & 0xff) << 8 | (pkg[at + 1] & 0xff)) + 1;
        pkg[at] = (byte) (length >> 8);
        pkg[at + 1] = (byte) length;
        return pkg;
    }

    @Test
    void refusesIndefiniteLengthBer() throws Exception {
        CMSAuthEnvelopedDataStreamGenerator generator = new CMSAuthEnvelopedDataStreamGenerator();
        generator.addRecipientInfoGenerator(EnvelopeRecipientInfos.forCertificate(PKI.districtRsa.cert()));
        ByteArrayOutputStream ber = new ByteArrayOutputStream();
        try (OutputStream out = generator.open(ber, aes256Gcm(null))) {
            out.write(PLAINTEXT);
        }

        RejectedException e = rejection(() -> decryptorFor(PKI.districtRsa).decrypt(ber.toByteArray()));

        assertThat(e.code()).isEqualTo(RejectionCode.MALFORMED_CMS);
        assertThat(e.reason()).contains("indefinite length");
    }

    /**
     * The plaintext pulled ({@link CmsDecryptor#open}): byte by byte or in large reads, a reader
     * gets every byte of intact content and then the end; of altered content it never gets the last
     * byte, and the tag's refusal comes instead, as an IOException carrying it, kept by the stream.
     */
    @Test
    void thePulledPlaintextHoldsItsLastByteUntilTheEnvelopeIsChecked() throws Exception {
        for (int chunk : new int[] {1, 7, 4096, 1 << 16}) {
            EnvelopeContent intact = decryptorFor(PKI.districtRsa).open(new ByteArrayInputStream(FOR_DISTRICT));
            assertThat(readAll(intact, chunk)).as("chunk %d", chunk).isEqualTo(PLAINTEXT);
            assertThat(intact.refusal()).isEmpty();

            int inContent = FOR_DISTRICT.length - 18 - PLAINTEXT.length / 2;
            EnvelopeContent altered = decryptorFor(PKI.districtRsa)
                    .open(new ByteArrayInputStream(flipped(FOR_DISTRICT, inContent)));
            ByteArrayOutputStream given = new ByteArrayOutputStream();
            Throwable thrown = catchThrowable(() -> {
                byte[] buffer = new byte[chunk];
                for (int n = altered.read(buffer); n >= 0; n = altered.read(buffer)) {
                    given.write(buffer, 0, n);
                }
            });
            assertThat(thrown).as("chunk %d", chunk).isInstanceOfSatisfying(EnvelopeContent.Refused.class,
                    refused -> assertThat(refused.refusal().code()).isEqualTo(RejectionCode.SIGNATURE_INVALID));
            assertThat(given.size()).as("bytes given before the tag was checked").isLessThan(PLAINTEXT.length);
            assertThat(altered.refusal()).hasValueSatisfying(
                    refusal -> assertThat(refusal.code()).isEqualTo(RejectionCode.SIGNATURE_INVALID));
        }
    }

    private static byte[] readAll(InputStream in, int chunk) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[chunk];
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    /**
     * The outer length written in more octets than it needs (a leading zero octet): BER, not DER,
     * and refused as the signed feeds' reader refuses it, by the same length reader.
     */
    @Test
    void refusesALengthNotInMinimalForm() throws Exception {
        byte[] pkg = new CmsEncryptor(PKI.districtRsa.cert()).encrypt(PLAINTEXT);
        int octets = pkg[1] & 0x7f;
        assertThat(pkg[1] & 0x80).as("a long-form outer length").isNotZero();
        byte[] padded = new byte[pkg.length + 1];
        padded[0] = pkg[0];
        padded[1] = (byte) (0x80 | (octets + 1));
        padded[2] = 0;
        System.arraycopy(pkg, 2, padded, 3, pkg.length - 2);

        RejectedException e = rejection(() -> decryptorFor(PKI.districtRsa).decrypt(padded));

        assertThat(e.code()).isEqualTo(RejectionCode.MALFORMED_CMS);
        assertThat(e.reason()).contains("minimal form");
    }

    @Test
    void refusesGcmWithATruncatedTag() throws Exception {
        byte[] nonce = new byte[12];
        new SecureRandom().nextBytes(nonce);
        AlgorithmIdentifier shortTag = new AlgorithmIdentifier(NISTObjectIdentifiers.id_aes256_GCM,
                new GCMParameters(nonce, 12));
        CMSAuthEnvelopedDataStreamGenerator generator = new CMSAuthEnvelopedDataStreamGenerator();
        generator.setEncoding(ASN1Encoding.DER);
        generator.addRecipientInfoGenerator(EnvelopeRecipientInfos.forCertificate(PKI.districtRsa.cert()));
        ByteArrayOutputStream pkg = new ByteArrayOutputStream();
        try (OutputStream out = generator.open(pkg, PLAINTEXT.length, aes256Gcm(shortTag))) {
            out.write(PLAINTEXT);
        }

        RejectedException e = rejection(() -> decryptorFor(PKI.districtRsa).decrypt(pkg.toByteArray()));

        assertThat(e.code()).isEqualTo(RejectionCode.ALGORITHM_REJECTED);
        assertThat(e.reason()).contains("16-byte tag");
    }

    private static OutputAEADEncryptor aes256Gcm(AlgorithmIdentifier parameters) throws Exception {
        JceCMSContentEncryptorBuilder builder = parameters == null
                ? new JceCMSContentEncryptorBuilder(CMSAlgorithm.AES256_GCM)
                : new JceCMSContentEncryptorBuilder(parameters);
        return (OutputAEADEncryptor) builder.setProvider(Bc.PROVIDER).build();
    }

    @Test
    void opensAnEnvelopeWithAuthenticatedAttributesAndRefusesThemAltered() throws Exception {
        for (Credential recipient : new Credential[] {PKI.districtRsa, PKI.stateEc}) {
            byte[] marker = "tipgate authenticated attribute".getBytes(StandardCharsets.US_ASCII);
            Attribute attribute = new Attribute(
                    new ASN1ObjectIdentifier("1.3.6.1.4.1.99999.1"),
                    new DERSet(new DEROctetString(marker)));
            CMSAuthEnvelopedDataStreamGenerator generator = new CMSAuthEnvelopedDataStreamGenerator();
            generator.setEncoding(ASN1Encoding.DER);
            generator.setAuthenticatedAttributeGenerator(new SimpleAttributeTableGenerator(
                    new AttributeTable(attribute)));
            generator.addRecipientInfoGenerator(EnvelopeRecipientInfos.forCertificate(recipient.cert()));
            ByteArrayOutputStream pkg = new ByteArrayOutputStream();
            try (OutputStream out = generator.open(pkg, PLAINTEXT.length, aes256Gcm(null))) {
                out.write(PLAINTEXT);
            }
            byte[] bytes = pkg.toByteArray();

            assertThat(decryptorFor(recipient).decrypt(bytes)).isEqualTo(PLAINTEXT);

            int at = Bytes.indexOf(bytes, marker);
            assertThat(at).isPositive();
            RejectedException e = rejection(() -> decryptorFor(recipient).decrypt(flipped(bytes, at)));
            assertThat(e.code()).isEqualTo(RejectionCode.SIGNATURE_INVALID);
            assertThat(e.reason()).isEqualTo("authentication tag mismatch: content altered");
        }
    }

    @Test
    void refusesAnAesCbcEnvelopedDataMadeByOpenSsl(@TempDir Path dir) throws Exception {
        byte[] pkg = openSslEncrypt(dir, "-aes-256-cbc");

        RejectedException e = rejection(() -> decryptorFor(PKI.districtRsa).decrypt(pkg));

        assertThat(e.code()).isEqualTo(RejectionCode.ALGORITHM_REJECTED);
        assertThat(e.reason()).startsWith("EnvelopedData");
    }

    @Test
    void refusesAes128GcmMadeByOpenSsl(@TempDir Path dir) throws Exception {
        byte[] pkg = openSslEncrypt(dir, "-aes-128-gcm");

        RejectedException e = rejection(() -> decryptorFor(PKI.districtRsa).decrypt(pkg));

        assertThat(e.code()).isEqualTo(RejectionCode.ALGORITHM_REJECTED);
        assertThat(e.reason()).contains("AES-256-GCM required");
    }

    private static byte[] openSslEncrypt(Path dir, String cipher) throws IOException {
        Files.write(dir.resolve("plain"), PLAINTEXT);
        PKI.districtRsa.writeTo(dir);
        OpenSsl.run(dir, "cms", "-encrypt", cipher, "-binary", "-outform", "DER", "-in", "plain",
                "-out", "pkg.p7m", PKI.districtRsa.certFile(dir).toString()).assertSuccess();
        return Files.readAllBytes(dir.resolve("pkg.p7m"));
    }

    @Test
    void refusesASignedDataAsNotAnEnvelope(@TempDir Path dir) throws Exception {
        Files.write(dir.resolve("plain"), PLAINTEXT);
        PKI.ncrb.writeTo(dir);
        OpenSsl.run(dir, "cms", "-sign", "-binary", "-nodetach", "-outform", "DER", "-in", "plain",
                "-signer", "ncrb.crt.pem", "-inkey", "ncrb.key.pem", "-out", "signed.p7m").assertSuccess();

        RejectedException e = rejection(() -> decryptorFor(PKI.districtRsa)
                .decrypt(Files.readAllBytes(dir.resolve("signed.p7m"))));

        assertThat(e.code()).isEqualTo(RejectionCode.MALFORMED_CMS);
        assertThat(e.reason()).startsWith("not an AuthEnvelopedData");
    }

    @Test
    void refusesInputThatIsNotDer() {
        for (byte[] input : new byte[][] {"hello world".getBytes(), {0x30, 0x03, 0x02, 0x01, 0x00}, sample(300)}) {
            assertThat(rejection(() -> decryptorFor(PKI.districtRsa).decrypt(input)).code())
                    .isEqualTo(RejectionCode.MALFORMED_CMS);
        }
    }

    @Test
    void keepsFailuresOfTheCallersInputAsIoExceptions() {
        InputStream failing = new InputStream() {
            private int served;

            @Override
            public int read() throws IOException {
                if (served == 600) {
                    throw new IOException("disk gone");
                }
                return FOR_DISTRICT[served++] & 0xff;
            }
        };

        assertThatThrownBy(() -> decryptorFor(PKI.districtRsa).decrypt(failing, new ByteArrayOutputStream()))
                .isExactlyInstanceOf(IOException.class).hasMessage("disk gone");
    }

    @Test
    void keepsFailuresOfTheCallersOutputAsIoExceptions() {
        OutputStream failing = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("disk full");
            }
        };

        assertThatThrownBy(() -> decryptorFor(PKI.districtRsa).decrypt(new ByteArrayInputStream(FOR_DISTRICT), failing))
                .isExactlyInstanceOf(IOException.class).hasMessage("disk full");
    }

}
