package org.tipgate.crypto;

import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Map;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.cryptopro.CryptoProObjectIdentifiers;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.oiw.OIWObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSASSAPSSparams;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.operator.DefaultAlgorithmNameFinder;
import org.tipgate.format.RejectedException;
import org.tipgate.format.RejectionCode;

/**
 * The algorithm allow-list for feeds (docs/formats.md#2-feed-sender---tipgate), checked by OID
 * before any cryptography runs. Digests SHA-256/384/512; signatures RSA PKCS#1 v1.5, RSASSA-PSS
 * (SHA-2 hash and MGF1), ECDSA with SHA-256/384/512, Ed25519; keys RSA of at least 2048 bits, EC on
 * P-256 or P-384, Ed25519. Everything else is ALGORITHM_REJECTED, named in the reason.
 */
final class AlgorithmPolicy {

    /** The names the verifier reports for an accepted SignerInfo. */
    record Names(String digest, String signature) {
    }

    static final int MIN_RSA_BITS = 2048;

    private static final Map<ASN1ObjectIdentifier, String> DIGESTS = Map.of(
            NISTObjectIdentifiers.id_sha256, "SHA-256",
            NISTObjectIdentifiers.id_sha384, "SHA-384",
            NISTObjectIdentifiers.id_sha512, "SHA-512");

    private static final Map<ASN1ObjectIdentifier, String> SIGNATURES = Map.of(
            PKCSObjectIdentifiers.sha256WithRSAEncryption, "SHA256withRSA",
            PKCSObjectIdentifiers.sha384WithRSAEncryption, "SHA384withRSA",
            PKCSObjectIdentifiers.sha512WithRSAEncryption, "SHA512withRSA",
            X9ObjectIdentifiers.ecdsa_with_SHA256, "SHA256withECDSA",
            X9ObjectIdentifiers.ecdsa_with_SHA384, "SHA384withECDSA",
            X9ObjectIdentifiers.ecdsa_with_SHA512, "SHA512withECDSA",
            EdECObjectIdentifiers.id_Ed25519, "Ed25519");

    /** Readable names for refused algorithms that senders are likely to use by mistake. */
    private static final Map<ASN1ObjectIdentifier, String> REFUSED_NAMES = Map.ofEntries(
            Map.entry(OIWObjectIdentifiers.idSHA1, "SHA-1"),
            Map.entry(PKCSObjectIdentifiers.md5, "MD5"),
            Map.entry(PKCSObjectIdentifiers.md2, "MD2"),
            Map.entry(NISTObjectIdentifiers.id_sha224, "SHA-224"),
            Map.entry(PKCSObjectIdentifiers.sha1WithRSAEncryption, "SHA1withRSA"),
            Map.entry(PKCSObjectIdentifiers.md5WithRSAEncryption, "MD5withRSA"),
            Map.entry(PKCSObjectIdentifiers.sha224WithRSAEncryption, "SHA224withRSA"),
            Map.entry(X9ObjectIdentifiers.ecdsa_with_SHA1, "SHA1withECDSA"),
            Map.entry(X9ObjectIdentifiers.ecdsa_with_SHA224, "SHA224withECDSA"),
            Map.entry(X9ObjectIdentifiers.id_dsa_with_sha1, "SHA1withDSA"),
            Map.entry(X9ObjectIdentifiers.id_dsa, "DSA"),
            Map.entry(EdECObjectIdentifiers.id_Ed448, "Ed448"),
            Map.entry(CryptoProObjectIdentifiers.gostR3411, "GOST R 34.11-94"));

    private AlgorithmPolicy() {
    }

    /** Checks the SignerInfo's digest and signature algorithms by OID, before any cryptography. */
    static Names checkNames(SignerInformation signer) throws RejectedException {
        AlgorithmIdentifier digest = signer.getDigestAlgorithmID();
        String digestName = DIGESTS.get(digest.getAlgorithm());
        if (digestName == null) {
            throw rejected("digest algorithm " + name(digest.getAlgorithm()) + " is not allowed");
        }
        AlgorithmIdentifier signature = signer.toASN1Structure().getDigestEncryptionAlgorithm();
        ASN1ObjectIdentifier oid = signature.getAlgorithm();
        if (PKCSObjectIdentifiers.rsaEncryption.equals(oid)) {
            return new Names(digestName, digestName.replace("-", "") + "withRSA");
        }
        if (PKCSObjectIdentifiers.id_RSASSA_PSS.equals(oid)) {
            return new Names(digestName, checkPss(signature.getParameters()));
        }
        String signatureName = SIGNATURES.get(oid);
        if (signatureName == null) {
            throw rejected("signature algorithm " + name(oid) + " is not allowed");
        }
        return new Names(digestName, signatureName);
    }

