package org.tipgate.directory;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Why a file the directory names cannot be read, in words, with the full path it was looked for
 * at (relative paths resolve against a base the reader may not have in mind).
 */
final class FileProblem {

    private FileProblem() {
    }

    static String of(Path file, IOException e) {
        Path where = file.toAbsolutePath().normalize();
        if (e instanceof NoSuchFileException || !Files.exists(file)) {
            return "no such file (not found at " + where + ")";
        }
        if (Files.isDirectory(file)) {
            return "is a directory, not a file (" + where + ")";
        }
        if (e instanceof AccessDeniedException || !Files.isReadable(file)) {
            return "cannot be read: permission denied (" + where + ")";
        }
        return e.getMessage();
    }
}
