package org.tipgate.crypto;

import java.util.Objects;

/**
 * What a signed feed's first bytes say its size is: a DER ContentInfo states its length in its
 * header, so a feed still arriving can be known to be complete, or too long, by its bytes alone.
 * The signature verifier holds a feed to exactly that size (nothing missing, nothing after it).
 */
public final class DeclaredSize {

    private DeclaredSize() {
    }

    /**
     * The size of the whole feed whose first {@code length} bytes are given, from its DER header;
     * -1 if they are not the start of a DER SEQUENCE of a size a feed may have, or end inside its
     * header.
     */
    public static long of(byte[] bytes, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        return DerInput.declaredSize(bytes, offset, length);
    }
}
