package org.tipgate.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LgdTablesTests {

    private final LgdTables lgd = LgdTables.bundled();

    @Test
    void mapsMadhyaPradeshIsoCodeToLgdStateTwentyThreeAndBack() {
        assertThat(lgd.stateByIso("IN-MP")).get().extracting(LgdState::code).isEqualTo(23);
        assertThat(lgd.state(23)).get().satisfies(s -> {
            assertThat(s.name()).isEqualTo("MADHYA PRADESH");
            assertThat(s.iso()).isEqualTo("IN-MP");
            assertThat(s.unionTerritory()).isFalse();
        });
    }

    @Test
    void resolvesRetiredIsoCodesToTheSameStateAsTheCurrentOnes() {
        assertThat(lgd.stateByIso("IN-OR")).isEqualTo(lgd.stateByIso("IN-OD")).get().extracting(LgdState::name).isEqualTo("ODISHA");
        assertThat(lgd.stateByIso("IN-CT")).isEqualTo(lgd.stateByIso("IN-CG")).get().extracting(LgdState::code).isEqualTo(22);
        assertThat(lgd.stateByIso("IN-UT")).isEqualTo(lgd.stateByIso("IN-UK")).get().extracting(LgdState::code).isEqualTo(5);
        assertThat(lgd.stateByIso("IN-TG")).isEqualTo(lgd.stateByIso("IN-TS")).get().extracting(LgdState::code).isEqualTo(36);
        assertThat(lgd.stateByIso("IN-DN")).get().extracting(LgdState::code).isEqualTo(38);
    }

    @Test
    void reportsTheCurrentIsoCodeForAStateKnownByAnAlias() {
        assertThat(lgd.stateByIso("IN-OR")).get().extracting(LgdState::iso).isEqualTo("IN-OD");
    }

    @Test
    void givesEveryOneOfTheThirtySixStatesAnIsoCode() {
        assertThat(lgd.states()).hasSize(36).allSatisfy(s -> assertThat(lgd.stateByIso(s.iso())).contains(s));
        assertThat(lgd.states()).extracting(LgdState::iso).doesNotHaveDuplicates();
    }

    @Test
    void knowsDistrictFourHundredTenAsIndoreInMadhyaPradesh() {
        assertThat(lgd.district(410)).contains(new LgdDistrict(410, "INDORE", 23));
        assertThat(lgd.districts(23)).hasSize(52).contains(new LgdDistrict(396, "BHOPAL", 23));
    }

    @Test
    void readsQuotedDistrictNames() {
        assertThat(lgd.district(79)).contains(new LgdDistrict(79, "NEW DELHI", 7));
        assertThat(lgd.districtByName(7, "south east")).get().extracting(LgdDistrict::code).isEqualTo(670);
    }

    @Test
    void answersNothingForUnknownCodes() {
        assertThat(lgd.stateByIso("IN-XX")).isEmpty();
        assertThat(lgd.stateByIso("US-CA")).isEmpty();
        assertThat(lgd.state(99)).isEmpty();
        assertThat(lgd.district(99999)).isEmpty();
        assertThat(lgd.districts(99)).isEmpty();
    }

    @Test
    void namesTheVersionOfTheBundledTables() {
        assertThat(lgd.version()).isEqualTo("lgd-2022-03-11");
        assertThat(lgd.districts(7)).hasSize(11);
    }

    @Test
    void refusesADistrictOfAnUnknownState() {
        String states = "S.No.,State Code,State Version,State Name,State Name,Census 2001 Code,Census 2011 Code,State or UT\n"
                + "1,23,1,MADHYA PRADESH,MADHYA PRADESH,23,23,S\n";
        String districts = "\"State Code\",\"State Name\",\"District Code\",\"District Name\"\n"
                + "24,\"GUJARAT\",438,AHMEDABAD\n";
        assertThatThrownBy(() -> LgdTables.read(csv(states), csv(districts), "test"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown state 24");
    }

    @Test
    void refusesAStateWithoutAnIsoCode() {
        String states = "S.No.,State Code,State Version,State Name,State Name,Census 2001 Code,Census 2011 Code,State or UT\n"
                + "1,39,1,NEW STATE,NEW STATE,,0,S\n";
        assertThatThrownBy(() -> LgdTables.read(csv(states), csv("header\n"), "test"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("LGD state 39");
    }

    @Test
    void splitsCsvFieldsWithQuotesAndEscapedQuotes() {
        assertThat(CsvRows.split("7,\"NEW, DELHI\",\"say \"\"hi\"\"\",,x"))
                .containsExactly("7", "NEW, DELHI", "say \"hi\"", "", "x");
    }

    private static InputStream csv(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }
}
