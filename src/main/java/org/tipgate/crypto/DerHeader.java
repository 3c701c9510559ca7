package org.tipgate.crypto;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import org.tipgate.format.RejectedException;
import org.tipgate.format.RejectionCode;

/** The identifier and definite-length octets of one DER element (X.690 8.1.2, 8.1.3, 10.1). */
final class DerHeader {

    static final int SEQUENCE = 0x30;
    static final int OCTET_STRING = 0x04;
    static final int CONTEXT_0_CONSTRUCTED = 0xA0;

    private DerHeader() {
    }

    /** The header for an element of {@code tag} whose contents are {@code length} bytes. */
    static byte[] of(int tag, long length) {
        if (length < 0) {
            throw new IllegalArgumentException("negative length " + length);
        }
        if (length < 0x80) {
            return new byte[] {(byte) tag, (byte) length};
        }
        int octets = (Long.SIZE - Long.numberOfLeadingZeros(length) + 7) / 8;
        byte[] header = new byte[2 + octets];
        header[0] = (byte) tag;
        header[1] = (byte) (0x80 | octets);
        for (int i = 0; i < octets; i++) {
            header[2 + i] = (byte) (length >>> (8 * (octets - 1 - i)));
        }
        return header;
    }

    /**
     * Reads the length octets of one DER element, strictly (X.690 8.1.3, 10.1): the definite form,
     * in the fewest octets that hold the length; each octet read is also written to {@code copy},
     * when given. The one reader of DER lengths that TipGate parses itself (the outer levels of
     * SignedData and AuthEnvelopedData, before Bouncy Castle sees them).
     *
     * @throws RejectedException MALFORMED_CMS for an indefinite (BER) or non-minimal length, for
     *     more than 8 length octets, or for input that ends inside the length
     */
    static long readLength(InputStream in, ByteArrayOutputStream copy) throws RejectedException, IOException {
        int first = next(in, copy);
        if (first < 0x80) {
            return first;
        }
        if (first == 0x80) {
            throw malformed("indefinite-length (BER) encoding; an indefinite length is not DER, definite lengths"
                    + " are required");
        }
        int octets = first & 0x7f;
        if (octets > 8) {
            throw malformed("length of " + octets + " octets");
        }
        long length = 0;
        for (int i = 0; i < octets; i++) {
            int b = next(in, copy);
            if (length > (Long.MAX_VALUE >>> 8)) {
                throw malformed("length of " + octets + " octets over 2^63");
            }
            length = (length << 8) | b;
        }
        if (of(SEQUENCE, length).length != 2 + octets) {
            throw malformed("length not in minimal form (not DER)");
        }
        return length;
    }

    private static int next(InputStream in, ByteArrayOutputStream copy) throws RejectedException, IOException {
        int b = in.read();
        if (b == -1) {
            throw malformed("truncated: input ends inside the ContentInfo header");
        }
        if (copy != null) {
            copy.write(b);
        }
        return b;
    }

    private static RejectedException malformed(String reason) {
        return new RejectedException(RejectionCode.MALFORMED_CMS, reason);
    }

    /** Header plus contents: the whole element's size. */
    static long elementLength(long contentLength) {
        return of(0, contentLength).length + contentLength;
    }
}
