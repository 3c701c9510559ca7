package org.tipgate.routing;

import static org.assertj.core.api.Assertions.assertThat;

/** Unwrapping a decision in a test, failing with the decision printed when it is the other kind. */
final class Decisions {

    private Decisions() {
    }

    static Decision.Routed routed(Decision decision) {
        assertThat(decision).isInstanceOf(Decision.Routed.class);
        return (Decision.Routed) decision;
    }

    static String unroutable(Decision decision) {
        assertThat(decision).isInstanceOf(Decision.Unroutable.class);
        return ((Decision.Unroutable) decision).reason();
    }
}
