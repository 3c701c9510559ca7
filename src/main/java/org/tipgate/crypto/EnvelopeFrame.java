package org.tipgate.crypto;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.Arrays;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1InputStream;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Set;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.bouncycastle.asn1.cms.KeyAgreeRecipientInfo;
import org.bouncycastle.asn1.cms.KeyTransRecipientInfo;
import org.bouncycastle.asn1.cms.RecipientInfo;
import org.tipgate.format.RejectedException;
import org.tipgate.format.RejectionCode;

/**
 * The outer ContentInfo of an envelope, read by hand before Bouncy Castle sees it: its definite
 * length bounds the parse (no inner length can claim more than the structure holds), shows where
 * the structure ends (so trailing bytes are found), and tells a truncated input from a garbled one.
 * The [0] content and the enveloped data SEQUENCE in it must each fill their parent exactly, which
 * is checked from their headers before anything is parsed or decrypted; every element inside the
 * enveloped data is checked the same way as Bouncy Castle reads it ({@link DerFraming}).
 */
final class EnvelopeFrame {

    private static final int SEQUENCE = 0x30;
    private static final int OID = 0x06;
    private static final int CONTEXT_0 = 0xA0;
    private static final int MAX_OID_LENGTH = 64;
    /** Far more than the RecipientInfos of any envelope TipGate opens (one recipient: under 1 KiB). */
    private static final long MAX_RECIPIENT_INFOS = 1 << 16;
    private static final ASN1ObjectIdentifier AUTH_ENVELOPED_DATA =
            CMSObjectIdentifiers.authEnvelopedData;

    private final InputStream source;
    private final byte[] prefix;
    private final int size;
    private final ASN1ObjectIdentifier contentType;
    private final Body body;

    private EnvelopeFrame(InputStream source, byte[] prefix, int size, ASN1ObjectIdentifier contentType) {
        this.source = source;
        this.prefix = prefix;
        this.size = size;
        this.contentType = contentType;
        this.body = new Body(size - prefix.length);
    }

    /**
     * Reads the outer SEQUENCE header, the contentType OID and the headers of the [0] content and
     * of the SEQUENCE inside it, no further; each of those two must fill its parent exactly.
     */
    static EnvelopeFrame read(InputStream source) throws IOException, RejectedException {
        ByteArrayOutputStream prefix = new ByteArrayOutputStream();
        if (next(source, prefix) != SEQUENCE) {
            throw malformed("not a DER ContentInfo: no SEQUENCE at the start");
        }
        long length = readLength(source, prefix);
        int headerLength = prefix.size();
        if (length > Integer.MAX_VALUE - headerLength) {
            // Bouncy Castle's parser holds lengths in an int: a larger envelope could never be opened.
            throw new RejectedException(RejectionCode.TOO_LARGE,
                    "envelope of " + length + " bytes exceeds the 2 GiB limit");
        }
        if (next(source, prefix) != OID) {
            throw malformed("ContentInfo does not start with a contentType OID");
        }
        long oidLength = readLength(source, prefix);
        if (oidLength > MAX_OID_LENGTH) {
            throw malformed("contentType OID of " + oidLength + " bytes");
        }
        int oidStart = headerLength;
        for (long i = 0; i < oidLength; i++) {
            next(source, prefix);
        }
        if (prefix.size() - headerLength > length) {
            throw malformed("contentType OID overruns the ContentInfo");
        }
        ASN1ObjectIdentifier contentType = oid(prefix.toByteArray(), oidStart);
        long content = requireFilling(source, prefix, CONTEXT_0, "its [0] content", "the ContentInfo",
                length - (prefix.size() - headerLength));
        long enveloped = requireFilling(source, prefix, SEQUENCE, "the enveloped data SEQUENCE", "the [0] content",
                content);
        int envelopedStart = prefix.size();
        if (AUTH_ENVELOPED_DATA.equals(contentType)) {
            requireRecipientInfos(source, prefix, enveloped);
        }
        if (prefix.size() - envelopedStart > enveloped) {
            throw malformed("the RecipientInfos overrun the AuthEnvelopedData");
        }
        return new EnvelopeFrame(source, prefix.toByteArray(), (int) (headerLength + length), contentType);
    }

    /**
     * The AuthEnvelopedData's version and RecipientInfos, read whole (they are small) and checked
     * before Bouncy Castle sees them, which ignores versions: version 0 (RFC 5083), no
     * originatorInfo (TipGate needs none), and RecipientInfos in DER whose every RecipientInfo
     * carries the version RFC 5652 gives its kind. None of these bytes is covered by the tag, so an
     * altered one would otherwise open.
     */
    private static void requireRecipientInfos(InputStream source, ByteArrayOutputStream prefix, long room)
            throws IOException, RejectedException {
        if (room < 3 || next(source, prefix) != 0x02 || next(source, prefix) != 0x01 || next(source, prefix) != 0x00) {
            throw malformed("the AuthEnvelopedData does not start with version 0");
        }
        int start = prefix.size();
        int tag = next(source, prefix);
        if (tag != 0x31) {
            throw malformed(String.format("the AuthEnvelopedData holds %s where its RecipientInfos SET belongs",
                    tag == CONTEXT_0 ? "an originatorInfo" : String.format("tag 0x%02x", tag)));
        }
        long length = readLength(source, prefix);
        if (length > MAX_RECIPIENT_INFOS) {
            throw malformed("RecipientInfos of " + length + " bytes");
        }
        for (long i = 0; i < length; i++) {
            next(source, prefix);
        }
        byte[] encoded = Arrays.copyOfRange(prefix.toByteArray(), start, prefix.size());
        ASN1Set infos;
        try {
            infos = ASN1Set.getInstance(ASN1Primitive.fromByteArray(encoded));
            if (!Arrays.equals(infos.getEncoded(ASN1Encoding.DER), encoded)) {
                throw malformed("the RecipientInfos are not in DER");
            }
            for (ASN1Encodable info : infos) {
                requireVersion(RecipientInfo.getInstance(info));
            }
        } catch (IOException | RuntimeException e) {
            throw new RejectedException(RejectionCode.MALFORMED_CMS, "unreadable RecipientInfos: " + e.getMessage(), e);
        }
    }