    /** RSA of at least 2048 bits, EC on P-256 or P-384, or Ed25519. */
    static void checkKey(PublicKey key) throws RejectedException {
        if (key instanceof RSAPublicKey rsa) {
            int bits = rsa.getModulus().bitLength();
            if (bits < MIN_RSA_BITS) {
                throw rejected("RSA-" + bits + " key; at least " + MIN_RSA_BITS + " bits required");
            }
            return;
        }
        AlgorithmIdentifier type = SubjectPublicKeyInfo.getInstance(key.getEncoded()).getAlgorithm();
        if (EdECObjectIdentifiers.id_Ed25519.equals(type.getAlgorithm())) {
            return;
        }
        if (X9ObjectIdentifiers.id_ecPublicKey.equals(type.getAlgorithm())) {
            ASN1Encodable curve = type.getParameters();
            if (SECObjectIdentifiers.secp256r1.equals(curve) || SECObjectIdentifiers.secp384r1.equals(curve)) {
                return;
            }
            throw rejected("EC key on curve " + curveName(curve) + "; P-256 or P-384 required");
        }
        throw rejected(name(type.getAlgorithm()) + " key is not allowed");
    }

    /** The JCA name of an allowed digest, for MessageDigest. */
    static String digestName(ASN1ObjectIdentifier oid) {
        String name = DIGESTS.get(oid);
        if (name == null) {
            throw new IllegalArgumentException("digest " + name(oid) + " is not allowed");
        }
        return name;
    }

    private static String checkPss(ASN1Encodable parameters) throws RejectedException {
        if (parameters == null) {
            throw rejected("RSASSA-PSS with default parameters (SHA-1) is not allowed");
        }
        RSASSAPSSparams pss;
        try {
            pss = RSASSAPSSparams.getInstance(parameters);
        } catch (IllegalArgumentException e) {
            throw rejected("RSASSA-PSS with unreadable parameters is not allowed");
        }
        String hash = DIGESTS.get(pss.getHashAlgorithm().getAlgorithm());
        if (hash == null) {
            throw rejected("RSASSA-PSS with hash " + name(pss.getHashAlgorithm().getAlgorithm()) + " is not allowed");
        }
        AlgorithmIdentifier mgf = pss.getMaskGenAlgorithm();
        if (!PKCSObjectIdentifiers.id_mgf1.equals(mgf.getAlgorithm())) {
            throw rejected("RSASSA-PSS with mask generation " + name(mgf.getAlgorithm()) + " is not allowed");
        }
        AlgorithmIdentifier mgfHash = AlgorithmIdentifier.getInstance(mgf.getParameters());
        if (mgfHash == null || !DIGESTS.containsKey(mgfHash.getAlgorithm())) {
            throw rejected("RSASSA-PSS with MGF1 over "
                    + (mgfHash == null ? "an unnamed hash" : name(mgfHash.getAlgorithm())) + " is not allowed");
        }
        return hash.replace("-", "") + "withRSAandMGF1";
    }

    static String name(ASN1ObjectIdentifier oid) {
        String name = DIGESTS.getOrDefault(oid, SIGNATURES.getOrDefault(oid, REFUSED_NAMES.get(oid)));
        if (name != null) {
            return name;
        }
        String found = new DefaultAlgorithmNameFinder().getAlgorithmName(oid);
        return found.equals(oid.getId()) ? oid.getId() : found + " (" + oid.getId() + ")";
    }

    private static String curveName(ASN1Encodable curve) {
        if (curve instanceof ASN1ObjectIdentifier oid) {
            String name = ECNamedCurveTable.getName(oid);
            return name == null ? oid.getId() : name;
        }
        return "with explicit parameters";
    }

    private static RejectedException rejected(String reason) {
        return new RejectedException(RejectionCode.ALGORITHM_REJECTED, reason);
    }
}
