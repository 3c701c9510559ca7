package org.tipgate.directory;

import java.util.List;
import org.tipgate.format.Text;

/**
 * The agency directory is wrong; each finding names the entry it is about, on one line of printable
 * text ({@link #line}), whatever values from the file it quotes.
 */
public final class DirectoryException extends Exception {

    /** The longest a finding is shown; a longer value quoted in it is cut. */
    static final int FINDING_CHARS = 1000;

    private final List<String> findings;

    DirectoryException(String file, List<String> findings) {
        this(findings.stream().map(DirectoryException::line).toList(), file);
    }

    private DirectoryException(List<String> lines, String file) {
        super("the agency directory " + file + " is not valid:\n  - " + String.join("\n  - ", lines));
        this.findings = lines;
    }

    /**
     * A finding as one printable line: a value the file gave (a URL, a folder, a parser's quote of
     * the text) may hold line breaks or control characters, which must not break the list of
     * findings or forge lines in the log.
     */
    static String line(String finding) {
        return Text.printable(finding, FINDING_CHARS);
    }

    public List<String> findings() {
        return findings;
    }
}
