package org.tipgate.crypto;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cms.CMSAuthEnvelopedDataParser;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.PKIXRecipientId;
import org.bouncycastle.cms.RecipientId;
import org.bouncycastle.cms.RecipientInformation;
import org.tipgate.format.RejectedException;
import org.tipgate.format.RejectionCode;

/**
 * Decrypts AuthEnvelopedData for one recipient, streaming; the GCM tag is checked at the end, so the
 * caller must treat written plaintext as untrusted until decrypt returns.
 *
 * <p>Refusals: not an AuthEnvelopedData, unparseable, truncated, BER outer length or trailing bytes,
 * a RecipientInfo naming this certificate's issuer in another encoding than the certificate's:
 * MALFORMED_CMS; no RecipientInfo names this certificate: {@link NotAddressedException};
 * EnvelopedData or anything but AES-256-GCM (see {@link EnvelopePolicy}): ALGORITHM_REJECTED; tag
 * mismatch or a key that cannot be unwrapped: SIGNATURE_INVALID. A failure of the caller's own
 * streams stays an IOException. Immutable, so one instance may serve concurrent calls.
 *
 * <p>Where it runs: Bouncy Castle parses the structure and unwraps the content key
 * ({@link Bc#PROVIDER}); the content is decrypted by {@link FastGcm} on the JDK's AES-CTR and
 * AES-GCM intrinsics ({@link EnvelopeRecipients}), streaming and holding back only the 16-byte tag
 * and the content's last byte (released once the tag holds and the envelope has been read to its
 * end, nothing after it), where SunJCE's own GCM decryption
 * would hold the whole content and Bouncy Castle's GCM runs at about 100 MB/s.
 */
public final class CmsDecryptor {

    private final X509CertificateHolder recipient;
    private final String reader;
    private final PrivateKey key;

    /** @throws IllegalArgumentException when the key is not of the certificate's kind (RSA or EC) */
    public CmsDecryptor(X509Certificate recipientCert, PrivateKey recipientKey) {
        boolean rsa = recipientCert.getPublicKey() instanceof RSAPublicKey;
        boolean ec = recipientCert.getPublicKey() instanceof ECPublicKey;
        if (!(rsa && recipientKey instanceof RSAPrivateKey || ec && recipientKey instanceof ECPrivateKey)) {
            throw new IllegalArgumentException("a " + recipientKey.getAlgorithm() + " key cannot open envelopes for a "
                    + recipientCert.getPublicKey().getAlgorithm() + " certificate");
        }
        try {
            this.recipient = new JcaX509CertificateHolder(recipientCert);
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("unreadable recipient certificate", e);
        }
        this.reader = NotAddressedException.describe(recipientCert.getSubjectX500Principal(),
                recipientCert.getSerialNumber(), recipientCert.getIssuerX500Principal());
        this.key = recipientKey;
    }

    /**
     * Decrypts the envelope into {@code plaintext}, which must be treated as untrusted until this
     * returns: the refusal of altered content comes at its end ({@link #open} says how).
     */
    public void decrypt(InputStream cms, OutputStream plaintext) throws RejectedException, IOException {
        EnvelopeContent in = open(cms);
        try {
            in.transferTo(plaintext);
        } catch (EnvelopeContent.Refused refused) {
            throw refused.refusal();
        }
    }

    /**
     * The envelope's plaintext as a stream the caller pulls. What the envelope's start shows (its
     * type, algorithms, recipient, key) is refused here; what its content shows, as it is read, as
     * a {@link EnvelopeContent.Refused} (an IOException carrying the refusal, which
     * {@link EnvelopeContent#refusal} also
     * keeps, for a reader that wraps what it catches). The stream holds its last byte back until
     * the GCM tag holds and the envelope has been read to its end, with nothing after it, so that no
     * reader reaches the end of altered or misframed content. A failure of the caller's own stream
     * stays what it was. The caller closes {@code cms}.
     */
    public EnvelopeContent open(InputStream cms) throws RejectedException, IOException {
        EnvelopeStreams streams = new EnvelopeStreams();
        EnvelopeFrame frame = EnvelopeFrame.read(streams.source(cms));
        try {
            EnvelopePolicy.checkContentType(frame.contentType());
            CMSAuthEnvelopedDataParser parser = new CMSAuthEnvelopedDataParser(frame.content());
            EnvelopePolicy.checkContentEncryption(parser.getEncryptionAlgOID());
            RecipientInformation info = recipientInfo(parser);
            EnvelopePolicy.checkKeyEncryption(info, key);
            InputStream content;
            try {
                content = info.getContentStream(EnvelopeRecipients.forInfo(info, key)).getContentStream();
            } catch (CMSException | RuntimeException e) {
                // A wrong RSA key fails either with a padding error (CMSException) or, when the wrapped
                // key is numerically larger than the wrong key's modulus, with Bouncy Castle's unchecked
                // "input too large": both mean the same thing.
                throw new RejectedException(RejectionCode.SIGNATURE_INVALID,
                        "content-encryption key cannot be unwrapped: wrong key or altered RecipientInfo", e);
            }
            return new EnvelopeContent(frame, streams, parser, content);
        } catch (IOException | CMSException | RuntimeException e) {
            throw EnvelopeContent.refusalOf(frame, streams, e);
        }
    }

    public byte[] decrypt(byte[] cms) throws RejectedException {
        ByteArrayOutputStream plaintext = new ByteArrayOutputStream();
        try {
            decrypt(new ByteArrayInputStream(cms), plaintext);
        } catch (IOException e) {
            throw new UncheckedIOException("in-memory streams cannot fail", e);
        }
        return plaintext.toByteArray();
    }

    /**
     * Bouncy Castle matches the issuer name as X.500 does, ignoring case and spacing. An envelope made
     * for this certificate copies its issuer's encoding, and the RecipientInfo is not covered by the
     * tag: a name that matches only loosely was altered, and the envelope is refused, not opened.
     */
    private void requireExactIssuer(RecipientId rid) throws RejectedException {
        if (rid instanceof PKIXRecipientId pkix && pkix.getIssuer() != null
                && !Arrays.equals(der(pkix.getIssuer()), der(recipient.getIssuer()))) {
            throw new RejectedException(RejectionCode.MALFORMED_CMS, "the RecipientInfo names the issuer \""
                    + pkix.getIssuer() + "\" in another encoding than the certificate of " + reader);
        }
    }

    private static byte[] der(X500Name name) {
        try {
            return name.getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new UncheckedIOException("an X.500 name in memory cannot fail to encode", e);
        }
    }

    /**
     * Passes the plaintext on but for its last byte, which it writes only on {@link #release()}: once
     * the tag holds and the envelope has been read to its end, so that a refused envelope never
     * leaves its whole content with the caller (bytes after the mac, or after the ContentInfo, are
     * found only after the tag).
     */

    private RecipientInformation recipientInfo(CMSAuthEnvelopedDataParser parser) throws RejectedException {
        List<String> others = new ArrayList<>();
        for (RecipientInformation info : parser.getRecipientInfos().getRecipients()) {
            if (info.getRID().match(recipient)) {
                requireExactIssuer(info.getRID());
                return info;
            }
            others.add(NotAddressedException.describe(info));
        }
        throw new NotAddressedException(reader, others);
    }
}
