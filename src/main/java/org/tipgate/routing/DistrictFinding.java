package org.tipgate.routing;

import org.tipgate.directory.LgdDistrict;

/**
 * The district of a record and which fields gave it; no district (state-only routing); or why the
 * record cannot be routed at all.
 */
record DistrictFinding(LgdDistrict district, String basis, String problem) {

    /** No district could be decided: the state nodal agency alone receives the record. */
    static final DistrictFinding NONE = new DistrictFinding(null, null, null);

    static DistrictFinding of(LgdDistrict district, String basis) {
        return new DistrictFinding(district, basis, null);
    }

    static DistrictFinding unroutable(String problem) {
        return new DistrictFinding(null, null, problem);
    }
}
