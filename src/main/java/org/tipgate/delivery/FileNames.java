package org.tipgate.delivery;

import java.util.regex.Pattern;
import org.tipgate.format.Printable;

/**
 * The one file-name rule every transport applies again before a name reaches a file system, a
 * Camel header or a remote server: the caller checks names too, but a name that could climb out
 * of the recipient's folder must not get through because one caller forgot.
 */
final class FileNames {

    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,199}");

    private FileNames() {
    }

    static String requirePlain(String fileName) throws DeliveryException {
        if (fileName == null || !PLAIN.matcher(fileName).matches() || fileName.contains("..")) {
            throw new DeliveryException("not a plain package file name: " + Printable.of(fileName, 80), false);
        }
        return fileName;
    }
}
