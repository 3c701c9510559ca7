package org.tipgate.routing;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.tipgate.directory.Agency;
import org.tipgate.directory.AgencyDirectory;
import org.tipgate.directory.LgdDistrict;
import org.tipgate.directory.LgdState;
import org.tipgate.directory.LgdTables;

/**
 * The recipient lists of every state and district, worked out once from the directory so that
 * routing a record looks up a list instead of searching the agencies.
 */
final class Recipients {

    private final Map<Integer, List<String>> byState = new HashMap<>();
    private final Map<Integer, List<String>> byDistrict = new HashMap<>();

    Recipients(AgencyDirectory directory, LgdTables lgd) {
        for (LgdState state : lgd.states()) {
            Agency nodal = directory.stateNodal(state.code()).orElse(null);
            if (nodal == null) {
                continue;
            }
            byState.put(state.code(), List.of(nodal.id()));
            for (LgdDistrict district : lgd.districts(state.code())) {
                directory.district(district.code())
                        .ifPresent(endpoint -> byDistrict.put(district.code(), List.of(nodal.id(), endpoint.id())));
            }
        }
    }

    /**
     * The agencies that receive a record of {@code state} and {@code district} (null: unknown), the
     * state nodal agency first; null when the state has no nodal agency.
     */
    List<String> of(LgdState state, LgdDistrict district) {
        List<String> nodal = byState.get(state.code());
        if (nodal == null || district == null) {
            return nodal;
        }
        return byDistrict.getOrDefault(district.code(), nodal);
    }
}
