package org.tipgate.directory;

import java.util.ArrayList;
import java.util.List;

/** Turns rows of the LGD dump's state and district files into records. */
final class LgdCsv {

    // Column positions in 1-state.csv (which names two columns "State Name") and 2-district.csv.
    private static final int STATE_CODE = 1;
    private static final int STATE_NAME = 3;
    private static final int STATE_OR_UT = 7;
    private static final int DISTRICT_STATE_CODE = 0;
    private static final int DISTRICT_CODE = 2;
    private static final int DISTRICT_NAME = 3;

    private LgdCsv() {
    }

    static List<LgdState> states(List<List<String>> rows) {
        List<LgdState> states = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            List<String> row = columns(rows.get(i), STATE_OR_UT + 1, "states", i);
            int code = code(row.get(STATE_CODE), "states", i);
            String iso = IsoStateCodes.currentCode(code).orElseThrow(() -> new IllegalArgumentException(
                    "LGD state " + code + " (" + row.get(STATE_NAME) + ") has no ISO 3166-2:IN code in IsoStateCodes"));
            states.add(new LgdState(code, row.get(STATE_NAME).trim(), "U".equals(row.get(STATE_OR_UT).trim()), iso));
        }
        return states;
    }

    static List<LgdDistrict> districts(List<List<String>> rows) {
        List<LgdDistrict> districts = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            List<String> row = columns(rows.get(i), DISTRICT_NAME + 1, "districts", i);
            districts.add(new LgdDistrict(code(row.get(DISTRICT_CODE), "districts", i), row.get(DISTRICT_NAME).trim(),
                    code(row.get(DISTRICT_STATE_CODE), "districts", i)));
        }
        return districts;
    }

    private static List<String> columns(List<String> row, int atLeast, String table, int index) {
        if (row.size() < atLeast) {
            throw new IllegalArgumentException(table + " data row " + (index + 1) + " has " + row.size()
                    + " columns, expected at least " + atLeast);
        }
        return row;
    }

    private static int code(String field, String table, int index) {
        try {
            return Integer.parseInt(field.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(table + " data row " + (index + 1) + " has a non-numeric LGD code", e);
        }
    }
}
