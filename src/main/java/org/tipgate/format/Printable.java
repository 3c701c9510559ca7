package org.tipgate.format;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * Text that came from elsewhere (a server's answer, a library's message), made fit for one line of
 * a log or an exception: control and format characters become spaces, runs of spaces one, and the
 * length is capped. A remote server must not be able to forge log lines through us.
 */
public final class Printable {

    private static final Pattern SPACES = Pattern.compile(" {2,}");

    private Printable() {
    }

    public static String of(String text, int maxChars) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(Math.min(text.length(), maxChars + 1));
        text.codePoints().forEach(c -> out.appendCodePoint(isUnsafe(c) ? ' ' : c));
        String clean = SPACES.matcher(out).replaceAll(" ").strip();
        return clean.length() <= maxChars ? clean : clean.substring(0, maxChars) + "...";
    }

    /** The start of a body as text; bytes that are not UTF-8 show as U+FFFD. */
    public static String excerpt(byte[] body, int maxChars) {
        int length = Math.min(body.length, maxChars * 4);
        return of(new String(body, 0, length, StandardCharsets.UTF_8), maxChars);
    }

    private static boolean isUnsafe(int c) {
        int type = Character.getType(c);
        return Character.isISOControl(c) || type == Character.FORMAT || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR || type == Character.UNASSIGNED || type == Character.SURROGATE;
    }
}
