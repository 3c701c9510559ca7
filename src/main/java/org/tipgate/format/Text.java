package org.tipgate.format;

/** Small text helpers for what the gateway stores and reports. */
public final class Text {

    private Text() {
    }

    /** {@code text} cut to at most {@code max} characters, ending in "..." when cut; null stays null. */
    public static String clip(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max - 3) + "...";
    }
}
