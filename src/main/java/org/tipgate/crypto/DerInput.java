package org.tipgate.crypto;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.Arrays;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.tipgate.format.RejectedException;
import org.tipgate.format.RejectionCode;

/**
 * The outer level of a ContentInfo, read here rather than by Bouncy Castle (which accepts BER):
 * a SEQUENCE with a definite, minimally encoded length, whose first element is the id-signedData
 * OID. Bouncy Castle then parses a view bounded to exactly that length, and afterwards
 * {@link #requireEnd()} proves it consumed all of it and that nothing follows.
 */
final class DerInput {

    private static final byte[] SIGNED_DATA_OID = encode(CMSObjectIdentifiers.signedData);

    private final MeasuredInput source;
    private final byte[] prefix;
    private final BoundedInput body;

    private DerInput(MeasuredInput source, byte[] prefix, BoundedInput body) {
        this.source = source;
        this.prefix = prefix;
        this.body = body;
    }

    static DerInput open(MeasuredInput source) throws RejectedException, IOException {
        int tag = source.read();
        if (tag == -1) {
            throw malformed("empty input");
        }
        if (tag != DerHeader.SEQUENCE) {
            throw malformed(String.format("input starts with tag 0x%02x, not a ContentInfo SEQUENCE", tag));
        }
        long length = readLength(source);
        BoundedInput body = new BoundedInput(source, length);
        byte[] oidElement = contentTypeElement(body);
        if (!Arrays.equals(oidElement, SIGNED_DATA_OID)) {
            throw malformed("content type " + describe(oidElement) + " is not id-signedData");
        }
        ByteArrayOutputStream prefix = new ByteArrayOutputStream();
        prefix.writeBytes(DerHeader.of(DerHeader.SEQUENCE, length));
        prefix.writeBytes(oidElement);
        return new DerInput(source, prefix.toByteArray(), body);
    }

    /**
     * The content type OID element that must open the ContentInfo. The input ending before the
     * ContentInfo's declared length, here inside the OID, is a truncated ContentInfo: MALFORMED_CMS,
     * like a truncation anywhere after it, not an I/O failure.
     */
    private static byte[] contentTypeElement(BoundedInput body) throws RejectedException, IOException {
        int oidTag;
        int oidLength;
        byte[] oid;
        try {
            oidTag = body.read();
            oidLength = oidTag == -1 ? -1 : body.read();
            if (oidTag != 0x06 || oidLength < 1 || oidLength > 0x7f) {
                throw malformed("the ContentInfo does not start with a content type OID");
            }
            oid = body.readNBytes(oidLength);
        } catch (BoundedInput.Truncated e) {
            throw new RejectedException(RejectionCode.MALFORMED_CMS, "truncated: inside the content type, "
                    + e.getMessage(), e);
        }
        if (oid.length != oidLength) {
            throw malformed("the ContentInfo ends inside its content type");
        }
        ByteArrayOutputStream oidElement = new ByteArrayOutputStream();
        oidElement.write(oidTag);
        oidElement.write(oidLength);
        oidElement.writeBytes(oid);
        return oidElement.toByteArray();
    }

    /** The whole ContentInfo as Bouncy Castle must see it, ending exactly where its length says. */
    InputStream contentInfo() {
        return new SequenceInputStream(new ByteArrayInputStream(prefix), body);
    }

    /** After parsing: nothing left inside the ContentInfo, and nothing after it. */
    /** Bytes of the ContentInfo not read yet. */
    long remaining() {
        return body.remaining();
    }

    void requireEnd() throws RejectedException, IOException {
        if (body.remaining() > 0) {
            throw malformed(body.remaining() + " bytes inside the ContentInfo were not part of the SignedData");
        }
        if (source.read() != -1) {
            throw malformed("trailing data after the ContentInfo");
        }
    }

    /**
     * The size of the whole ContentInfo whose first bytes these are, from its header alone; -1 if
     * they do not start a DER SEQUENCE of a size a feed may have, or end inside its header.
     */
    static long declaredSize(byte[] bytes, int offset, int length) {
        if (length < 2 || (bytes[offset] & 0xff) != DerHeader.SEQUENCE) {
            return -1;
        }
        try {
            long contents = readLength(new ByteArrayInputStream(bytes, offset + 1, length - 1));
            return DerHeader.elementLength(contents);
        } catch (RejectedException | IOException e) {
            return -1;
        }
    }

    /** The ContentInfo's length: strict DER ({@link DerHeader#readLength}), and no more than a feed may have. */
    private static long readLength(InputStream in) throws RejectedException, IOException {
        long length = DerHeader.readLength(in, null);
        // The first test also keeps the element's length (header added) from overflowing.
        if (length > SignedDataLayout.MAX_ENCODED_LENGTH
                || DerHeader.elementLength(length) > SignedDataLayout.MAX_ENCODED_LENGTH) {
            throw tooLarge();
        }
        return length;
    }

    private static String describe(byte[] oidElement) {
        try {
            return ASN1ObjectIdentifier.getInstance(oidElement).getId();
        } catch (IllegalArgumentException e) {
            return "(unreadable OID)";
        }
    }

    private static byte[] encode(ASN1ObjectIdentifier oid) {
        try {
            return oid.getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static RejectedException malformed(String reason) {
        return new RejectedException(RejectionCode.MALFORMED_CMS, reason);
    }

    private static RejectedException tooLarge() {
        return new RejectedException(RejectionCode.TOO_LARGE,
                "CMS input over " + SignedDataLayout.MAX_ENCODED_LENGTH + " bytes cannot be verified");
    }
}
