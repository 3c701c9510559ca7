package org.tipgate.routing;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.tipgate.directory.AgencyDirectory;
import org.tipgate.directory.LgdTables;

/**
 * Decides which agencies receive a tip record (docs/design.md#4-routing; the rules and their edge
 * cases are in docs/routing.md):
 * <ul>
 * <li>the state comes from the sender's {@code routing} block when there is one ({@code stateIso}
 *     and/or {@code stateLgd}, which must agree), else from {@code geo[].subdivisionIso}: entries
 *     abroad are passed over, one Indian state decides, two are ambiguous;</li>
 * <li>the district comes from {@code routing.districtLgd} (which must lie in that state), else from
 *     the geo cities in that state through the {@link Gazetteer}; no district is no failure;</li>
 * <li>recipients: the state nodal agency, then the district endpoint when the directory has one.</li>
 * </ul>
 * A record with no Indian state, with contradictory or unknown codes, or for a state without a nodal
 * agency is {@link Decision.Unroutable}, with a reason naming fields and codes. Codes are compared
 * case-insensitively, retired ISO codes (IN-OR, IN-CT, ...) are accepted. Immutable and
 * thread-safe; the directory's recipient lists are worked out once, so a decision costs a few map
 * lookups.
 */
public final class JurisdictionRouter {

    private final SenderState senderState;
    private final GeoState geoState;
    private final DistrictResolver districts;
    private final Recipients recipients;

    /**
     * @throws IllegalArgumentException if the directory or the gazetteer was checked against
     *     another version of the LGD tables than {@code lgd}
     */
    public JurisdictionRouter(AgencyDirectory directory, LgdTables lgd, Gazetteer gazetteer) {
        if (!directory.lgdVersion().equals(lgd.version()) || !gazetteer.lgdVersion().equals(lgd.version())) {
            throw new IllegalArgumentException("the directory (" + directory.lgdVersion() + "), the gazetteer ("
                    + gazetteer.lgdVersion() + ") and the router (" + lgd.version() + ") must use one version of the LGD tables");
        }
        this.senderState = new SenderState(lgd);
        this.geoState = new GeoState(lgd);
        this.districts = new DistrictResolver(lgd, gazetteer);
        this.recipients = new Recipients(directory, lgd);
    }

    /** The decision for one schema-valid tip record. */
    public Decision route(JsonNode record) {
        JsonNode routing = record.get("routing");
        if (routing != null && !routing.isObject()) {
            return new Decision.Unroutable("routing is not an object");
        }
        JsonNode geo = record.get("geo");
        StateFinding state = routing != null ? senderState.resolve(routing) : geoState.resolve(geo);
        if (state.problem() != null) {
            return new Decision.Unroutable(state.problem());
        }
        DistrictFinding district = districts.resolve(state.state(), routing, geo);
        if (district.problem() != null) {
            return new Decision.Unroutable(district.problem());
        }
        List<String> to = recipients.of(state.state(), district.district());
        if (to == null) {
            return new Decision.Unroutable("state " + state.state().iso() + " (LGD " + state.state().code()
                    + ") has no agency in the directory");
        }
        String basis = district.basis() == null ? state.basis() : state.basis() + "+" + district.basis();
        return new Decision.Routed(state.state(), district.district(), to, basis);
    }
}
