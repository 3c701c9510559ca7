package org.tipgate.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.stream.Stream;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1TaggedObject;
import org.bouncycastle.asn1.cms.AuthEnvelopedData;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.asn1.cms.GCMParameters;
import org.bouncycastle.asn1.cms.KeyAgreeRecipientInfo;
import org.bouncycastle.asn1.cms.KeyTransRecipientInfo;
import org.bouncycastle.asn1.cms.OriginatorPublicKey;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSAESOAEPparams;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tipgate.testing.TestPki.Credential;
import org.tipgate.testing.TestPki;

class CmsEncryptorTests {

    private static final TestPki PKI = TestPki.get();

    static byte[] sample(int length) {
        byte[] bytes = new byte[length];
        new Random(length).nextBytes(bytes);
        return bytes;
    }

    private static byte[] roundTrip(Credential recipient, byte[] plaintext) throws Exception {
        byte[] pkg = new CmsEncryptor(recipient.cert()).encrypt(plaintext);
        return new CmsDecryptor(recipient.cert(), recipient.key()).decrypt(pkg);
    }

    private static AuthEnvelopedData envelope(byte[] pkg) {
        ContentInfo info = ContentInfo.getInstance(pkg);
        assertThat(info.getContentType()).isEqualTo(CMSObjectIdentifiers.authEnvelopedData);
        return AuthEnvelopedData.getInstance(info.getContent());
    }

    @Test
    void roundTripsForAnRsaRecipient() throws Exception {
        byte[] plaintext = sample(100_000);
        assertThat(roundTrip(PKI.districtRsa, plaintext)).isEqualTo(plaintext);
    }

    @Test
    void roundTripsForAnEcRecipient() throws Exception {
        byte[] plaintext = sample(100_000);
        assertThat(roundTrip(PKI.stateEc, plaintext)).isEqualTo(plaintext);
    }

    @Test
    void roundTripsEmptyContent() throws Exception {
        assertThat(roundTrip(PKI.stateEc, new byte[0])).isEmpty();
    }

    @Test
    void encryptsFilesAndStreamsLikeArrays(@TempDir Path dir) throws Exception {
        byte[] plaintext = sample(70_001);
        Path file = Files.write(dir.resolve("plain"), plaintext);
        CmsEncryptor encryptor = new CmsEncryptor(PKI.districtRsa.cert());
        CmsDecryptor decryptor = new CmsDecryptor(PKI.districtRsa.cert(), PKI.districtRsa.key());
        ByteArrayOutputStream fromFile = new ByteArrayOutputStream();
        ByteArrayOutputStream fromStream = new ByteArrayOutputStream();

        encryptor.encrypt(file, fromFile);
        encryptor.encrypt(new ByteArrayInputStream(plaintext), fromStream);

        assertThat(decryptor.decrypt(fromFile.toByteArray())).isEqualTo(plaintext);
        assertThat(decryptor.decrypt(fromStream.toByteArray())).isEqualTo(plaintext);
        assertThat(fromStream.size()).isEqualTo(fromFile.size());
    }

    @Test
    void leavesNoSpoolFileBehind() throws Exception {
        long before = spoolFiles();
        new CmsEncryptor(PKI.stateEc.cert()).encrypt(new ByteArrayInputStream(sample(10_000)),
                new ByteArrayOutputStream());
        assertThat(spoolFiles()).isEqualTo(before);
    }

    private static long spoolFiles() throws IOException {
        try (Stream<Path> files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return files.filter(p -> p.getFileName().toString().startsWith("tipgate-envelope-")).count();
        }
    }

    @Test
    void writesDerWithDefiniteLengths() throws Exception {
        for (Credential recipient : new Credential[] {PKI.districtRsa, PKI.stateEc}) {
            byte[] pkg = new CmsEncryptor(recipient.cert()).encrypt(sample(5000));

            assertThat(pkg[1] & 0xff).isNotEqualTo(0x80);
            assertThat(ASN1Primitive.fromByteArray(pkg).getEncoded(ASN1Encoding.DER)).isEqualTo(pkg);
        }
    }

