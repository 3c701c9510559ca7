package org.tipgate.format;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The file name under which a document with a given id (an ack, a package) is handed over. It is
 * the id itself when the id is a plain name that every SFTP account accepts; a feed id may contain
 * {@code ..}, which the SFTP server refuses in any name, so such an id is named by the hex
 * SHA-256 of the id instead (the document inside still carries its id).
 */
public final class FileNames {

    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,190}");

    private FileNames() {
    }

    public static String of(String id, String suffix) {
        if (PLAIN.matcher(id).matches() && !id.contains("..")) {
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
