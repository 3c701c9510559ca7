package org.tipgate.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tipgate.directory.LgdDistrict;
import org.tipgate.directory.LgdState;
import org.tipgate.directory.LgdTables;

/** What a decision may hold, and what a router may be built from. */
class DecisionTests {

    private static final LgdState MP = Routers.LGD.state(23).orElseThrow();
    private static final LgdDistrict NEW_DELHI = Routers.LGD.district(79).orElseThrow();

    @Test
    void refusesARoutedDecisionWhoseDistrictIsInAnotherState() {
        assertThatThrownBy(() -> new Decision.Routed(MP, NEW_DELHI, List.of("mp-scc"), "routing.stateLgd"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("district 79 is not in state 23");
    }

    @Test
    void refusesARoutedDecisionWithoutRecipients() {
        assertThatThrownBy(() -> new Decision.Routed(MP, null, List.of(), "routing.stateLgd"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void keepsItsOwnCopyOfTheRecipients() {
        List<String> recipients = new ArrayList<>(List.of("mp-scc"));
        Decision.Routed routed = new Decision.Routed(MP, null, recipients, "routing.stateLgd");
        recipients.add("dl-ifso");

        assertThat(routed.recipients()).containsExactly("mp-scc");
    }

    @Test
    void refusesAnUnroutableDecisionWithoutReason() {
        assertThatThrownBy(() -> new Decision.Unroutable(" ")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesTablesOfAnotherLgdVersionThanTheDirectorys() throws IOException {
        LgdTables other;
        try (InputStream states = resource("lgd/states.csv"); InputStream districts = resource("lgd/districts.csv")) {
            other = LgdTables.read(states, districts, "lgd-2099-01-01");
        }

        assertThatThrownBy(() -> new JurisdictionRouter(Routers.demoDirectory(), other, Gazetteer.bundled(other)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the directory (lgd-2022-03-11), the gazetteer (lgd-2099-01-01) and the router (lgd-2099-01-01)");
    }

    private static InputStream resource(String name) {
        return DecisionTests.class.getClassLoader().getResourceAsStream(name);
    }
}
