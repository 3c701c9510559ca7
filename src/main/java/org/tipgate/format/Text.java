package org.tipgate.format;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * The one place text from elsewhere (a server's answer, a library's message, a value from a file,
 * a refusal reason) is made fit for what the gateway writes: one line of a log or an exception
 * ({@link #printable}), a column of bounded length ({@link #clip}), the audit trail
 * ({@link #auditReason}). A remote server must not be able to forge log lines through us, and the
 * audit trail must not keep what a sender wrote.
 */
public final class Text {

    private static final Pattern SPACES = Pattern.compile(" {2,}");
    private static final Pattern QUOTED_MEMBER = Pattern.compile("property '[^']*' is not defined in the schema");
    private static final String UNNAMED_MEMBER = "property (name not recorded) is not defined in the schema";

    private Text() {
    }

    /**
     * {@code text} on one printable line: control and format characters become spaces, runs of
     * spaces one, and the length is capped at {@code maxChars} (then "..." follows); null is "".
     */
    public static String printable(String text, int maxChars) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(Math.min(text.length(), maxChars + 1));
        text.codePoints().forEach(c -> out.appendCodePoint(isUnsafe(c) ? ' ' : c));
        String clean = SPACES.matcher(out).replaceAll(" ").strip();
        return clean.length() <= maxChars ? clean : clean.substring(0, maxChars) + "...";
    }

    /** The start of a body as {@link #printable} text; bytes that are not UTF-8 show as U+FFFD. */
    public static String excerpt(byte[] body, int maxChars) {
        int length = Math.min(body.length, maxChars * 4);
        return printable(new String(body, 0, length, StandardCharsets.UTF_8), maxChars);
    }

    /** {@code text} cut to at most {@code max} characters, ending in "..." when cut; null stays null. */
    public static String clip(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max - 3) + "...";
    }

    /**
     * A refusal reason as the audit trail keeps it. Reasons are made to name JSON paths and rules,
     * never values ({@link ProblemText}, the feed reader's fixed texts), with one exception: a
     * member the schema does not define is quoted by name when the name is plain, so that a sender
     * can find its typo in the ack. A plain name can still be a phone number, an IP address or a
     * person's name ({@code "9876543210": ...}), so the audit trail keeps only that such a member
     * was there. Null stays null.
     */
    public static String auditReason(String reason) {
        return reason == null ? null : QUOTED_MEMBER.matcher(reason).replaceAll(UNNAMED_MEMBER);
    }

    private static boolean isUnsafe(int c) {
        int type = Character.getType(c);
        return Character.isISOControl(c) || type == Character.FORMAT || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR || type == Character.UNASSIGNED || type == Character.SURROGATE;
    }
}
