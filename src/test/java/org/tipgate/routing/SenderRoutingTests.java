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

/** The sender's routing block decides the state, and the district when it gives one. */
class SenderRoutingTests {

    private static final JurisdictionRouter ROUTER = Routers.demo();

    @TempDir
    Path dir;

    @Test
    void routesByTheSendersLgdStateAndDistrict() {
        Decision.Routed routed = routed(ROUTER.route(record("\"routing\": {\"stateLgd\": 23, \"districtLgd\": 410}")));

        assertThat(routed.state().code()).isEqualTo(23);
        assertThat(routed.district().code()).isEqualTo(410);
        assertThat(routed.recipients()).containsExactly("mp-scc", "mp-indore");
        assertThat(routed.basis()).isEqualTo("routing.stateLgd+routing.districtLgd");
    }

    @Test
    void routesByTheSendersIsoCodeAloneToTheStateNodalAgency() {
        Decision.Routed routed = routed(ROUTER.route(record("\"routing\": {\"stateIso\": \"IN-DL\"}")));

        assertThat(routed.state().code()).isEqualTo(7);
        assertThat(routed.district()).isNull();
        assertThat(routed.recipients()).containsExactly("dl-ifso");
        assertThat(routed.basis()).isEqualTo("routing.stateIso");
    }

    @Test
    void acceptsIsoAndLgdCodesThatNameTheSameState() {
        Decision.Routed routed = routed(ROUTER.route(record(
                "\"routing\": {\"stateIso\": \"IN-DL\", \"stateLgd\": 7, \"districtLgd\": 79}")));

        assertThat(routed.recipients()).containsExactly("dl-ifso", "dl-new-delhi");
        assertThat(routed.basis()).isEqualTo("routing.stateIso+routing.stateLgd+routing.districtLgd");
    }

    @Test
    void refusesIsoAndLgdCodesThatNameDifferentStates() {
        String reason = unroutable(ROUTER.route(record(
                "\"routing\": {\"stateIso\": \"IN-MP\", \"stateLgd\": 7, \"districtLgd\": 79}")));

        assertThat(reason).isEqualTo("routing.stateIso IN-MP (LGD 23) and routing.stateLgd 7 (IN-DL) name different states");
    }

    @Test
    void refusesDisagreeingCodesEvenWhenGeolocationWouldSettleThem() {
        String reason = unroutable(ROUTER.route(record("\"routing\": {\"stateIso\": \"IN-MP\", \"stateLgd\": 7}, "
                + geos(geo("IN", "IN-MP", "Indore")))));

        assertThat(reason).contains("name different states");
    }

    @Test
    void refusesAnIsoCodeThatIsNoIndianState() {
        assertThat(unroutable(ROUTER.route(record("\"routing\": {\"stateIso\": \"IN-ZZ\"}"))))
                .isEqualTo("routing.stateIso IN-ZZ is not an ISO 3166-2:IN state code");
    }

    @Test
    void refusesAnUnknownIsoCodeEvenNextToAKnownLgdCode() {
        assertThat(unroutable(ROUTER.route(record("\"routing\": {\"stateIso\": \"IN-ZZ\", \"stateLgd\": 23}"))))
                .isEqualTo("routing.stateIso IN-ZZ is not an ISO 3166-2:IN state code");
    }

    @Test
    void refusesAnUnknownLgdStateCode() {
        assertThat(unroutable(ROUTER.route(record("\"routing\": {\"stateLgd\": 99}"))))
                .isEqualTo("routing.stateLgd 99 is not an LGD state code (lgd-2022-03-11)");
    }

    @Test
    void refusesADistrictOfAnotherState() {
        assertThat(unroutable(ROUTER.route(record("\"routing\": {\"stateIso\": \"IN-DL\", \"districtLgd\": 410}"))))
                .isEqualTo("routing.districtLgd 410 (INDORE) is a district of IN-MP, not of IN-DL (LGD 7)");
    }

    @Test
    void refusesAnUnknownDistrictCode() {
        assertThat(unroutable(ROUTER.route(record("\"routing\": {\"stateLgd\": 23, \"districtLgd\": 99999}"))))
                .isEqualTo("routing.districtLgd 99999 is not an LGD district code (lgd-2022-03-11)");
    }

    @Test
    void decidesTheStateEvenWhenGeolocationPointsElsewhere() {
        Decision.Routed routed = routed(ROUTER.route(record("\"routing\": {\"stateIso\": \"IN-MP\"}, "
                + geos(geo("IN", "IN-DL", "New Delhi")))));

        assertThat(routed.recipients()).containsExactly("mp-scc");
        assertThat(routed.district()).as("a city in another state says nothing about this one's districts").isNull();
    }

