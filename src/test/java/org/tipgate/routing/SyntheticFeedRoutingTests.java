package org.tipgate.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static java.util.Map.entry;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tipgate.directory.Agency;
import org.tipgate.directory.AgencyDirectory;
import org.tipgate.feed.Feeds;
import org.tipgate.format.WireJson;

/**
 * A state's dispatch from the synthetic generator, routed over the demo directory. What each record
 * was meant for is read back from its first geo entry (the generator's place) and checked against
 * this test's own table of the generator's towns, not against the gazetteer.
 */
class SyntheticFeedRoutingTests {

    private static final int RECORDS = 30_000;
    private static final long SEED = 20_251_129L;

    /** The generator's Madhya Pradesh places (DemoGeography) and their LGD districts. */
    private static final Map<String, Integer> MP_PLACES = Map.ofEntries(entry("Indore", 410), entry("Mhow", 410),
            entry("Sanwer", 410), entry("Bhopal", 396), entry("Berasia", 396), entry("Gwalior", 407), entry("Dabra", 407),
            entry("Jabalpur", 411), entry("Ujjain", 435), entry("Nagda", 435), entry("Sagar", 425), entry("Bina", 425),
            entry("Rewa", 424), entry("Satna", 426), entry("Ratlam", 423), entry("Jaora", 423), entry("Dewas", 402),
            entry("Chhindwara", 399), entry("Khargone", 414), entry("Vidisha", 437));
    private static final Map<Integer, String> DISTRICT_ENDPOINTS = Map.of(410, "mp-indore", 396, "mp-bhopal",
            407, "mp-gwalior", 79, "dl-new-delhi");
    private static final Set<String> WITHOUT_AGENCY = Set.of("IN-KL", "IN-OR", "IN-TG", "IN-CT");

    private static final List<String> mismatches = new ArrayList<>();
    private static final Map<String, Integer> outcomes = new TreeMap<>();
    private static final Map<String, Integer> bases = new TreeMap<>();
    private static final Map<String, Integer> recipients = new TreeMap<>();
    private static final Map<String, Integer> agencyStates = new HashMap<>();
    private static int crossState;
    private static int vpnRouted;
    private static int vpnRecords;

    @BeforeAll
    static void routeADispatch() throws IOException {
        AgencyDirectory directory = Routers.demoDirectory();
        for (Agency agency : directory.agencies()) {
            if (agency.jurisdiction() != null) {
                agencyStates.put(agency.id(), agency.jurisdiction().stateLgd());
            }
        }
        JurisdictionRouter router = new JurisdictionRouter(directory, Routers.LGD, Routers.GAZETTEER);
        List<String> lines = Feeds.generated(SEED, RECORDS);
        for (int i = 0; i < lines.size(); i++) {
            JsonNode record = WireJson.mapper().readTree(lines.get(i));
            Decision decision = router.route(record);
            String expected = expected(record);
            String actual = describe(decision);
            if (!expected.equals(actual)) {
                mismatches.add("line " + (i + 1) + ": expected " + expected + ", got " + actual + " for " + record.path("geo")
                        + " " + record.path("routing"));
            }
            tally(record, decision);
        }
        print();
    }

    @Test
    void routesEveryRecordAsTheGeneratorMeantIt() {
        assertThat(mismatches).isEmpty();
    }

    @Test
    void neverSendsARecordToAnAgencyOfAnotherState() {
        assertThat(crossState).isZero();
        assertThat(recipients).containsOnlyKeys("mp-scc", "dl-ifso", "mp-indore", "mp-bhopal", "mp-gwalior", "dl-new-delhi");
    }

    @Test
    void reachesEveryDistrictEndpointOfTheDemoDirectory() {
        assertThat(recipients.get("mp-indore")).isGreaterThan(RECORDS * 10 / 100);
        assertThat(recipients.get("mp-bhopal")).isGreaterThan(RECORDS * 8 / 100);
        assertThat(recipients.get("mp-gwalior")).isGreaterThan(RECORDS * 4 / 100);
        assertThat(recipients.get("dl-new-delhi")).isGreaterThan(RECORDS * 5 / 100);
    }

    @Test
    void quarantinesTheDeliberatelyUnroutableThreePercent() {
        int unroutable = outcomes.entrySet().stream().filter(e -> e.getKey().startsWith("unroutable")).mapToInt(Map.Entry::getValue).sum();

        assertThat(unroutable).isBetween(RECORDS * 2 / 100, RECORDS * 45 / 1000);
        assertThat(outcomes).containsKeys("unroutable: abroad", "unroutable: no geo", "unroutable: state without agency");
    }

