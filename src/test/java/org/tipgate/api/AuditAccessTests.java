package org.tipgate.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tipgate.events.EventLog;
import org.tipgate.testing.Curl;

/**
 * Who sees what of the audit trail over HTTPS: the agency comes from the client certificate alone;
 * an auditor sees every event, a district or state agency those about its own packages, a national
 * sender those of its own feeds; other certificates are refused before any query runs.
 */
class AuditAccessTests extends AuditHarness {

    @Test
    void aDistrictSeesTheEventsOfItsOwnPackagesAndNoneOfAnotherDistrict() throws Exception {
        Feed f = seedFeed("ncrb");

        List<JsonNode> byFeed = allPages("mp-indore", "feedId=" + f.feedId(), 1000);

        assertThat(byFeed).extracting(e -> e.get("type").asText() + " " + e.path("tipId").asText("-") + " "
                + e.get("packageId").asText()).containsExactly(
                "RECORD_ROUTED " + f.indoreTip() + " " + f.pkg("mp-indore"),
                "PACKAGE_BUILT - " + f.pkg("mp-indore"),
                "PACKAGE_DELIVERED - " + f.pkg("mp-indore"),
                "RECEIPT_RECORDED - " + f.pkg("mp-indore"));
        List<JsonNode> unfiltered = allPages("mp-indore", "", 1000);
        assertThat(unfiltered).isNotEmpty().allSatisfy(e -> {
            assertThat(e.get("recipient").asText()).isEqualTo("mp-indore");
            assertThat(e.toString()).doesNotContain("mp-gwalior", f.gwaliorTip());
        });
        assertThat(unfiltered).extracting(e -> e.get("seq").asLong()).containsAll(
                byFeed.stream().map(e -> e.get("seq").asLong()).toList());
        assertThat(allPages("mp-indore", "tipId=" + f.gwaliorTip(), 1000)).isEmpty();
        assertThat(allPages("mp-indore", "agency=mp-gwalior", 1000)).isEmpty();
        assertThat(allPages("mp-indore", "feedId=" + f.feedId() + "&type=PACKAGE_BUILT", 1000))
                .extracting(e -> e.get("packageId").asText()).containsExactly(f.pkg("mp-indore"));
    }

    @Test
    void aStateAgencySeesOnlyItsOwnPackagesToo() throws Exception {
        Feed f = seedFeed("ncrb");

        List<JsonNode> seen = allPages("mp-scc", "feedId=" + f.feedId(), 1000);

        assertThat(seen).extracting(e -> e.get("type").asText() + " " + e.path("tipId").asText("-")).containsExactly(
                "RECORD_ROUTED " + f.indoreTip(), "RECORD_ROUTED " + f.gwaliorTip(), "PACKAGE_BUILT -",
                "PACKAGE_DELIVERED -");
        assertThat(seen).allSatisfy(e -> assertThat(e.get("recipient").asText()).isEqualTo("mp-scc"));
    }

    @Test
    void anotherDistrictsEventAndTipAreNotFoundAsIfTheyDidNotExist() throws Exception {
        Feed f = seedFeed("ncrb");
        long gwaliorSeq = allPages("auditor", "tipId=" + f.gwaliorTip() + "&agency=mp-gwalior", 1000).get(0)
                .get("seq").asLong();
        long treeSize = trail.treeSize();

        Curl.Result proof = get("mp-indore", "/proofs/inclusion?seq=" + gwaliorSeq + "&treeSize=" + treeSize);
        Curl.Result custody = get("mp-indore", "/custody/" + f.gwaliorTip());
        Curl.Result noSuchTip = get("mp-indore", "/custody/" + f.gwaliorTip() + "0");

        assertThat(proof.status()).isEqualTo(404);
        assertThat(custody.status()).isEqualTo(404);
        assertThat(noSuchTip.status()).isEqualTo(404);
        assertThat(custody.text()).isEqualTo(noSuchTip.text()).isEqualTo(proof.text())
                .doesNotContain(f.gwaliorTip(), "mp-gwalior");
        assertThat(custody.header("content-type")).isEqualTo(noSuchTip.header("content-type"));
        assertThat(get("auditor", "/custody/" + f.gwaliorTip()).status()).isEqualTo(200);
    }

    @Test
    void theAuditorSeesEveryEvent() throws Exception {
        Feed f = seedFeed("ncrb");

        List<JsonNode> seen = allPages("auditor", "feedId=" + f.feedId(), 1000);

        assertThat(seen).hasSize(EVENTS_WITH_FEED_ID);
        assertThat(seen).extracting(e -> e.path("recipient").asText("-")).contains("mp-indore", "mp-gwalior",
                "mp-scc", "-");
        assertThat(allPages("auditor", "agency=ncrb&type=FEED_RECEIVED", 1000)).extracting(
                e -> e.get("detail").get("intakeId").asText()).contains(f.intakeId());
    }

    @Test
    void aNationalSenderSeesTheEventsOfTheFeedsItSentOnly() throws Exception {
        Feed own = seedFeed("ncrb");
        Feed others = seedFeed("another-sender");

        assertThat(allPages("ncrb", "", 1000)).allSatisfy(e -> assertThat(e.toString())
                .doesNotContain(others.feedId()));
        assertThat(allPages("ncrb", "feedId=" + own.feedId(), 1000)).hasSize(EVENTS_WITH_FEED_ID);
        assertThat(allPages("ncrb", "feedId=" + others.feedId(), 1000)).isEmpty();
        assertThat(get("ncrb", "/custody/" + others.indoreTip()).status()).isEqualTo(404);
        assertThat(get("ncrb", "/custody/" + others.indoreTip() + "0").status()).isEqualTo(404);

        // A sender sees its own AUDIT_QUERIED events: they must not tell another's tip from no tip.
        sequencer.integrate();
        List<JsonNode> custodyQueries = allPages("ncrb", "agency=ncrb&type=AUDIT_QUERIED&outcome=NOT_FOUND", 1000)
                .stream().filter(e -> e.get("detail").path("tipId").asText().startsWith(others.indoreTip())).toList();
        assertThat(custodyQueries).extracting(e -> e.get("detail").get("tipId").asText())
                .containsExactly(others.indoreTip(), others.indoreTip() + "0");
    }

