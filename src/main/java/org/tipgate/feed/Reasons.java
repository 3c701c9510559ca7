package org.tipgate.feed;

import java.util.List;

/** Keeps refusal reasons short: an acknowledgement has to stay readable whatever a line holds. */
final class Reasons {

    private Reasons() {
    }

    /** The first {@code shown} problems joined by "; ", and how many more there were. */
    static String firstOf(List<String> problems, int shown) {
        String listed = String.join("; ", problems.subList(0, Math.min(shown, problems.size())));
        int more = problems.size() - shown;
        return more > 0 ? listed + " (and " + more + " more)" : listed;
    }
}
