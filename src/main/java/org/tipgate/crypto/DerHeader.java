package org.tipgate.crypto;

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

    /** Header plus contents: the whole element's size. */
    static long elementLength(long contentLength) {
        return of(0, contentLength).length + contentLength;
    }
}