    @Test
    void withoutAClientCertificateTheAnswerIs401WithNoEventsAndTheRefusalIsRecorded() throws Exception {
        Feed f = seedFeed("ncrb");
        int refused = refusals().size();
        int queried = queries().size();

        Curl.Result answer = anonymously(url("/api/v1/audit/events?feedId=" + f.feedId()));

        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.text()).doesNotContain(f.feedId(), "events", "{");
        List<EventLog.Recorded> events = refusalsAfter(refused);
        assertThat(events).hasSize(1);
        assertThat(events.get(0).event().actor()).isEqualTo("unknown");
        assertThat(events.get(0).event().outcome()).isEqualTo("401");
        assertThat(events.get(0).event().detail()).containsEntry("method", "GET")
                .containsEntry("path", "/api/v1/audit/events").containsEntry("reason", "no client certificate");
        assertThat(queriesAfter(queried)).isEmpty();
    }

    @Test
    void theGatewaysOwnCertificateIs403AndAnUnlistedOneIs401() throws Exception {
        int refused = refusals().size();
        int queried = queries().size();

        Curl.Result gateway = get("tipgate", "/events");
        Curl.Result unlisted = get("ncrb-revoked", "/checkpoints/latest");
        Curl.Result custody = get("tipgate", "/custody/1234");

        assertThat(gateway.status()).isEqualTo(403);
        assertThat(gateway.text()).contains("audit API").doesNotContain("{");
        assertThat(unlisted.status()).isEqualTo(401);
        assertThat(custody.status()).isEqualTo(403);
        assertThat(refusalsAfter(refused)).extracting(r -> r.event().actor() + " " + r.event().outcome() + " "
                + r.event().detail().get("path") + " " + r.event().detail().get("reason")).containsExactly(
                "tipgate 403 /api/v1/audit/events role GATEWAY is not an auditor, a state or district agency or a"
                        + " national sender",
                "unknown 401 /api/v1/audit/checkpoints/latest certificate not listed in the agency directory",
                "tipgate 403 /api/v1/audit/custody/{tipId} role GATEWAY is not an auditor, a state or district"
                        + " agency or a national sender");
        assertThat(queriesAfter(queried)).isEmpty();
    }

    @Test
    void theAuditApiIsReadOnly() throws Exception {
        int queried = queries().size();
        int refused = refusals().size();

        for (String method : List.of("POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS")) {
            String[] how = method.equals("HEAD") ? new String[] {"--head"} : new String[] {"-X", method};
            for (String path : List.of("/events", "/checkpoints/latest", "/proofs/inclusion?seq=0&treeSize=1",
                    "/proofs/consistency?from=1&to=1", "/custody/1234")) {
                Curl.Result auditor = get("auditor", path, how);
                assertThat(auditor.status()).as(method + " " + path).isEqualTo(405);
                assertThat(auditor.header("allow")).as(method + " " + path).isEqualTo("GET");
                List<String> anonymous = new ArrayList<>(List.of(how));
                anonymous.add(url("/api/v1/audit" + path));
                assertThat(curl(anonymous).status()).as(method + " " + path).isEqualTo(405);
            }
        }

        assertThat(queriesAfter(queried)).isEmpty();
        assertThat(refusalsAfter(refused)).isEmpty();
    }

    @Test
    void theFeedsApiStaysForNationalSendersOnly() throws Exception {
        for (String agency : List.of("auditor", "mp-indore", "mp-scc")) {
            Curl.Result answer = as(agency, url("/api/v1/feeds/some-feed"));
            assertThat(answer.status()).as(agency).isEqualTo(403);
            assertThat(answer.text()).isEqualTo("only a national sender may use the feeds API\n");
        }
        assertThat(get("ncrb", "/checkpoints/latest").status()).isIn(200, 404);
    }

    @Test
    void noHeaderOrParameterChoosesTheAgencyOrItsScope() throws Exception {
        Feed f = seedFeed("ncrb");
        String auditorPem = Files.readString(Path.of("keys-example/auditor.crt.pem"))
                .replace("\n", " ");

        List<JsonNode> withHeaders = new ArrayList<>();
        Curl.Result answer = get("mp-indore", "/events?feedId=" + f.feedId(), "-H", "X-Agency: auditor",
                "-H", "X-SSL-Client-Cert: " + auditorPem, "-H", "X-Forwarded-Client-Cert: Subject=\"CN=auditor\"",
                "-H", "Authorization: Basic YXVkaXRvcjphdWRpdG9y");
        json(answer).get("events").forEach(withHeaders::add);

        assertThat(withHeaders).hasSize(4).allSatisfy(e -> assertThat(e.get("recipient").asText())
                .isEqualTo("mp-indore"));
        for (String query : List.of("viewer=auditor", "scope=ALL", "agencyId=auditor", "role=AUDITOR")) {
            assertThat(get("mp-indore", "/events?feedId=" + f.feedId() + "&" + query).status()).as(query)
                    .isEqualTo(400);
        }
        assertThat(anonymously("-H", "X-Agency: auditor", url("/api/v1/audit/events")).status()).isEqualTo(401);
    }
}
