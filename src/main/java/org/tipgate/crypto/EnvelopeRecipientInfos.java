package org.tipgate.crypto;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.MGF1ParameterSpec;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import org.bouncycastle.cms.CMSAlgorithm;
import org.bouncycastle.cms.RecipientInfoGenerator;
import org.bouncycastle.cms.jcajce.JceKeyAgreeRecipientInfoGenerator;
import org.bouncycastle.cms.jcajce.JceKeyTransRecipientInfoGenerator;
import org.bouncycastle.operator.jcajce.JceAsymmetricKeyWrapper;

/**
 * The one RecipientInfo TipGate writes per envelope: RSA-OAEP (SHA-256, MGF1-SHA-256) for an RSA
 * certificate; ephemeral-static ECDH with the SHA-256 X9.63 KDF and AES-256 key wrap for an EC one.
 */
final class EnvelopeRecipientInfos {

    /** The same floor as for signatures: a weaker recipient key would be the weakest link. */
    static final int MIN_RSA_BITS = AlgorithmPolicy.MIN_RSA_BITS;

    private static final OAEPParameterSpec OAEP_SHA256 = new OAEPParameterSpec(
            "SHA-256", "MGF1", MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT);

    private EnvelopeRecipientInfos() {
    }

    /** Refuses, at construction time, a certificate no envelope could be made for. */
    static X509Certificate requireUsable(X509Certificate cert) {
        PublicKey key = cert.getPublicKey();
        boolean[] usage = cert.getKeyUsage();
        if (key instanceof RSAPublicKey rsa) {
            if (rsa.getModulus().bitLength() < MIN_RSA_BITS) {
                throw refused(cert, "RSA key below " + MIN_RSA_BITS + " bits");
            }
            if (usage != null && !usage[2]) {
                throw refused(cert, "keyUsage lacks keyEncipherment");
            }
        } else if (key instanceof ECPublicKey) {
            if (usage != null && !usage[4]) {
                throw refused(cert, "keyUsage lacks keyAgreement");
            }
        } else {
            throw refused(cert, key.getAlgorithm() + " key: only RSA and EC recipients are supported");
        }
        return cert;
    }

    /** A fresh generator per envelope: for EC it carries the envelope's own ephemeral key pair. */
    static RecipientInfoGenerator forCertificate(X509Certificate cert) {
        try {
            if (cert.getPublicKey() instanceof ECPublicKey ec) {
                KeyPair ephemeral = ephemeralOnCurveOf(ec);
                return new JceKeyAgreeRecipientInfoGenerator(CMSAlgorithm.ECDH_SHA256KDF,
                        ephemeral.getPrivate(), ephemeral.getPublic(), CMSAlgorithm.AES256_WRAP)
                        .addRecipient(cert).setProvider(Bc.PROVIDER);
            }
            JceAsymmetricKeyWrapper wrapper = new JceAsymmetricKeyWrapper(OAEP_SHA256, cert.getPublicKey())
                    .setProvider(Bc.PROVIDER);
            return new JceKeyTransRecipientInfoGenerator(cert, wrapper).setProvider(Bc.PROVIDER);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot prepare a RecipientInfo for "
                    + cert.getSubjectX500Principal().getName(), e);
        }
    }

    private static KeyPair ephemeralOnCurveOf(ECPublicKey recipient) throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", Bc.PROVIDER);
        generator.initialize(recipient.getParams());
        return generator.generateKeyPair();
    }

    private static IllegalArgumentException refused(X509Certificate cert, String why) {
        return new IllegalArgumentException("cannot encrypt for "
                + cert.getSubjectX500Principal().getName() + ": " + why);
    }
}
