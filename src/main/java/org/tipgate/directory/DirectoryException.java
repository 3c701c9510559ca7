package org.tipgate.directory;

import java.util.List;

/** The agency directory is wrong; each finding names the entry it is about. */
public final class DirectoryException extends Exception {

    private final List<String> findings;

    DirectoryException(String file, List<String> findings) {
        super("the agency directory " + file + " is not valid:\n  - " + String.join("\n  - ", findings));
        this.findings = List.copyOf(findings);
    }

    public List<String> findings() {
        return findings;
    }
}
