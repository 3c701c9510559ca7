package org.tipgate.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tipgate.routing.Decisions.routed;
import static org.tipgate.routing.Decisions.unroutable;
import static org.tipgate.routing.TipRecords.geo;
import static org.tipgate.routing.TipRecords.geos;
import static org.tipgate.routing.TipRecords.record;
import static org.tipgate.routing.TipRecords.unchecked;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Without a routing block, geo[].subdivisionIso decides the state and geo[].city the district. */
class GeolocationRoutingTests {

    private static final JurisdictionRouter ROUTER = Routers.demo();

    @TempDir
    Path dir;

    @Test
    void routesByTheSubdivisionAndACityNamedLikeItsDistrict() {
        Decision.Routed routed = routed(ROUTER.route(record(geos(geo("IN", "IN-MP", "Indore")))));

        assertThat(routed.state().code()).isEqualTo(23);
        assertThat(routed.district().code()).isEqualTo(410);
        assertThat(routed.recipients()).containsExactly("mp-scc", "mp-indore");
        assertThat(routed.basis()).isEqualTo("geo.subdivisionIso+gazetteer");
    }

    @ParameterizedTest
    @CsvSource({"Mhow, 410, mp-indore", "Sanwer, 410, mp-indore", "Berasia, 396, mp-bhopal", "Dabra, 407, mp-gwalior",
        "Bhopal, 396, mp-bhopal", "Gwalior, 407, mp-gwalior"})
    void routesTownsOfADistrictWithAnEndpointToIt(String town, int district, String endpoint) {
        Decision.Routed routed = routed(ROUTER.route(record(geos(geo("IN", "IN-MP", town)))));

        assertThat(routed.district().code()).isEqualTo(district);
        assertThat(routed.recipients()).containsExactly("mp-scc", endpoint);
    }

    @ParameterizedTest
    @CsvSource({"Nagda, 435", "Bina, 425", "Jaora, 423", "Jabalpur, 411", "Khandwa, 405"})
    void routesADistrictWithoutEndpointToTheStateNodalAgencyAlone(String town, int district) {
        Decision.Routed routed = routed(ROUTER.route(record(geos(geo("IN", "IN-MP", town)))));

        assertThat(routed.district().code()).isEqualTo(district);
        assertThat(routed.recipients()).containsExactly("mp-scc");
    }

    @Test
    void routesNewDelhiToItsDistrictEndpoint() {
        assertThat(routed(ROUTER.route(record(geos(geo("IN", "IN-DL", "New Delhi"))))).recipients())
                .containsExactly("dl-ifso", "dl-new-delhi");
    }

    @Test
    void routesACityOfJustDelhiToTheStateAlone() {
        Decision.Routed routed = routed(ROUTER.route(record(geos(geo("IN", "IN-DL", "Delhi")))));

        assertThat(routed.district()).isNull();
        assertThat(routed.recipients()).containsExactly("dl-ifso");
        assertThat(routed.basis()).isEqualTo("geo.subdivisionIso");
    }

    @Test
    void routesACityThatMatchesNoDistrictToTheStateAlone() {
        Decision.Routed routed = routed(ROUTER.route(record(geos(geo("IN", "IN-MP", "Nowheregunj")))));

        assertThat(routed.district()).isNull();
        assertThat(routed.recipients()).containsExactly("mp-scc");
    }

    @Test
    void routesASubdivisionWithoutCityToTheStateAlone() {
        assertThat(routed(ROUTER.route(record(geos(geo(null, "IN-MP", null))))).recipients()).containsExactly("mp-scc");
    }

    @Test
    void matchesCityNamesIgnoringCaseAndSpaces() {
        assertThat(routed(ROUTER.route(record(geos(geo("IN", "IN-DL", "  new   DELHI "))))).recipients())
                .containsExactly("dl-ifso", "dl-new-delhi");
        assertThat(routed(ROUTER.route(record(geos(geo("IN", "IN-MP", "MHOW"))))).recipients())
                .containsExactly("mp-scc", "mp-indore");
    }

