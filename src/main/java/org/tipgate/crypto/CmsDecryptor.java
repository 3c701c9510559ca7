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
import java.util.Objects;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cms.CMSAuthEnvelopedDataParser;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.PKIXRecipientId;
import org.bouncycastle.cms.RecipientId;
import org.bouncycastle.cms.RecipientInformation;
import org.bouncycastle.crypto.io.InvalidCipherTextIOException;
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

    public void decrypt(InputStream cms, OutputStream plaintext) throws RejectedException, IOException {
        EnvelopeStreams streams = new EnvelopeStreams();
        EnvelopeFrame frame = EnvelopeFrame.read(streams.source(cms));
        try {
            open(frame, streams.sink(plaintext));
        } catch (InvalidCipherTextIOException e) {
            refuseMisframed(frame);
            throw new RejectedException(RejectionCode.SIGNATURE_INVALID,
                    "authentication tag mismatch: content altered", e);
        } catch (IOException | CMSException | RuntimeException e) {
            IOException own = streams.callerFailure(e);
            if (own != null) {
                throw own;
            }
            refuseMisframed(frame);
            throw new RejectedException(RejectionCode.MALFORMED_CMS, frame.truncated()
                    ? "truncated: input ends before the declared length"
                    : "unparseable AuthEnvelopedData: " + e.getMessage(), e);
        }
    }

    /** An element framed wrongly inside the envelope is the reason to give, whatever Bouncy Castle made of it. */
    private static void refuseMisframed(EnvelopeFrame frame) throws RejectedException {
        RejectedException misframed = frame.framingViolation();
        if (misframed != null) {
            throw misframed;
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

    private void open(EnvelopeFrame frame, OutputStream plaintext)
            throws IOException, CMSException, RejectedException {
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
        LastByteHeld out = new LastByteHeld(plaintext);
        content.transferTo(out);
        parser.getUnauthAttrs();
        frame.requireEnd();
        out.release();
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
    private static final class LastByteHeld extends OutputStream {
        private final OutputStream out;
        private int held = -1;

        LastByteHeld(OutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            if (held != -1) {
                out.write(held);
            }
            held = b & 0xff;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            Objects.checkFromIndexSize(off, len, b.length);
            if (len == 0) {
                return;
            }
            if (held != -1) {
                out.write(held);
            }
            out.write(b, off, len - 1);
            held = b[off + len - 1] & 0xff;
        }

        void release() throws IOException {
            if (held != -1) {
                out.write(held);
                held = -1;
            }
        }
    }

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
