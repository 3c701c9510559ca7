package org.tipgate.crypto;

import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateKey;
import java.util.Set;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.bouncycastle.asn1.cms.GCMParameters;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cms.KeyAgreeRecipientInformation;
import org.bouncycastle.cms.KeyTransRecipientInformation;
import org.bouncycastle.cms.RecipientInformation;
import org.tipgate.format.RejectedException;
import org.tipgate.format.RejectionCode;

/**
 * What an envelope may use, checked before any key is touched. Content: AES-256-GCM only, with a
 * 12-byte nonce and a 16-byte tag. Key transport: RSA-OAEP (what TipGate writes) and PKCS#1 v1.5
 * (what {@code openssl cms -encrypt} writes by default). Key agreement: ephemeral-static ECDH with
 * an X9.63 KDF over SHA-1 (OpenSSL's default) or SHA-2, wrapping with AES-256 only.
 */
final class EnvelopePolicy {

    private static final int NONCE_LENGTH = 12;
    private static final int TAG_LENGTH = 16;

    private static final Set<ASN1ObjectIdentifier> KEY_TRANSPORT = Set.of(
            PKCSObjectIdentifiers.id_RSAES_OAEP, PKCSObjectIdentifiers.rsaEncryption);
    private static final Set<ASN1ObjectIdentifier> KEY_AGREEMENT = Set.of(
            X9ObjectIdentifiers.dhSinglePass_stdDH_sha1kdf_scheme,
            SECObjectIdentifiers.dhSinglePass_stdDH_sha224kdf_scheme,
            SECObjectIdentifiers.dhSinglePass_stdDH_sha256kdf_scheme,
            SECObjectIdentifiers.dhSinglePass_stdDH_sha384kdf_scheme,
            SECObjectIdentifiers.dhSinglePass_stdDH_sha512kdf_scheme);

    private EnvelopePolicy() {
    }

    static void checkContentType(ASN1ObjectIdentifier type) throws RejectedException {
        if (CMSObjectIdentifiers.envelopedData.equals(type)) {
            throw rejected("EnvelopedData (content not authenticated, e.g. AES-CBC): "
                    + "AES-256-GCM AuthEnvelopedData required");
        }
        if (!CMSObjectIdentifiers.authEnvelopedData.equals(type)) {
            throw EnvelopeFrame.malformed("not an AuthEnvelopedData: content type " + type);
        }
    }

    static void checkContentEncryption(AlgorithmIdentifier algorithm) throws RejectedException {
        if (!NISTObjectIdentifiers.id_aes256_GCM.equals(algorithm.getAlgorithm())) {
            throw rejected("content encryption " + algorithm.getAlgorithm() + ": AES-256-GCM required");
        }
        GCMParameters parameters;
        try {
            parameters = GCMParameters.getInstance(algorithm.getParameters());
        } catch (RuntimeException e) {
            throw new RejectedException(RejectionCode.MALFORMED_CMS, "unreadable AES-GCM parameters", e);
        }
        if (parameters == null || parameters.getNonce().length != NONCE_LENGTH
                || parameters.getIcvLen() != TAG_LENGTH) {
            throw rejected("AES-GCM needs a " + NONCE_LENGTH + "-byte nonce and a " + TAG_LENGTH + "-byte tag");
        }
    }

    static void checkKeyEncryption(RecipientInformation info, PrivateKey key) throws RejectedException {
        ASN1ObjectIdentifier algorithm = info.getKeyEncryptionAlgorithm().getAlgorithm();
        if (info instanceof KeyTransRecipientInformation && key instanceof RSAPrivateKey) {
            if (!KEY_TRANSPORT.contains(algorithm)) {
                throw rejected("key transport " + algorithm + ": RSA-OAEP or RSA PKCS#1 v1.5 required");
            }
        } else if (info instanceof KeyAgreeRecipientInformation && key instanceof ECPrivateKey) {
            if (!KEY_AGREEMENT.contains(algorithm)) {
                throw rejected("key agreement " + algorithm + ": ephemeral-static ECDH with a SHA KDF required");
            }
            checkKeyWrap(info.getKeyEncryptionAlgorithm());
        } else {
            throw rejected(info.getClass().getSimpleName() + " " + algorithm
                    + " cannot be opened with a " + key.getAlgorithm() + " key");
        }
    }

    private static void checkKeyWrap(AlgorithmIdentifier keyAgreement) throws RejectedException {
        AlgorithmIdentifier wrap;
        try {
            wrap = AlgorithmIdentifier.getInstance(keyAgreement.getParameters());
        } catch (RuntimeException e) {
            throw new RejectedException(RejectionCode.MALFORMED_CMS, "unreadable key wrap algorithm", e);
        }
        if (wrap == null || !NISTObjectIdentifiers.id_aes256_wrap.equals(wrap.getAlgorithm())) {
            throw rejected("key wrap " + (wrap == null ? "missing" : wrap.getAlgorithm()) + ": AES-256 wrap required");
        }
    }

    private static RejectedException rejected(String reason) {
        return new RejectedException(RejectionCode.ALGORITHM_REJECTED, reason);
    }
}
