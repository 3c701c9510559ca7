package org.tipgate.crypto;

import java.io.InputStream;
import java.io.OutputStream;
import java.security.Key;
import java.security.PrivateKey;
import java.util.Arrays;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.cms.GCMParameters;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.InputStreamWithMAC;
import org.bouncycastle.cms.KeyTransRecipientInformation;
import org.bouncycastle.cms.Recipient;
import org.bouncycastle.cms.RecipientInformation;
import org.bouncycastle.cms.RecipientOperator;
import org.bouncycastle.cms.jcajce.JceKeyAgreeAuthEnvelopedRecipient;
import org.bouncycastle.cms.jcajce.JceKeyTransAuthEnvelopedRecipient;
import org.bouncycastle.operator.InputAEADDecryptor;

/**
 * The Recipient an envelope is opened with: Bouncy Castle's own AuthEnvelopedData recipients for the
 * key (RSA key transport or ECDH key agreement and AES key unwrap, on {@link Bc#PROVIDER}, unchanged),
 * but the content decrypted by {@link FastGcm} instead of Bouncy Castle's GCM.
 *
 * <p>How Bouncy Castle hands over the content: {@code RecipientInformation.getContentStream} asks the
 * recipient for a {@link RecipientOperator}; for an {@link InputAEADDecryptor} it passes the
 * decryptor's AAD stream to the parser and the encrypted content to the decryptor as one stream, the
 * ciphertext followed by the separate {@code mac} field of AuthEnvelopedData
 * ({@link InputStreamWithMAC}). When the ciphertext ends, the parser reads the authenticated
 * attributes, if any, writes their DER into the AAD stream, and only then yields the mac: the layout
 * {@link GcmDecryption} reads, additional data folded in late. Key unwrapping is the
 * recipients' protected {@code extractSecretKey}, and fails as before, with a CMSException.
 */
final class EnvelopeRecipients {

    private static final int KEY_LENGTH = 32;

    private EnvelopeRecipients() {
    }

    static Recipient forInfo(RecipientInformation info, PrivateKey key) {
        if (info instanceof KeyTransRecipientInformation) {
            return new KeyTransport(key);
        }
        return new KeyAgreement(key);
    }

    /** Decrypts the content under {@code contentKey} as AES-256-GCM with a 12-byte nonce and 16-byte tag. */
    static RecipientOperator operator(AlgorithmIdentifier contentEncryption, Key contentKey) throws CMSException {
        if (!NISTObjectIdentifiers.id_aes256_GCM.equals(contentEncryption.getAlgorithm())) {
            throw new CMSException("content encryption " + contentEncryption.getAlgorithm() + ": AES-256-GCM required");
        }
        GCMParameters parameters = GCMParameters.getInstance(contentEncryption.getParameters());
        if (parameters == null || parameters.getNonce().length != FastGcm.NONCE_LENGTH
                || parameters.getIcvLen() != FastGcm.TAG_LENGTH) {
            throw new CMSException("AES-GCM needs a 12-byte nonce and a 16-byte tag");
        }
        byte[] raw = contentKey.getEncoded();
        if (raw == null || raw.length != KEY_LENGTH) {
            throw new CMSException("the content-encryption key is not an AES-256 key");
        }
        GcmDecryption decryption;
        try {
            decryption = new GcmDecryption(raw, parameters.getNonce(), -1);
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
        return new RecipientOperator(new Decryptor(contentEncryption, decryption));
    }

    private static final class KeyTransport extends JceKeyTransAuthEnvelopedRecipient {
        KeyTransport(PrivateKey key) {
            super(key);
            setProvider(Bc.PROVIDER);
        }

        @Override
        public RecipientOperator getRecipientOperator(AlgorithmIdentifier keyEncryption,
                AlgorithmIdentifier contentEncryption, byte[] encryptedContentKey) throws CMSException {
            return operator(contentEncryption, extractSecretKey(keyEncryption, contentEncryption, encryptedContentKey));
        }
    }

    private static final class KeyAgreement extends JceKeyAgreeAuthEnvelopedRecipient {
        KeyAgreement(PrivateKey key) {
            super(key);
            setProvider(Bc.PROVIDER);
        }

        @Override
        public RecipientOperator getRecipientOperator(AlgorithmIdentifier keyEncryption,
                AlgorithmIdentifier contentEncryption, SubjectPublicKeyInfo senderKey,
                ASN1OctetString userKeyingMaterial, byte[] encryptedContentKey) throws CMSException {
            return operator(contentEncryption, extractSecretKey(keyEncryption, contentEncryption, senderKey,
                    userKeyingMaterial, encryptedContentKey));
        }
    }

    private static final class Decryptor implements InputAEADDecryptor {
        private final AlgorithmIdentifier algorithm;
        private final GcmDecryption decryption;
        private InputStream encrypted;

        Decryptor(AlgorithmIdentifier algorithm, GcmDecryption decryption) {
            this.algorithm = algorithm;
            this.decryption = decryption;
        }

        @Override
        public AlgorithmIdentifier getAlgorithmIdentifier() {
            return algorithm;
        }

        @Override
        public InputStream getInputStream(InputStream encryptedContentAndMac) {
            if (encrypted != null) {
                throw new IllegalStateException("one content stream per decryptor");
            }
            encrypted = encryptedContentAndMac;
            return decryption.input(encryptedContentAndMac);
        }

        @Override
        public OutputStream getAADStream() {
            return decryption.aadStream();
        }

        /** The mac field, once the content has been read (as Bouncy Castle's own decryptor answers). */
        @Override
        public byte[] getMAC() {
            return encrypted instanceof InputStreamWithMAC withMac ? withMac.getMAC() : null;
        }
    }
}