    @Test
    void readsCodesInAnyCaseThoughTheSchemaAsksForUpperCase() {
        assertThat(routed(ROUTER.route(unchecked(geos(geo("in", "in-mp", "indore"))))).recipients())
                .containsExactly("mp-scc", "mp-indore");
    }

    @Test
    void letsAVpnExitAbroadPassNextToTheIndianAddress() {
        Decision.Routed routed = routed(ROUTER.route(record(geos(geo("IN", "IN-MP", "Dabra"), geo("NL", null, "Amsterdam"),
                geo("US", "US-CA", "Los Angeles")))));

        assertThat(routed.recipients()).containsExactly("mp-scc", "mp-gwalior");
    }

    @Test
    void decidesTheDistrictAllKnownCitiesAgreeOn() {
        assertThat(routed(ROUTER.route(record(geos(geo("IN", "IN-MP", "Indore"), geo("IN", "IN-MP", "Mhow"))))).recipients())
                .containsExactly("mp-scc", "mp-indore");
    }

    @Test
    void letsAnUnknownCityPassNextToAKnownOne() {
        assertThat(routed(ROUTER.route(record(geos(geo("IN", "IN-MP", "Nowheregunj"), geo("IN", "IN-MP", "Sanwer")))))
                .recipients()).containsExactly("mp-scc", "mp-indore");
    }

    @Test
    void decidesNoDistrictWhenCitiesNameDifferentDistricts() {
        Decision.Routed routed = routed(ROUTER.route(record(geos(geo("IN", "IN-MP", "Indore"), geo("IN", "IN-MP", "Bhopal")))));

        assertThat(routed.district()).isNull();
        assertThat(routed.recipients()).containsExactly("mp-scc");
    }

    @Test
    void decidesNoDistrictForAnAmbiguousCity() {
        JurisdictionRouter router = Routers.demoWithGazetteer("23,Rampur,410\n23,Rampur,396\n");

        Decision.Routed routed = routed(router.route(record(geos(geo("IN", "IN-MP", "Rampur")))));

        assertThat(routed.district()).isNull();
        assertThat(routed.recipients()).containsExactly("mp-scc");
    }

    @Test
    void decidesNoDistrictForACityThatIsAlsoAnotherDistrictsName() {
        JurisdictionRouter router = Routers.demoWithGazetteer("23,Bhopal,410\n");

        assertThat(routed(router.route(record(geos(geo("IN", "IN-MP", "Bhopal"))))).recipients()).containsExactly("mp-scc");
    }

    @Test
    void narrowsAnAmbiguousCityByAnotherCityOfTheRecord() {
        JurisdictionRouter router = Routers.demoWithGazetteer("23,Rampur,410\n23,Rampur,396\n");

        assertThat(routed(router.route(record(geos(geo("IN", "IN-MP", "Rampur"), geo("IN", "IN-MP", "Bhopal")))))
                .recipients()).containsExactly("mp-scc", "mp-bhopal");
        assertThat(routed(router.route(record(geos(geo("IN", "IN-MP", "Rampur"), geo("IN", "IN-MP", "Dabra")))))
                .recipients()).as("Dabra is in neither of Rampur's districts").containsExactly("mp-scc");
    }

    @Test
    void ignoresACityWhoseEntryNamesNoState() {
        Decision.Routed routed = routed(ROUTER.route(record(geos(geo("IN", "IN-MP", null), geo("IN", null, "Indore")))));

        assertThat(routed.district()).isNull();
        assertThat(routed.recipients()).containsExactly("mp-scc");
    }

    @Test
    void refusesGeolocationAbroadOnly() {
        assertThat(unroutable(ROUTER.route(record(geos(geo("US", "US-CA", "Los Angeles"))))))
                .isEqualTo("no Indian state: geo names US-CA only");
        assertThat(unroutable(ROUTER.route(record(geos(geo("US", "US-CA", "Los Angeles"), geo("NL", null, "Amsterdam"),
                geo("US", "US-CA", "San Jose"))))))
                .isEqualTo("no Indian state: geo names US-CA, NL only");
    }