    @Test
    void routesRecordsWithAVpnExitAbroadByTheirIndianAddress() {
        assertThat(vpnRecords).isPositive();
        assertThat(vpnRouted).isEqualTo(vpnRecords);
    }

    /** What the generator meant, in the form {@link #describe} gives a decision. */
    private static String expected(JsonNode record) {
        JsonNode place = record.path("geo").path(0);
        if (place.isMissingNode()) {
            return "unroutable: no Indian state: no routing block and no geo entries";
        }
        String iso = place.get("subdivisionIso").textValue();
        String city = place.get("city").textValue();
        if (!iso.startsWith("IN-")) {
            return "unroutable: no Indian state: geo names " + iso + " only";
        }
        if (WITHOUT_AGENCY.contains(iso)) {
            var state = Routers.LGD.stateByIso(iso).orElseThrow();
            return "unroutable: state " + state.iso() + " (LGD " + state.code() + ") has no agency in the directory";
        }
        JsonNode given = record.path("routing").path("districtLgd");
        Integer district = given.isInt() ? Integer.valueOf(given.intValue()) : null;
        String nodal;
        if (iso.equals("IN-MP")) {
            nodal = "mp-scc";
            district = district != null ? district : MP_PLACES.get(city);
        } else if (iso.equals("IN-DL")) {
            nodal = "dl-ifso";
            district = district != null ? district : city.equals("New Delhi") ? Integer.valueOf(79) : null;
        } else {
            return "a place this test does not know: " + iso;
        }
        String endpoint = district == null ? null : DISTRICT_ENDPOINTS.get(district);
        return "routed " + iso + " district " + district + " to " + (endpoint == null ? List.of(nodal) : List.of(nodal, endpoint));
    }

    private static String describe(Decision decision) {
        if (decision instanceof Decision.Routed routed) {
            return "routed " + routed.state().iso() + " district " + (routed.district() == null ? null : routed.district().code())
                    + " to " + routed.recipients();
        }
        return "unroutable: " + ((Decision.Unroutable) decision).reason();
    }

    private static void tally(JsonNode record, Decision decision) {
        boolean vpn = false;
        for (JsonNode geo : record.path("geo")) {
            vpn |= "NL".equals(geo.path("countryCode").asText());
        }
        vpnRecords += vpn ? 1 : 0;
        if (decision instanceof Decision.Routed routed) {
            vpnRouted += vpn ? 1 : 0;
            String kind = routed.recipients().size() == 2 ? "routed: state + district endpoint"
                    : routed.district() != null ? "routed: state only, district without endpoint" : "routed: state only, district unknown";
            outcomes.merge(kind, 1, Integer::sum);
            bases.merge(routed.basis(), 1, Integer::sum);
            for (String id : routed.recipients()) {
                recipients.merge(id, 1, Integer::sum);
                crossState += agencyStates.get(id) == routed.state().code() ? 0 : 1;
            }
        } else {
            String reason = ((Decision.Unroutable) decision).reason();
            String kind = reason.startsWith("no Indian state: no routing") ? "unroutable: no geo"
                    : reason.startsWith("no Indian state") ? "unroutable: abroad"
                    : reason.endsWith("has no agency in the directory") ? "unroutable: state without agency" : "unroutable: " + reason;
            outcomes.merge(kind, 1, Integer::sum);
        }
    }

    private static void print() {
        StringBuilder out = new StringBuilder("Routing " + RECORDS + " synthetic records (seed " + SEED + ") over the demo directory\n");
        outcomes.forEach((k, v) -> out.append(String.format("  %-48s %6d  %5.2f%%%n", k, v, 100.0 * v / RECORDS)));
        out.append("by basis:\n");
        bases.forEach((k, v) -> out.append(String.format("  %-48s %6d  %5.2f%%%n", k, v, 100.0 * v / RECORDS)));
        out.append("records per recipient:\n");
        recipients.forEach((k, v) -> out.append(String.format("  %-48s %6d  %5.2f%%%n", k, v, 100.0 * v / RECORDS)));
        out.append("records with a VPN exit abroad: ").append(vpnRecords).append(", routed: ").append(vpnRouted).append('\n');
        System.out.print(out);
    }
}
