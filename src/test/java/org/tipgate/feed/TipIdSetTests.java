package org.tipgate.feed;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TipIdSetTests {

    @Test
    void remembersEveryIdAcrossGrowth() {
        TipIdSet set = new TipIdSet();
        for (long id = 100_000_000L; id < 100_050_000L; id++) {
            assertThat(set.add(Long.toString(id))).isTrue();
        }
        for (long id = 100_000_000L; id < 100_050_000L; id += 997) {
            assertThat(set.add(Long.toString(id))).isFalse();
        }
    }

    @Test
    void keepsLeadingZerosSignificant() {
        TipIdSet set = new TipIdSet();
        assertThat(set.add("42")).isTrue();
        assertThat(set.add("042")).isTrue();
        assertThat(set.add("0042")).isTrue();
        assertThat(set.add("042")).isFalse();
    }

    @Test
    void handlesIdsTooLongToPack() {
        TipIdSet set = new TipIdSet();
        assertThat(set.add("99999999999999999999")).isTrue();
        assertThat(set.add("99999999999999999")).isTrue();
        assertThat(set.add("99999999999999999999")).isFalse();
        assertThat(set.add("99999999999999999")).isFalse();
    }
}