    @Test
    void refusesARecordWithoutRoutingOrGeolocation() {
        assertThat(unroutable(ROUTER.route(record("\"priority\": \"1\""))))
                .isEqualTo("no Indian state: no routing block and no geo entries");
        assertThat(unroutable(ROUTER.route(record("\"geo\": []"))))
                .isEqualTo("no Indian state: no routing block and no geo entries");
    }

    @Test
    void refusesIndiaWithoutASubdivisionEvenWithACityNamedLikeADistrict() {
        assertThat(unroutable(ROUTER.route(record(geos(geo("IN", null, "Indore"))))))
                .isEqualTo("no Indian state: geo names IN without subdivision only");
    }

    @Test
    void refusesGeoEntriesThatLocateNothing() {
        assertThat(unroutable(ROUTER.route(record("\"geo\": [{\"ipAddress\": \"203.0.113.57\", \"isp\": \"Example\"}]"))))
                .isEqualTo("no Indian state: geo names no country only");
    }

    @Test
    void refusesGeolocationInSeveralIndianStates() {
        assertThat(unroutable(ROUTER.route(record(geos(geo("IN", "IN-MP", "Indore"), geo("IN", "IN-DL", "New Delhi"),
                geo("IN", "IN-MP", "Bhopal"))))))
                .isEqualTo("geo names several Indian states (IN-MP, IN-DL) and there is no routing block to decide");
    }

    @Test
    void countsARetiredCodeAndItsCurrentCodeAsOneState() {
        assertThat(unroutable(ROUTER.route(record(geos(geo("IN", "IN-OR", "Bhubaneswar"), geo("IN", "IN-OD", "Cuttack"))))))
                .isEqualTo("state IN-OD (LGD 21) has no agency in the directory");
    }

    @Test
    void routesARetiredIsoCodeToItsStatesAgencies() throws IOException {
        JurisdictionRouter odisha = Routers.odisha(dir);

        Decision.Routed routed = routed(odisha.route(record(geos(geo("IN", "IN-OR", "Bhubaneswar")))));

        assertThat(routed.district().name()).isEqualTo("KHORDHA");
        assertThat(routed.recipients()).containsExactly("dl-ifso", "dl-new-delhi");
        assertThat(routed.basis()).isEqualTo("geo.subdivisionIso+gazetteer");
    }

    @Test
    void refusesAStateWithoutAgency() {
        assertThat(unroutable(ROUTER.route(record(geos(geo("IN", "IN-KL", "Kochi"))))))
                .isEqualTo("state IN-KL (LGD 32) has no agency in the directory");
    }

    @Test
    void refusesAnIndianSubdivisionCodeTheTablesDoNotKnow() {
        assertThat(unroutable(ROUTER.route(record(geos(geo("IN", "IN-MP", "Indore"), geo("IN", "IN-ZZ", "Indore"))))))
                .isEqualTo("geo[1].subdivisionIso IN-ZZ is not an ISO 3166-2:IN state code");
    }

    @Test
    void refusesAnEntryWhoseCountryAndSubdivisionDisagreeAboutIndia() {
        assertThat(unroutable(ROUTER.route(record(geos(geo("US", "IN-MP", "Indore"))))))
                .isEqualTo("geo[0] has countryCode US but subdivisionIso IN-MP");
        assertThat(unroutable(ROUTER.route(record(geos(geo("IN", "IN-MP", "Indore"), geo("IN", "US-CA", "Dallas"))))))
                .isEqualTo("geo[1] has countryCode IN but subdivisionIso US-CA");
    }

    @Test
    void ignoresAContradictoryEntrysCityWhenTheSenderDecidesTheState() {
        Decision.Routed routed = routed(ROUTER.route(record("\"routing\": {\"stateIso\": \"IN-MP\"}, "
                + geos(geo("US", "IN-MP", "Indore")))));

        assertThat(routed.recipients()).containsExactly("mp-scc");
    }
}
