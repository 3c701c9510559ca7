package org.tipgate.routing;

/** The form place names are compared in: trimmed, runs of white space as one space, lower case. */
final class PlaceNames {

    private PlaceNames() {
    }

    static String key(String name) {
        char[] out = new char[name.length()];
        int length = 0;
        boolean pendingSpace = false;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
                pendingSpace = length > 0;
                continue;
            }
            if (pendingSpace) {
                out[length++] = ' ';
                pendingSpace = false;
            }
            out[length++] = Character.toLowerCase(c);
        }
        return new String(out, 0, length);
    }
}