    @Test
    void usesAes256GcmWithA16ByteTag() {
        byte[] pkg = new CmsEncryptor(PKI.districtRsa.cert()).encrypt(sample(1000));
        AuthEnvelopedData envelope = envelope(pkg);
        AlgorithmIdentifier algorithm = envelope.getAuthEncryptedContentInfo().getContentEncryptionAlgorithm();
        GCMParameters gcm = GCMParameters.getInstance(algorithm.getParameters());

        assertThat(algorithm.getAlgorithm()).isEqualTo(NISTObjectIdentifiers.id_aes256_GCM);
        assertThat(gcm.getIcvLen()).isEqualTo(16);
        assertThat(gcm.getNonce()).hasSize(12);
        assertThat(envelope.getMac().getOctets()).hasSize(16);
        assertThat(envelope.getAuthEncryptedContentInfo().getEncryptedContent().getOctets()).hasSize(1000);
    }

    @Test
    void wrapsTheKeyWithRsaOaepSha256ForRsaRecipients() {
        AuthEnvelopedData envelope = envelope(new CmsEncryptor(PKI.districtRsa.cert()).encrypt(sample(10)));
        KeyTransRecipientInfo info = KeyTransRecipientInfo.getInstance(
                envelope.getRecipientInfos().getObjectAt(0).toASN1Primitive());
        RSAESOAEPparams oaep = RSAESOAEPparams.getInstance(info.getKeyEncryptionAlgorithm().getParameters());

        assertThat(envelope.getRecipientInfos().size()).isEqualTo(1);
        assertThat(info.getKeyEncryptionAlgorithm().getAlgorithm()).isEqualTo(PKCSObjectIdentifiers.id_RSAES_OAEP);
        assertThat(oaep.getHashAlgorithm().getAlgorithm()).isEqualTo(NISTObjectIdentifiers.id_sha256);
        assertThat(oaep.getMaskGenAlgorithm().getAlgorithm()).isEqualTo(PKCSObjectIdentifiers.id_mgf1);
        assertThat(AlgorithmIdentifier.getInstance(oaep.getMaskGenAlgorithm().getParameters()).getAlgorithm())
                .isEqualTo(NISTObjectIdentifiers.id_sha256);
    }

    @Test
    void agreesOnTheKeyByEphemeralEcdhWithSha256KdfAndAes256WrapForEcRecipients() {
        AuthEnvelopedData envelope = envelope(new CmsEncryptor(PKI.stateEc.cert()).encrypt(sample(10)));
        KeyAgreeRecipientInfo info = KeyAgreeRecipientInfo.getInstance(
                ((ASN1TaggedObject) envelope.getRecipientInfos().getObjectAt(0)), false);
        AlgorithmIdentifier wrap = AlgorithmIdentifier.getInstance(info.getKeyEncryptionAlgorithm().getParameters());

        assertThat(info.getKeyEncryptionAlgorithm().getAlgorithm())
                .isEqualTo(SECObjectIdentifiers.dhSinglePass_stdDH_sha256kdf_scheme);
        assertThat(wrap.getAlgorithm()).isEqualTo(NISTObjectIdentifiers.id_aes256_wrap);
        assertThat(info.getOriginator().getOriginatorKey()).isInstanceOf(OriginatorPublicKey.class);
    }

    @Test
    void usesAFreshEphemeralKeyAndNonceForEveryEnvelope() {
        CmsEncryptor encryptor = new CmsEncryptor(PKI.stateEc.cert());
        byte[] plaintext = sample(100);
        AuthEnvelopedData first = envelope(encryptor.encrypt(plaintext));
        AuthEnvelopedData second = envelope(encryptor.encrypt(plaintext));

        assertThat(first.getRecipientInfos().getObjectAt(0)).isNotEqualTo(second.getRecipientInfos().getObjectAt(0));
        assertThat(first.getAuthEncryptedContentInfo().getContentEncryptionAlgorithm())
                .isNotEqualTo(second.getAuthEncryptedContentInfo().getContentEncryptionAlgorithm());
    }

    @Test
    void refusesRecipientsWithRsaKeysBelow2048Bits() {
        assertThatThrownBy(() -> new CmsEncryptor(PKI.rsa1024.cert()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("RSA key below 2048 bits");
    }

    @Test
    void refusesCertificatesWhoseKeyUsageForbidsEncryption() {
        // The CA certificate may only sign certificates and CRLs.
        assertThatThrownBy(() -> new CmsEncryptor(PKI.ca.cert()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("keyUsage lacks keyAgreement");
    }
}
