package org.tipgate.directory;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Just enough RFC 4180 for the LGD dumps: comma separated, fields optionally in double quotes with
 * {@code ""} for a quote inside. The dumps have no line breaks inside fields, so a row is a line.
 */
final class CsvRows {

    private CsvRows() {
    }

    /** All data rows, the header row skipped. */
    static List<List<String>> read(BufferedReader in) throws IOException {
        List<List<String>> rows = new ArrayList<>();
        String line = in.readLine();
        while ((line = in.readLine()) != null) {
            if (!line.isBlank()) {
                rows.add(split(line));
            }
        }
        return rows;
    }

    static List<String> split(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted && c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                field.append('"');
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        if (quoted) {
            throw new IllegalArgumentException("unterminated quoted field in CSV line: " + line);
        }
        fields.add(field.toString());
        return fields;
    }
}
