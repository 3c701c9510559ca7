package org.tipgate.synthetic;

import org.tipgate.directory.LgdState;

/**
 * Where a synthetic tip points, and whether the demo directory can route it.
 *
 * @param state the Indian state, or null abroad or without geo data
 * @param districtLgd the LGD district, or null when not known
 * @param iso the subdivision code the record carries (may be a retired alias such as IN-OR)
 */
record Place(Kind kind, String countryCode, String iso, String city, LgdState state, Integer districtLgd) {

    enum Kind {
        /** Madhya Pradesh or Delhi: the states of the demo directory. */
        ROUTABLE,
        /** An Indian state with no agency in the demo directory. */
        STATE_WITHOUT_AGENCY,
        /** Geolocated abroad, no Indian subdivision. */
        ABROAD,
        /** No geolocation at all. */
        NO_GEO
    }
}
