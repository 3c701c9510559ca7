package org.tipgate.routing;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.tipgate.directory.LgdDistrict;
import org.tipgate.directory.LgdState;
import org.tipgate.directory.LgdTables;

/**
 * The district of a record whose state is decided. The sender's {@code routing.districtLgd} decides
 * when given, and must be a district of that state. Otherwise the cities of the geo entries in that
 * state (by their subdivisionIso, country IN or unstated) are looked up in the gazetteer; a place
 * the gazetteer does not know says nothing, and the district is the one every known place agrees on.
 * Places that disagree, or a lone ambiguous one, decide no district: the state nodal agency alone
 * receives the record.
 */
final class DistrictResolver {

    static final String SENDER = "routing.districtLgd";
    static final String GAZETTEER = "gazetteer";

    private final LgdTables lgd;
    private final Gazetteer gazetteer;

    DistrictResolver(LgdTables lgd, Gazetteer gazetteer) {
        this.lgd = lgd;
        this.gazetteer = gazetteer;
    }

    DistrictFinding resolve(LgdState state, JsonNode routing, JsonNode geo) {
        if (routing != null && RecordFields.present(routing, "districtLgd")) {
            return fromSender(state, routing.get("districtLgd"));
        }
        return fromGeo(state, geo);
    }

    private DistrictFinding fromSender(LgdState state, JsonNode value) {
        Integer code = RecordFields.wholeNumber(value);
        if (code == null) {
            return DistrictFinding.unroutable("routing.districtLgd is not an integer");
        }
        LgdDistrict district = lgd.district(code).orElse(null);
        if (district == null) {
            return DistrictFinding.unroutable("routing.districtLgd " + code + " is not an LGD district code (" + lgd.version() + ")");
        }
        if (district.stateCode() != state.code()) {
            String other = lgd.state(district.stateCode()).map(LgdState::iso).orElse("LGD state " + district.stateCode());
            return DistrictFinding.unroutable("routing.districtLgd " + code + " (" + district.name() + ") is a district of "
                    + other + ", not of " + state.iso() + " (LGD " + state.code() + ")");
        }
        return DistrictFinding.of(district, SENDER);
    }

    private DistrictFinding fromGeo(LgdState state, JsonNode geo) {
        if (geo == null || !geo.isArray()) {
            return DistrictFinding.NONE;
        }
        List<LgdDistrict> agreed = null;
        for (int i = 0; i < geo.size(); i++) {
            String city = cityInState(geo.get(i), state);
            List<LgdDistrict> candidates = city == null ? List.of() : gazetteer.candidates(state.code(), city);
            if (!candidates.isEmpty()) {
                agreed = agreed == null ? candidates : common(agreed, candidates);
            }
        }
        return agreed != null && agreed.size() == 1 ? DistrictFinding.of(agreed.get(0), GAZETTEER) : DistrictFinding.NONE;
    }

    /** The entry's city when the entry places it in {@code state}; a city without its state is no evidence. */
    private String cityInState(JsonNode entry, LgdState state) {
        String subdivision = RecordFields.text(entry, "subdivisionIso");
        String country = RecordFields.text(entry, "countryCode");
        if (subdivision == null || !RecordFields.indianSubdivision(subdivision) || RecordFields.contradicts(country, subdivision)) {
            return null;
        }
        LgdState named = lgd.stateByIso(subdivision).orElse(null);
        return named != null && named.code() == state.code() ? RecordFields.text(entry, "city") : null;
    }

    private static List<LgdDistrict> common(List<LgdDistrict> agreed, List<LgdDistrict> candidates) {
        if (agreed == candidates) {
            return agreed;
        }
        List<LgdDistrict> both = new ArrayList<>(agreed.size());
        for (LgdDistrict district : agreed) {
            if (candidates.contains(district)) {
                both.add(district);
            }
        }
        return both;
    }
}
