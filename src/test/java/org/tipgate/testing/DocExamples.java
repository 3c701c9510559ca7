package org.tipgate.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The examples in docs/formats.md, each a fenced JSON block after a {@code <!-- example: NAME -->} marker. */
public final class DocExamples {

    private DocExamples() {
    }

    public static String json(String name) {
        String doc = doc();
        int marker = doc.indexOf("<!-- example: " + name + " -->");
        if (marker < 0) {
            throw new AssertionError("docs/formats.md has no example named " + name);
        }
        int start = doc.indexOf("```json", marker) + "```json".length();
        return doc.substring(start, doc.indexOf("```", start)).strip();
    }

    /** From a heading to the next heading of the same level or higher. */
    public static String section(String heading) {
        String doc = doc();
        int start = doc.indexOf(heading + "\n");
        if (start < 0) {
            throw new AssertionError("docs/formats.md has no section " + heading);
        }
        int next = doc.indexOf("\n## ", start + heading.length());
        return next < 0 ? doc.substring(start) : doc.substring(start, next);
    }

    private static String doc() {
        try {
            return Files.readString(Path.of("docs/formats.md"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
