package org.tipgate.synthetic;

import java.util.Set;
import java.util.SplittableRandom;
import org.tipgate.directory.LgdDistrict;
import org.tipgate.directory.LgdState;
import org.tipgate.directory.LgdTables;

/**
 * Where synthetic tips point, in tenths of a percent of all tips: 97% to the two states of the demo
 * directory (Madhya Pradesh 54.5%, Delhi 42.5%), 3% deliberately unroutable (abroad, a state with
 * no agency, no geolocation). Codes and district names come from the LGD table; the city names are
 * ours. Most cities carry their district's name, so that a name lookup can route them; a few towns
 * (Mhow, Dabra, ...) and Delhi's districts other than New Delhi, which geolocate only to "Delhi",
 * need the sender's routing or a gazetteer to reach a district.
 */
final class DemoGeography {

    /** The states that have agencies in the demo directory (config/agencies.yaml). */
    private static final Set<String> DEMO_DIRECTORY_STATES = Set.of("IN-MP", "IN-DL");

    private final LgdTables lgd;
    private final Weighted<Place> places = new Weighted<>();

    DemoGeography(LgdTables lgd) {
        this.lgd = lgd;
        madhyaPradesh();
        delhi();
        unroutable();
    }

    Place pick(SplittableRandom random) {
        return places.pick(random);
    }

    private void madhyaPradesh() {
        indian(112, "IN-MP", 410, "Indore");
        indian(13, "IN-MP", 410, "Mhow");
        indian(6, "IN-MP", 410, "Sanwer");
        indian(114, "IN-MP", 396, "Bhopal");
        indian(6, "IN-MP", 396, "Berasia");
        indian(59, "IN-MP", 407, "Gwalior");
        indian(6, "IN-MP", 407, "Dabra");
        indian(44, "IN-MP", 411, "Jabalpur");
        indian(28, "IN-MP", 435, "Ujjain");
        indian(5, "IN-MP", 435, "Nagda");
        indian(22, "IN-MP", 425, "Sagar");
        indian(5, "IN-MP", 425, "Bina");
        indian(22, "IN-MP", 424, "Rewa");
        indian(22, "IN-MP", 426, "Satna");
        indian(17, "IN-MP", 423, "Ratlam");
        indian(5, "IN-MP", 423, "Jaora");
        indian(22, "IN-MP", 402, "Dewas");
        indian(16, "IN-MP", 399, "Chhindwara");
        indian(11, "IN-MP", 414, "Khargone");
        indian(10, "IN-MP", 437, "Vidisha");
    }

    private void delhi() {
        indian(85, "IN-DL", 79, "New Delhi");
        indian(85, "IN-DL", 83, "Delhi");
        for (int district : new int[] {670, 84, 85, 82}) {
            indian(34, "IN-DL", district, "Delhi");
        }
        indian(30, "IN-DL", 78, "Delhi");
        indian(26, "IN-DL", 81, "Delhi");
        for (int district : new int[] {671, 77, 80}) {
            indian(21, "IN-DL", district, "Delhi");
        }
    }

    private void unroutable() {
        abroad(4, "US", "US-CA", "Los Angeles");
        abroad(2, "US", "US-TX", "Dallas");
        abroad(4, "BD", "BD-C", "Dhaka");
        abroad(2, "AE", "AE-DU", "Dubai");
        indian(4, "IN-KL", 555, "Kochi");
        indian(2, "IN-KL", 565, "Thiruvananthapuram");
        // Retired ISO codes, as older geolocation databases still report them.
        indian(2, "IN-OR", 362, "Bhubaneswar");
        indian(1, "IN-TG", 507, "Hyderabad");
        indian(1, "IN-CT", 387, "Raipur");
        places.add(8, new Place(Place.Kind.NO_GEO, null, null, null, null, null));
    }

    private void indian(int weight, String iso, int districtCode, String city) {
        LgdState state = lgd.stateByIso(iso).orElseThrow(() -> new IllegalStateException("no LGD state for " + iso));
        LgdDistrict district = lgd.district(districtCode)
                .filter(d -> d.stateCode() == state.code())
                .orElseThrow(() -> new IllegalStateException("LGD district " + districtCode + " is not in " + iso));
        Place.Kind kind = DEMO_DIRECTORY_STATES.contains(state.iso()) ? Place.Kind.ROUTABLE : Place.Kind.STATE_WITHOUT_AGENCY;
        places.add(weight, new Place(kind, "IN", iso, city, state, district.code()));
    }

    private void abroad(int weight, String country, String subdivision, String city) {
        places.add(weight, new Place(Place.Kind.ABROAD, country, subdivision, city, null, null));
    }
}
