package org.tipgate.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The demo agency directory ({@code config/agencies.yaml}) as text, changed one agency at a time. */
public final class DemoDirectory {

    public static final Path FILE = Path.of("config/agencies.yaml");

    /** An entry whose role receives packages: its id is group 1. */
    private static final Pattern RECIPIENT = Pattern.compile(
            "  - id: (\\S+)\n(?:    .*\n)*?    role: (?:STATE_NODAL|DISTRICT)\n");

    private DemoDirectory() {
    }

    public static String text() throws IOException {
        return Files.readString(FILE);
    }

    /**
     * {@code yaml} with the first endpoint of {@code agency} (its first line {@code - {type: ...}}
     * after {@code - id: <agency>}) replaced by {@code endpoint}, a YAML flow mapping; fails when the
     * agency or its endpoint is not there.
     */
    public static String withEndpoint(String yaml, String agency, String endpoint) {
        int entry = yaml.indexOf("  - id: " + agency + "\n");
        if (entry < 0) {
            throw new IllegalArgumentException("no agency " + agency + " in the directory");
        }
        int next = yaml.indexOf("\n  - id: ", entry + 1);
        int line = yaml.indexOf("      - {type: ", entry);
        if (line < 0 || next >= 0 && line > next) {
            throw new IllegalArgumentException("agency " + agency + " has no endpoint in the directory");
        }
        int end = yaml.indexOf('\n', line);
        return yaml.substring(0, line) + "      - " + endpoint + yaml.substring(end);
    }

    /**
     * The demo directory with every state and district on a DIRECTORY endpoint,
     * {@code data/outbox/<agency id>}, for tests of delivery into folders alone.
     */
    public static String everyRecipientOnDirectory() throws IOException {
        String yaml = text();
        Matcher recipients = RECIPIENT.matcher(yaml);
        List<String> ids = new ArrayList<>();
        while (recipients.find()) {
            ids.add(recipients.group(1));
        }
        for (String id : ids) {
            yaml = withEndpoint(yaml, id, "{type: DIRECTORY, path: data/outbox/" + id + "}");
        }
        return yaml;
    }

    /** {@code yaml} without the {@code endpoints:} of {@code agency}. */
    public static String withoutEndpoints(String yaml, String agency) {
        String marked = withEndpoint(yaml, agency, "REMOVED");
        return marked.replace("    endpoints:\n      - REMOVED\n", "");
    }
}
