package org.tipgate.crypto;

import java.io.IOException;
import java.security.PrivateKey;
import java.security.spec.ECParameterSpec;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateKey;
import java.util.Arrays;
import java.util.Set;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Null;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.bouncycastle.asn1.cms.GCMParameters;
import org.bouncycastle.asn1.cms.OriginatorPublicKey;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSAESOAEPparams;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X962Parameters;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.asn1.x9.X9ECPoint;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cms.KeyAgreeRecipientInformation;
import org.bouncycastle.cms.KeyTransRecipientInformation;
import org.bouncycastle.cms.RecipientInformation;
import org.bouncycastle.jcajce.provider.asymmetric.util.EC5Util;
import org.tipgate.format.RejectedException;
import org.tipgate.format.RejectionCode;

/**
 * What an envelope may use, checked before any key is touched. Content: AES-256-GCM only, with a
 * 12-byte nonce and a 16-byte tag. Key transport: RSA-OAEP (what TipGate writes) and PKCS#1 v1.5
 * (what {@code openssl cms -encrypt} writes by default). Key agreement: ephemeral-static ECDH with
 * an X9.63 KDF over SHA-1 (OpenSSL's default) or SHA-2, wrapping with AES-256 only, the ephemeral
 * key on the recipient's curve.
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
            if (PKCSObjectIdentifiers.id_RSAES_OAEP.equals(algorithm)) {
                checkOaepParameters(info.getKeyEncryptionAlgorithm());
            } else {
                requireNoParameters(info.getKeyEncryptionAlgorithm(), "RSA PKCS#1 v1.5 key transport");
            }
        } else if (info instanceof KeyAgreeRecipientInformation agreement && key instanceof ECPrivateKey ec) {
            if (!KEY_AGREEMENT.contains(algorithm)) {
                throw rejected("key agreement " + algorithm + ": ephemeral-static ECDH with a SHA KDF required");
            }
            checkKeyWrap(info.getKeyEncryptionAlgorithm());
            checkOriginatorKey(agreement, ec.getParams());
        } else {
            throw rejected(info.getClass().getSimpleName() + " " + algorithm
                    + " cannot be opened with a " + key.getAlgorithm() + " key");
        }
    }

    /**
     * The sender's ephemeral key (RFC 5753 3.1.1): an EC key whose parameters, if present, are the
     * recipient's curve. Bouncy Castle reads only the key's point, on the recipient's curve, and
     * ignores the parameters: they are checked here so that an envelope naming another curve (or
     * whose parameters were altered) is refused rather than opened.
     */
    private static void checkOriginatorKey(KeyAgreeRecipientInformation info, ECParameterSpec recipientCurve)
            throws RejectedException {
        OriginatorPublicKey originator = info.getOriginator().getOriginatorKey();
        if (originator == null) {
            throw rejected("key agreement without an ephemeral originator key");
        }
        AlgorithmIdentifier algorithm = originator.getAlgorithm();
        if (!X9ObjectIdentifiers.id_ecPublicKey.equals(algorithm.getAlgorithm())) {
            throw rejected("originator key " + algorithm.getAlgorithm() + ": an EC key required");
        }
        ASN1Encodable parameters = algorithm.getParameters();
        if (parameters == null || parameters instanceof ASN1Null) {
            return;
        }
        ECParameterSpec curve;
        try {
            X962Parameters x962 = X962Parameters.getInstance(parameters);
            X9ECParameters x9 = x962.isNamedCurve()
                    ? ECNamedCurveTable.getByOID(ASN1ObjectIdentifier.getInstance(x962.getParameters()))
                    : x962.isImplicitlyCA() ? null : X9ECParameters.getInstance(x962.getParameters());
            curve = x9 == null ? null : EC5Util.convertToSpec(x9);
        } catch (RuntimeException e) {
            throw new RejectedException(RejectionCode.MALFORMED_CMS, "unreadable originator key parameters", e);
        }
        if (curve == null || !sameCurve(curve, recipientCurve)) {
            throw new RejectedException(RejectionCode.MALFORMED_CMS,
                    "the originator key's parameters are not the recipient's curve");
        }
        if (!x962IsCanonical(parameters)) {
            throw new RejectedException(RejectionCode.MALFORMED_CMS,
                    "the originator key's curve parameters are not in their one encoding");
        }
    }

    /**
     * Whether explicit curve parameters are written as the one encoding of their values: the base
     * point uncompressed (SEC 1 2.3.3, first octet 4) and no seed. Bouncy Castle decodes the same
     * point from a hybrid (6, 7) or compressed (2, 3) encoding and ignores the seed, so without this
     * an envelope altered there would still open. The bytes as received are compared with those
     * Bouncy Castle writes for the same values. A named curve is one OID, nothing to rewrite.
     */
    private static boolean x962IsCanonical(ASN1Encodable parameters) {
        X962Parameters x962 = X962Parameters.getInstance(parameters);
        if (x962.isNamedCurve()) {
            return true;
        }
        X9ECParameters given = X9ECParameters.getInstance(x962.getParameters());
        X9ECParameters canonical = new X9ECParameters(given.getCurve(), new X9ECPoint(given.getG(), false),
                given.getN(), given.getH());
        try {
            return Arrays.equals(x962.getParameters().toASN1Primitive().getEncoded(ASN1Encoding.DER),
                    canonical.getEncoded(ASN1Encoding.DER));
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean sameCurve(ECParameterSpec a, ECParameterSpec b) {
        return a.getCurve().equals(b.getCurve()) && a.getGenerator().equals(b.getGenerator())
                && a.getOrder().equals(b.getOrder()) && a.getCofactor() == b.getCofactor();
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
        requireNoParameters(wrap, "AES-256 key wrap");
    }

    /**
     * RSA-OAEP's hash and MGF1's hash (RFC 4055 2.1, 4.1): Bouncy Castle takes them by their OIDs and
     * ignores their parameters, which must therefore be absent or NULL, as RFC 4055 has them, for an
     * envelope whose RecipientInfo was altered there (outside the tag) to be refused.
     */
    private static void checkOaepParameters(AlgorithmIdentifier oaep) throws RejectedException {
        AlgorithmIdentifier hash;
        AlgorithmIdentifier mgf;
        AlgorithmIdentifier mgfHash;
        try {
            RSAESOAEPparams parameters = RSAESOAEPparams.getInstance(oaep.getParameters());
            hash = parameters.getHashAlgorithm();
            mgf = parameters.getMaskGenAlgorithm();
            mgfHash = AlgorithmIdentifier.getInstance(mgf.getParameters());
        } catch (RuntimeException e) {
            throw new RejectedException(RejectionCode.MALFORMED_CMS, "unreadable RSA-OAEP parameters", e);
        }
        if (!PKCSObjectIdentifiers.id_mgf1.equals(mgf.getAlgorithm()) || mgfHash == null) {
            throw rejected("RSA-OAEP mask generation " + mgf.getAlgorithm() + ": MGF1 with a hash required");
        }
        requireNoParameters(hash, "RSA-OAEP hash");
        requireNoParameters(mgfHash, "MGF1 hash");
    }

    /** Parameters the algorithm has none of (or that Bouncy Castle ignores): absent or NULL only. */
    private static void requireNoParameters(AlgorithmIdentifier algorithm, String what) throws RejectedException {
        ASN1Encodable parameters = algorithm.getParameters();
        if (parameters != null && !(parameters instanceof ASN1Null)) {
            throw new RejectedException(RejectionCode.MALFORMED_CMS,
                    "the " + what + " algorithm " + algorithm.getAlgorithm() + " has parameters; absent or NULL required");
        }
    }

    private static RejectedException rejected(String reason) {
        return new RejectedException(RejectionCode.ALGORITHM_REJECTED, reason);
    }
}
