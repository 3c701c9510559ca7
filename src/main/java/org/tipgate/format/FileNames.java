package org.tipgate.format;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The one file-name rule: which names may reach a file system, a Camel header or a remote server
 * (plain names: a letter or digit, then letters, digits, {@code .}, {@code _} and {@code -}, at
 * most 200 characters, never {@code ..}; so no path separator, NUL or control character), and the
 * name under which a document with a given id (an ack, a package) is handed over.
 *
 * <p>Every place that takes a name from outside (an agency's SFTP account, a sender's own outbox)
 * and every transport, before it writes, applies {@link #isPlain}: a name that could climb out of
 * its folder must not get through because one caller forgot.
 */
public final class FileNames {

    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,199}");
    /** The longest id {@link #of} uses as it is: room is left for a suffix. */
    private static final int MAX_PLAIN_ID = 191;

    /** Suffix of a file still being uploaded; it is taken once renamed without it. */
    public static final String TEMPORARY_SUFFIX = ".part";

    private FileNames() {
    }

    /** Whether {@code name} is a plain file name (above); {@code null} is not. */
    public static boolean isPlain(String name) {
        return name != null && PLAIN.matcher(name).matches() && !name.contains("..");
    }

    /** Whether {@code name} is that of a file still being written under a temporary name. */
    public static boolean isTemporary(String name) {
        return name.endsWith(TEMPORARY_SUFFIX);
    }

    /**
     * The file name of the document with this id: the id itself when it is a plain name; a feed
     * id may contain {@code ..}, which the SFTP server refuses in any name, so such an id is named
     * by the hex SHA-256 of the id instead (the document inside still carries its id).
     */
    public static String of(String id, String suffix) {
        if (id.length() <= MAX_PLAIN_ID && isPlain(id)) {
            return id + suffix;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8));
            return "sha256-" + HexFormat.of().formatHex(digest) + suffix;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
