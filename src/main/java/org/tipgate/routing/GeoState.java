package org.tipgate.routing;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashSet;
import java.util.Set;
import org.tipgate.directory.LgdState;
import org.tipgate.directory.LgdTables;

/**
 * The state the record's geolocations name, for a record without a routing block. Entries abroad
 * (a VPN exit, a foreign server) are passed over, so one Indian state among them decides; entries
 * naming two different Indian states are ambiguous, and an entry that contradicts itself (country
 * IN with a foreign subdivision, or the reverse) or names an Indian code the tables do not know
 * makes the record unroutable rather than be guessed around.
 */
final class GeoState {

    static final String BASIS = "geo.subdivisionIso";

    private final LgdTables lgd;

    GeoState(LgdTables lgd) {
        this.lgd = lgd;
    }

    StateFinding resolve(JsonNode geo) {
        if (geo == null || !geo.isArray() || geo.isEmpty()) {
            return StateFinding.unroutable("no Indian state: no routing block and no geo entries");
        }
        LgdState found = null;
        boolean several = false;
        for (int i = 0; i < geo.size(); i++) {
            JsonNode entry = geo.get(i);
            String subdivision = RecordFields.text(entry, "subdivisionIso");
            String country = RecordFields.text(entry, "countryCode");
            if (RecordFields.contradicts(country, subdivision)) {
                return StateFinding.unroutable("geo[" + i + "] has countryCode " + country + " but subdivisionIso " + subdivision);
            }
            if (subdivision == null || !RecordFields.indianSubdivision(subdivision)) {
                continue;
            }
            LgdState state = lgd.stateByIso(subdivision).orElse(null);
            if (state == null) {
                return StateFinding.unroutable("geo[" + i + "].subdivisionIso " + subdivision + " is not an ISO 3166-2:IN state code");
            }
            if (found == null) {
                found = state;
            } else if (found.code() != state.code()) {
                several = true;
            }
        }
        if (several) {
            return StateFinding.unroutable("geo names several Indian states (" + String.join(", ", states(geo))
                    + ") and there is no routing block to decide");
        }
        if (found == null) {
            return StateFinding.unroutable("no Indian state: geo names " + String.join(", ", places(geo)) + " only");
        }
        return StateFinding.of(found, BASIS);
    }

    /** The distinct Indian states named, by current ISO code (an alias and its current code are one state). */
    private Set<String> states(JsonNode geo) {
        Set<String> states = new LinkedHashSet<>();
        for (JsonNode entry : geo) {
            String subdivision = RecordFields.text(entry, "subdivisionIso");
            if (subdivision != null && RecordFields.indianSubdivision(subdivision)) {
                lgd.stateByIso(subdivision).ifPresent(state -> states.add(state.iso()));
            }
        }
        return states;
    }

    /** What each entry says about where it is, without city names: those stay in the record. */
    private static Set<String> places(JsonNode geo) {
        Set<String> places = new LinkedHashSet<>();
        for (JsonNode entry : geo) {
            String subdivision = RecordFields.text(entry, "subdivisionIso");
            String country = RecordFields.text(entry, "countryCode");
            if (subdivision != null) {
                places.add(subdivision);
            } else if (country != null) {
                places.add(RecordFields.india(country) ? country + " without subdivision" : country);
            } else {
                places.add("no country");
            }
        }
        return places;
    }
}