    /** RFC 5652, 6.2: each kind of RecipientInfo has its version, which no reader may take otherwise. */
    private static void requireVersion(RecipientInfo info) throws RejectedException {
        ASN1Encodable kind = info.getInfo();
        int expected;
        String what;
        if (kind instanceof KeyTransRecipientInfo ktri) {
            // 0 for an issuer and serial number, 2 for a subject key identifier ([0]).
            expected = ktri.getRecipientIdentifier().isTagged() ? 2 : 0;
            what = "KeyTransRecipientInfo";
        } else if (kind instanceof KeyAgreeRecipientInfo) {
            expected = 3;
            what = "KeyAgreeRecipientInfo";
        } else {
            return;
        }
        int version = info.getVersion().intValueExact();
        if (version != expected) {
            throw malformed(what + " of version " + version + ", not " + expected);
        }
    }

    ASN1ObjectIdentifier contentType() {
        return contentType;
    }

    /** The whole ContentInfo for Bouncy Castle; the ASN1InputStream wrapper only carries the limit. */
    InputStream content() {
        return new ASN1InputStream(new SequenceInputStream(new ByteArrayInputStream(prefix), body), size);
    }

    boolean truncated() {
        return body.sourceEnded;
    }

    /** After the parse: nothing left unread inside the structure, and nothing after it. */
    void requireEnd() throws IOException, RejectedException {
        if (body.remaining > 0) {
            throw malformed(body.remaining + " unexpected bytes inside the ContentInfo");
        }
        body.framing.finish();
        if (source.read() != -1) {
            throw malformed("trailing bytes after the AuthEnvelopedData");
        }
    }

    /** The framing fault found inside the enveloped data as it was read, if any: the reason to refuse it. */
    RejectedException framingViolation() {
        return body.framing.violation();
    }

    static RejectedException malformed(String reason) {
        return new RejectedException(RejectionCode.MALFORMED_CMS, reason);
    }

    /**
     * Reads the header of the element that must fill the rest of its parent ({@code room} bytes),
     * and checks that it does, exactly: its length is checked against its parent's before Bouncy
     * Castle parses anything or any content is decrypted, so that an envelope whose parent claims
     * more or fewer bytes than its content holds is refused at once. Returns the element's length.
     */
    private static long requireFilling(InputStream source, ByteArrayOutputStream prefix, int tag, String element,
                                       String parent, long room) throws IOException, RejectedException {
        if (room <= 0) {
            throw malformed(parent + " ends before " + element);
        }
        int start = prefix.size();
        int actual = next(source, prefix);
        if (actual != tag) {
            throw malformed(String.format("%s does not hold %s (tag 0x%02x, not 0x%02x)", parent, element, actual, tag));
        }
        long length = readLength(source, prefix);
        long filled = prefix.size() - start + length;
        if (filled != room) {
            throw malformed(String.format("%s of %d bytes does not fill %s, which has %d bytes for it",
                    element, filled, parent, room));
        }
        return length;
    }

    /** A length in the envelope: strict DER ({@link DerHeader#readLength}), and under 2 GiB. */
    private static long readLength(InputStream source, ByteArrayOutputStream prefix)
            throws IOException, RejectedException {
        long length = DerHeader.readLength(source, prefix);
        if (length > Integer.MAX_VALUE) {
            throw new RejectedException(RejectionCode.TOO_LARGE, "a length of " + length
                    + " bytes exceeds the 2 GiB limit");
        }
        return length;
    }

    private static ASN1ObjectIdentifier oid(byte[] bytes, int start) throws RejectedException {
        try {
            return (ASN1ObjectIdentifier) ASN1ObjectIdentifier.fromByteArray(
                    Arrays.copyOfRange(bytes, start, bytes.length));
        } catch (IOException | RuntimeException e) {
            throw new RejectedException(RejectionCode.MALFORMED_CMS, "unreadable contentType OID", e);
        }
    }

    private static int next(InputStream source, ByteArrayOutputStream prefix) throws IOException, RejectedException {
        int b = source.read();
        if (b == -1) {
            throw malformed("truncated: input ends inside the ContentInfo header");
        }
        prefix.write(b);
        return b;
    }

    /** The rest of the ContentInfo, never read past its declared end. */
    private final class Body extends InputStream {
        private long remaining;
        private boolean sourceEnded;
        private final DerFraming framing;

        Body(long length) {
            this.remaining = length;
            this.framing = new DerFraming(length);
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (remaining == 0) {
                return -1;
            }
            int n = source.read(b, off, (int) Math.min(len, remaining));
            if (n == -1) {
                sourceEnded = true;
                return -1;
            }
            remaining -= n;
            framing.update(b, off, n);
            return n;
        }
    }
}
