package org.tipgate.intake;

import java.util.regex.Pattern;

/**
 * File names an agency may use in its account: plain names only. A name with a path separator,
 * {@code ..}, a NUL or any control character never reaches the file system.
 */
final class SafeNames {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,199}");

    /** Suffix of a file still being uploaded; it is taken once renamed without it. */
    static final String TEMPORARY_SUFFIX = ".part";

    private SafeNames() {
    }

    static boolean isSafe(String name) {
        return name != null && NAME.matcher(name).matches() && !name.contains("..");
    }

    static boolean isTemporary(String name) {
        return name.endsWith(TEMPORARY_SUFFIX);
    }
}
