package org.tipgate.routing;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.tipgate.directory.LgdDistrict;
import org.tipgate.directory.LgdState;
import org.tipgate.directory.LgdTables;

/**
 * Reads a gazetteer file and checks every row against the LGD tables. Lines starting with
 * {@code #} and blank lines are comments; the first other line is the header; each row is
 * {@code state_lgd,place,district_lgd} with no quoting (place names carry no commas or quotes).
 */
final class GazetteerCsv {

    static final String HEADER = "state_lgd,place,district_lgd";

    private final LgdTables lgd;
    private final String source;

    GazetteerCsv(LgdTables lgd, String source) {
        this.lgd = lgd;
        this.source = source;
    }

    /** @throws IllegalArgumentException naming the file, line and row of the first bad row */
    List<GazetteerRow> read(BufferedReader in) throws IOException {
        List<GazetteerRow> rows = new ArrayList<>();
        boolean header = false;
        int number = 0;
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            number++;
            String text = line.strip();
            if (text.isEmpty() || text.startsWith("#")) {
                continue;
            }
            if (!header) {
                if (!text.equals(HEADER)) {
                    throw new IllegalArgumentException(source + " line " + number + ": expected the header " + HEADER
                            + " before any row, found: " + text);
                }
                header = true;
                continue;
            }
            rows.add(row(source + " line " + number + " (" + text + ")", text));
        }
        if (!header) {
            throw new IllegalArgumentException(source + ": no header " + HEADER);
        }
        return rows;
    }

    private GazetteerRow row(String where, String text) {
        String[] fields = text.split(",", -1);
        if (fields.length != 3) {
            throw new IllegalArgumentException(where + ": " + fields.length + " fields, expected 3: " + HEADER);
        }
        String place = fields[1].strip();
        if (place.isEmpty() || place.indexOf('"') >= 0) {
            throw new IllegalArgumentException(where + ": the place must be a plain, non-empty name (no quoting)");
        }
        int stateCode = code(where, "state_lgd", fields[0]);
        LgdState state = lgd.state(stateCode).orElseThrow(() -> new IllegalArgumentException(
                where + ": unknown LGD state " + stateCode + " (" + lgd.version() + ")"));
        int districtCode = code(where, "district_lgd", fields[2]);
        LgdDistrict district = lgd.district(districtCode).orElseThrow(() -> new IllegalArgumentException(
                where + ": unknown LGD district " + districtCode + " (" + lgd.version() + ")"));
        if (district.stateCode() != state.code()) {
            throw new IllegalArgumentException(where + ": LGD district " + districtCode + " (" + district.name()
                    + ") is in state " + district.stateCode() + ", not in " + state.code() + " (" + state.name() + ")");
        }
        return new GazetteerRow(where, stateCode, place, district);
    }

    private static int code(String where, String column, String field) {
        try {
            return Integer.parseInt(field.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(where + ": " + column + " is not a number", e);
        }
    }
}
