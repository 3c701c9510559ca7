package org.tipgate.crypto;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.List;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.DERTaggedObject;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.bouncycastle.asn1.cms.SignerInfo;
import org.bouncycastle.asn1.x509.Certificate;

/**
 * The DER encoding of a ContentInfo holding SignedData with one SignerInfo and attached id-data
 * content, every length computed before the content is written (RFC 5652 5.1):
 * <pre>
 * ContentInfo SEQUENCE {
 *   contentType id-signedData,
 *   [0] EXPLICIT SignedData SEQUENCE {
 *     version, digestAlgorithms SET, encapContentInfo SEQUENCE { id-data, [0] EXPLICIT OCTET STRING },
 *     certificates [0] IMPLICIT SET OF Certificate, signerInfos SET { SignerInfo } } }
 * </pre>
 * The small parts are encoded by Bouncy Castle; only the headers around the content are written here.
 */
final class SignedDataLayout {

    /** Bouncy Castle's ASN.1 parser keeps lengths in an int, so the verifier cannot read more. */
    static final long MAX_ENCODED_LENGTH = Integer.MAX_VALUE;

    private final byte[] beforeContent;
    private final byte[] afterContent;
    private final long contentLength;
    private final String digestAlgorithm;

    SignedDataLayout(SignerInfo signerInfo, List<X509Certificate> certificates, long contentLength) throws IOException {
        this.contentLength = contentLength;
        this.digestAlgorithm = AlgorithmPolicy.digestName(signerInfo.getDigestAlgorithm().getAlgorithm());
        int version = signerInfo.getVersion().intValueExact() == 3 ? 3 : 1;
        byte[] versionAndDigests = concat(new ASN1Integer(version).getEncoded(ASN1Encoding.DER),
                new DERSet(signerInfo.getDigestAlgorithm()).getEncoded(ASN1Encoding.DER));
        byte[] dataOid = CMSObjectIdentifiers.data.getEncoded(ASN1Encoding.DER);
        afterContent = concat(new DERTaggedObject(false, 0, new DERSet(asn1(certificates))).getEncoded(ASN1Encoding.DER),
                new DERSet(signerInfo).getEncoded(ASN1Encoding.DER));

        byte[] octetHeader = DerHeader.of(DerHeader.OCTET_STRING, contentLength);
        long explicitLength = octetHeader.length + contentLength;
        byte[] explicitHeader = DerHeader.of(DerHeader.CONTEXT_0_CONSTRUCTED, explicitLength);
        long encapLength = dataOid.length + explicitHeader.length + explicitLength;
        byte[] encapHeader = DerHeader.of(DerHeader.SEQUENCE, encapLength);
        long signedDataLength = versionAndDigests.length + encapHeader.length + encapLength + afterContent.length;
        byte[] signedDataHeader = DerHeader.of(DerHeader.SEQUENCE, signedDataLength);
        long wrapperLength = signedDataHeader.length + signedDataLength;
        byte[] wrapperHeader = DerHeader.of(DerHeader.CONTEXT_0_CONSTRUCTED, wrapperLength);
        byte[] signedDataOid = CMSObjectIdentifiers.signedData.getEncoded(ASN1Encoding.DER);
        long contentInfoLength = signedDataOid.length + wrapperHeader.length + wrapperLength;
        checkSize(DerHeader.elementLength(contentInfoLength));

        beforeContent = concat(DerHeader.of(DerHeader.SEQUENCE, contentInfoLength), signedDataOid, wrapperHeader,
                signedDataHeader, versionAndDigests, encapHeader, dataOid, explicitHeader, octetHeader);
    }

    /** The number of bytes {@link #write} writes. */
    long encodedLength() {
        return beforeContent.length + contentLength + afterContent.length;
    }

    static void checkSize(long length) throws IOException {
        if (length > MAX_ENCODED_LENGTH) {
            throw new IOException("a signed document of " + length + " bytes exceeds the "
                    + MAX_ENCODED_LENGTH + "-byte limit of the verifier");
        }
    }

    /**
     * Writes the whole ContentInfo, streaming {@code content}; fails if the content is not what
     * was signed (its length or its digest differ from the first pass).
     */
    void write(InputStream content, OutputStream out, byte[] signedDigest) throws IOException {
        MessageDigest digest = messageDigest();
        out.write(beforeContent);
        byte[] buffer = new byte[Streams.BUFFER];
        long written = 0;
        for (int n = content.read(buffer); n != -1 && written <= contentLength; n = content.read(buffer)) {
            int allowed = (int) Math.min(n, contentLength - written);
            digest.update(buffer, 0, n);
            out.write(buffer, 0, allowed);
            written += n;
        }
        if (written != contentLength || !MessageDigest.isEqual(digest.digest(), signedDigest)) {
            throw new IOException("content changed while signing: the second pass differs from the signed one");
        }
        out.write(afterContent);
        out.flush();
    }

    private MessageDigest messageDigest() {
        try {
            return MessageDigest.getInstance(digestAlgorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no " + digestAlgorithm, e);
        }
    }

    private static ASN1Encodable[] asn1(List<X509Certificate> certificates) throws IOException {
        ASN1Encodable[] encoded = new ASN1Encodable[certificates.size()];
        for (int i = 0; i < encoded.length; i++) {
            try {
                encoded[i] = Certificate.getInstance(certificates.get(i).getEncoded());
            } catch (CertificateEncodingException e) {
                throw new IOException("certificate cannot be encoded: " + certificates.get(i).getSubjectX500Principal(), e);
            }
        }
        return encoded;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
