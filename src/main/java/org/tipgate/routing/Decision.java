package org.tipgate.routing;

import java.util.List;
import java.util.Objects;
import org.tipgate.directory.LgdDistrict;
import org.tipgate.directory.LgdState;

/** What {@link JurisdictionRouter} decided for one tip record: where it goes, or why it cannot go anywhere. */
public sealed interface Decision permits Decision.Routed, Decision.Unroutable {

    /**
     * The record goes to these agencies.
     *
     * @param state the state the record belongs to
     * @param district its district, or null when no district could be decided (the state nodal
     *     agency alone receives it then)
     * @param recipients agency ids, the state nodal agency first, then the district endpoint when the
     *     directory has one for {@code district}
     * @param basis how it was decided, the record fields that decided it joined by {@code +}, e.g.
     *     {@code routing.stateLgd+routing.districtLgd} or {@code geo.subdivisionIso+gazetteer}
     */
    record Routed(LgdState state, LgdDistrict district, List<String> recipients, String basis) implements Decision {

        public Routed {
            Objects.requireNonNull(state, "state");
            Objects.requireNonNull(basis, "basis");
            recipients = List.copyOf(recipients);
            if (recipients.isEmpty()) {
                throw new IllegalArgumentException("a routed record has at least its state nodal agency as recipient");
            }
            if (district != null && district.stateCode() != state.code()) {
                throw new IllegalArgumentException("district " + district.code() + " is not in state " + state.code());
            }
        }
    }

    /**
     * The record cannot be routed: it is quarantined for the national desk and reported as
     * UNROUTABLE, never dropped.
     *
     * @param reason what is missing or contradictory, naming the fields and codes (never personal data)
     */
    record Unroutable(String reason) implements Decision {

        public Unroutable {
            if (reason == null || reason.isBlank()) {
                throw new IllegalArgumentException("an unroutable record needs a reason");
            }
        }
    }
}