    @Test
    void decidesTheStateEvenWhenEveryGeolocationIsAbroad() {
        Decision.Routed routed = routed(ROUTER.route(record("\"routing\": {\"stateLgd\": 7}, "
                + geos(geo("US", "US-CA", "Los Angeles")))));

        assertThat(routed.recipients()).containsExactly("dl-ifso");
    }

    @Test
    void decidesTheDistrictOverAGeoCityOfAnotherDistrict() {
        Decision.Routed routed = routed(ROUTER.route(record("\"routing\": {\"stateLgd\": 23, \"districtLgd\": 396}, "
                + geos(geo("IN", "IN-MP", "Indore")))));

        assertThat(routed.recipients()).containsExactly("mp-scc", "mp-bhopal");
    }

    @Test
    void looksTheDistrictUpFromGeoCitiesWhenTheSenderLeavesItNull() {
        Decision.Routed routed = routed(ROUTER.route(record("\"routing\": {\"stateIso\": \"IN-MP\", \"districtLgd\": null}, "
                + geos(geo("IN", "IN-MP", "Mhow")))));

        assertThat(routed.recipients()).containsExactly("mp-scc", "mp-indore");
        assertThat(routed.basis()).isEqualTo("routing.stateIso+gazetteer");
    }

    @Test
    void letsTheSenderDecideBetweenSeveralGeolocatedStates() {
        Decision.Routed routed = routed(ROUTER.route(record("\"routing\": {\"stateIso\": \"IN-DL\"}, "
                + geos(geo("IN", "IN-MP", "Indore"), geo("IN", "IN-DL", "New Delhi")))));

        assertThat(routed.recipients()).containsExactly("dl-ifso", "dl-new-delhi");
        assertThat(routed.basis()).isEqualTo("routing.stateIso+gazetteer");
    }

    @Test
    void sendsAStateWithoutAgencyToQuarantine() {
        assertThat(unroutable(ROUTER.route(record("\"routing\": {\"stateIso\": \"IN-KL\", \"districtLgd\": 555}"))))
                .isEqualTo("state IN-KL (LGD 32) has no agency in the directory");
    }

    @Test
    void namesARetiredIsoCodesStateByItsCurrentCode() {
        assertThat(unroutable(ROUTER.route(record("\"routing\": {\"stateIso\": \"IN-OR\"}"))))
                .isEqualTo("state IN-OD (LGD 21) has no agency in the directory");
    }

    @Test
    void routesARetiredIsoCodeToItsStatesAgencies() throws IOException {
        JurisdictionRouter odisha = Routers.odisha(dir);

        Decision.Routed routed = routed(odisha.route(record(
                "\"routing\": {\"stateIso\": \"IN-OR\", \"stateLgd\": 21, \"districtLgd\": 362}")));

        assertThat(routed.state().iso()).isEqualTo("IN-OD");
        assertThat(routed.recipients()).containsExactly("dl-ifso", "dl-new-delhi");
    }

    @Test
    void readsCodesInAnyCaseThoughTheSchemaAsksForUpperCase() {
        assertThat(routed(ROUTER.route(unchecked("\"routing\": {\"stateIso\": \"in-mp\", \"districtLgd\": 407}"))).recipients())
                .containsExactly("mp-scc", "mp-gwalior");
    }

    @Test
    void readsAnLgdCodeWrittenAsAWholeDecimal() {
        assertThat(routed(ROUTER.route(unchecked("\"routing\": {\"stateLgd\": 23.0, \"districtLgd\": 396.0}"))).recipients())
                .containsExactly("mp-scc", "mp-bhopal");
    }

    @Test
    void refusesCodesThatAreNoIntegers() {
        assertThat(unroutable(ROUTER.route(unchecked("\"routing\": {\"stateLgd\": \"23\"}"))))
                .isEqualTo("routing.stateLgd is not an integer");
        assertThat(unroutable(ROUTER.route(unchecked("\"routing\": {\"stateLgd\": 23, \"districtLgd\": 410.5}"))))
                .isEqualTo("routing.districtLgd is not an integer");
    }

    @Test
    void refusesARoutingBlockThatNamesNoState() {
        assertThat(unroutable(ROUTER.route(unchecked("\"routing\": {\"districtLgd\": 410}, " + geos(geo("IN", "IN-MP", "Indore"))))))
                .isEqualTo("routing names neither stateIso nor stateLgd");
        assertThat(unroutable(ROUTER.route(unchecked("\"routing\": \"IN-MP\""))))
                .isEqualTo("routing is not an object");
    }
}
