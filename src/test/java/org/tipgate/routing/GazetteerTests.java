package org.tipgate.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tipgate.directory.LgdDistrict;

/** The city-to-district lookup, and one fixture per way a gazetteer file can be wrong. */
class GazetteerTests {

    private static final Gazetteer BUNDLED = Routers.GAZETTEER;

    @ParameterizedTest
    @CsvSource({"23, Mhow, 410", "23, Sanwer, 410", "23, Berasia, 396", "23, Dabra, 407", "23, Nagda, 435",
        "23, Bina, 425", "23, Jaora, 423", "32, Kochi, 555", "21, Bhubaneswar, 362"})
    void mapsEveryTownOfTheSyntheticFeedToItsDistrict(int state, String town, int district) {
        assertThat(BUNDLED.district(state, town)).map(LgdDistrict::code).contains(district);
    }

    @ParameterizedTest
    @CsvSource({"23, Indore, 410", "23, '  indore ', 410", "23, NIWARI, 722", "23, niwari, 722", "7, New Delhi, 79",
        "7, 'new\tdelhi', 79", "7, south east, 670", "29, Bengaluru Urban, 525"})
    void takesADistrictsOwnLgdNameAsThatDistrict(int state, String name, int district) {
        assertThat(BUNDLED.district(state, name)).map(LgdDistrict::code).contains(district);
    }

    @ParameterizedTest
    @CsvSource({"23, Hoshangabad, 409", "23, Jubbulpore, 411", "7, South Delhi, 83", "29, Bangalore, 525",
        "29, bengaluru, 525", "24, Ahmedabad, 438", "28, Visakhapatnam, 520", "6, Gurgaon, 62"})
    void knowsRenamedDistrictsAndOtherSpellings(int state, String name, int district) {
        assertThat(BUNDLED.district(state, name)).map(LgdDistrict::code).contains(district);
    }

    @Test
    void declaresCitiesThatSpanSeveralDistrictsAmbiguous() {
        assertThat(BUNDLED.candidates(27, "Mumbai")).extracting(LgdDistrict::code).containsExactlyInAnyOrder(482, 483);
        assertThat(BUNDLED.district(27, "Mumbai")).isEmpty();
        assertThat(BUNDLED.candidates(36, "Hyderabad")).extracting(LgdDistrict::code).containsExactlyInAnyOrder(507, 518, 691, 700);
        assertThat(BUNDLED.district(27, "Mumbai Suburban")).map(LgdDistrict::code).contains(483);
    }

    @Test
    void knowsNoDistrictForDelhiAlone() {
        assertThat(BUNDLED.candidates(7, "Delhi")).isEmpty();
    }

    @Test
    void looksANameUpOnlyWithinItsState() {
        assertThat(BUNDLED.district(7, "Indore")).isEmpty();
        assertThat(BUNDLED.district(23, "Kochi")).isEmpty();
        assertThat(BUNDLED.candidates(99, "Indore")).isEmpty();
    }

    @Test
    void knowsNothingOfAnUnknownOrMissingPlace() {
        assertThat(BUNDLED.candidates(23, "Nowheregunj")).isEmpty();
        assertThat(BUNDLED.candidates(23, null)).isEmpty();
        assertThat(BUNDLED.candidates(23, "   ")).isEmpty();
    }

    @Test
    void indexesEveryBundledRow() throws IOException {
        String text;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(Gazetteer.BUNDLED)) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<String[]> rows = text.lines().filter(l -> !l.isBlank() && !l.startsWith("#") && !l.equals(GazetteerCsv.HEADER))
                .map(l -> l.split(",")).toList();

        assertThat(rows).hasSizeGreaterThan(60);
        for (String[] row : rows) {
            assertThat(BUNDLED.candidates(Integer.parseInt(row[0]), row[1])).as(String.join(",", row))
                    .extracting(LgdDistrict::code).contains(Integer.parseInt(row[2]));
        }
    }

    @Test
    void recordsTheLgdVersionItWasCheckedAgainst() {
        assertThat(BUNDLED.lgdVersion()).isEqualTo("lgd-2022-03-11");
    }

    @Test
    void refusesAnUnknownState() {
        assertRefused("99,Mhow,410", "test.csv line 3 (99,Mhow,410): unknown LGD state 99 (lgd-2022-03-11)");
    }

    @Test
    void refusesAnUnknownDistrict() {
        assertRefused("23,Mhow,99999", "test.csv line 3 (23,Mhow,99999): unknown LGD district 99999 (lgd-2022-03-11)");
    }

    @Test
    void refusesADistrictOfAnotherState() {
        assertRefused("7,Mhow,410",
                "test.csv line 3 (7,Mhow,410): LGD district 410 (INDORE) is in state 23, not in 7 (DELHI)");
    }

    @Test
    void refusesARowWithTooFewOrTooManyFields() {
        assertRefused("23,Mhow", "test.csv line 3 (23,Mhow): 2 fields, expected 3: state_lgd,place,district_lgd");
        assertRefused("23,Mhow,410,Indore", "test.csv line 3 (23,Mhow,410,Indore): 4 fields, expected 3");
    }

    @Test
    void refusesACodeThatIsNoNumber() {
        assertRefused("MP,Mhow,410", "test.csv line 3 (MP,Mhow,410): state_lgd is not a number");
        assertRefused("23,Mhow,INDORE", "test.csv line 3 (23,Mhow,INDORE): district_lgd is not a number");
    }

    @Test
    void refusesAnEmptyOrQuotedPlace() {
        assertRefused("23, ,410", "test.csv line 3 (23, ,410): the place must be a plain, non-empty name (no quoting)");
        assertRefused("23,\"Mhow\",410", "test.csv line 3 (23,\"Mhow\",410): the place must be a plain");
    }

    @Test
    void refusesARepeatedRow() {
        assertRefused("23,Mhow,410\n23,MHOW,410", "test.csv line 4 (23,MHOW,410): repeats test.csv line 3 (23,Mhow,410)");
    }

    @Test
    void refusesARowThatRepeatsADistrictsOwnName() {
        assertRefused("23,Indore,410", "test.csv line 3 (23,Indore,410): redundant, INDORE is already that district's LGD name");
    }

    @Test
    void refusesAFileWithoutHeader() {
        assertThatThrownBy(() -> read("# a comment\n23,Mhow,410\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("test.csv line 2: expected the header state_lgd,place,district_lgd before any row, found: 23,Mhow,410");
        assertThatThrownBy(() -> read("# only a comment\n"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("test.csv: no header state_lgd,place,district_lgd");
    }

    @Test
    void readsCommentsBlankLinesAndRows() throws IOException {
        Gazetteer gazetteer = read("# comment\n\nstate_lgd,place,district_lgd\n# towns\n23,Mhow,410\n\n23,Rampur,410\n23,Rampur,396\n");

        assertThat(gazetteer.district(23, "Mhow")).map(LgdDistrict::code).contains(410);
        assertThat(gazetteer.candidates(23, "Rampur")).extracting(LgdDistrict::code).containsExactly(410, 396);
        assertThat(gazetteer.district(23, "Rampur")).isEmpty();
        assertThat(gazetteer.district(23, "Berasia")).as("only the rows given").isEmpty();
    }

    private static void assertRefused(String row, String message) {
        assertThatThrownBy(() -> read("# test\n" + GazetteerCsv.HEADER + "\n" + row + "\n"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith(message);
    }

    private static Gazetteer read(String csv) throws IOException {
        return Gazetteer.read(new StringReader(csv), "test.csv", Routers.LGD);
    }
}
