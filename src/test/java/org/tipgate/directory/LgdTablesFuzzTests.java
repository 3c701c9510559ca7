package org.tipgate.directory;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.util.Arrays;
import org.tipgate.testing.FuzzSupport;

/**
 * Fuzzes {@link LgdTables#read}, the loader of an operator's newer LGD dump through
 * {@link CsvRows} and {@link LgdCsv} (docs/fuzzing.md): a malformed dump is refused with an
 * {@link IllegalArgumentException} that says what is wrong, and a dump it accepts gives tables
 * whose lookups agree with each other. The input is the states file, a NUL byte, and the districts
 * file.
 */
class LgdTablesFuzzTests {

    @FuzzTest(maxDuration = "30s")
    void refusesAMalformedDumpOrGivesTablesWhoseLookupsAgree(byte[] dump) {
        int nul = 0;
        while (nul < dump.length && dump[nul] != 0) {
            nul++;
        }
        byte[] states = Arrays.copyOfRange(dump, 0, nul);
        byte[] districts = Arrays.copyOfRange(dump, Math.min(nul + 1, dump.length), dump.length);

        FuzzSupport.Outcome<LgdTables> read = FuzzSupport.attempt(() -> LgdTables.read(
                new ByteArrayInputStream(states), new ByteArrayInputStream(districts), "fuzz"),
                IllegalArgumentException.class);
        if (!read.accepted()) {
            return;
        }
        LgdTables tables = read.value();
        for (LgdState state : tables.states()) {
            assertThat(tables.state(state.code())).contains(state);
            assertThat(tables.stateByIso(state.iso())).contains(state);
            assertThat(state.iso()).matches("IN-[A-Z]{2}");
            for (LgdDistrict district : tables.districts(state.code())) {
                assertThat(district.stateCode()).isEqualTo(state.code());
                assertThat(tables.district(district.code())).contains(district);
                assertThat(tables.districtByName(state.code(), district.name())).isPresent();
            }
        }
    }
}
