package org.tipgate.testing;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Finding bytes inside DER and files, for tests that alter them in place. */
public final class Bytes {

    private Bytes() {
    }

    /** Where {@code needle} first stands in {@code haystack}; fails the test if it does not. */
    public static int indexOf(byte[] haystack, byte[] needle) {
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        throw new AssertionError("not found: " + new String(needle, StandardCharsets.ISO_8859_1));
    }
}
