package org.tipgate.routing;

import org.tipgate.directory.LgdState;

/** The state of a record and which fields gave it, or why there is none. */
record StateFinding(LgdState state, String basis, String problem) {

    static StateFinding of(LgdState state, String basis) {
        return new StateFinding(state, basis, null);
    }

    static StateFinding unroutable(String problem) {
        return new StateFinding(null, null, problem);
    }
}
