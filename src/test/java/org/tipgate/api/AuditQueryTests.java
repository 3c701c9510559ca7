package org.tipgate.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.tipgate.audit.AuditEvent;
import org.tipgate.audit.CanonicalJson;
import org.tipgate.audit.Checkpoint;
import org.tipgate.audit.Proofs;
import org.tipgate.audit.SignedCheckpoint;
import org.tipgate.config.TipGateProperties;
import org.tipgate.events.EventLog;
import org.tipgate.format.WireJson;
import org.tipgate.testing.Curl;
import org.tipgate.testing.OpenSsl;

/**
 * What the audit API answers: pages that follow the cursor, events exactly as their leaves, proofs
 * that verify against the signed checkpoints, custody reports OpenSSL accepts, 400 for every bad
 * parameter, and an AUDIT_QUERIED event for every question.
 */
class AuditQueryTests extends AuditHarness {

    @Autowired
    TipGateProperties properties;

    @Test
    void pagingWithTheCursorReturnsEveryMatchingEventOnceInLogOrder() throws Exception {
        Feed f = seedFeed("ncrb");
        seedFeed("ncrb");
        List<Long> whole = seqs(allPages("auditor", "feedId=" + f.feedId(), 1000));

        assertThat(whole).hasSize(EVENTS_WITH_FEED_ID).isSorted().doesNotHaveDuplicates();
        for (int limit : new int[] {1, 4, 5, 14, 15}) {
            assertThat(seqs(allPages("auditor", "feedId=" + f.feedId(), limit))).as("limit " + limit)
                    .isEqualTo(whole);
        }
        List<Long> indore = seqs(allPages("mp-indore", "feedId=" + f.feedId(), 1000));
        assertThat(seqs(allPages("mp-indore", "feedId=" + f.feedId(), 1))).isEqualTo(indore).hasSize(4);
        assertThat(seqs(allPages("mp-indore", "feedId=" + f.feedId(), 3))).isEqualTo(indore);
    }

    @Test
    void aFullLastPageSaysThereIsNoNextPage() throws Exception {
        Feed f = seedFeed("ncrb");

        JsonNode page = json(get("auditor", "/events?feedId=" + f.feedId() + "&limit=" + EVENTS_WITH_FEED_ID));
        JsonNode first = json(get("auditor", "/events?feedId=" + f.feedId() + "&limit=14"));

        assertThat(page.get("events").size()).isEqualTo(EVENTS_WITH_FEED_ID);
        assertThat(page.get("next").isNull()).isTrue();
        assertThat(first.get("next").asText()).matches("[A-Za-z0-9_-]+");
    }

    @Test
    void eachEventIsItsCanonicalLeafWithTheLeafHashTheGatewayRecorded() throws Exception {
        Feed f = seedFeed("ncrb");

        for (JsonNode e : allPages("auditor", "feedId=" + f.feedId(), 1000)) {
            ObjectNode event = e.deepCopy();
            byte[] leafHash = Base64.getDecoder().decode(event.remove("leafHash").asText());
            AuditEvent parsed = AuditEvent.fromMap(CanonicalJson.parseObject(WireJson.toBytes(event)));
            assertThat(parsed.leafHash()).isEqualTo(leafHash);
            assertThat(parsed.toMap()).containsEntry("feedId", f.feedId());
        }
    }

    @Test
    void filtersByTypeOutcomeAgencyAndTime() throws Exception {
        Feed f = seedFeed("ncrb");
        List<JsonNode> all = allPages("auditor", "feedId=" + f.feedId(), 1000);
        String at = all.get(0).get("at").asText();

        assertThat(allPages("auditor", "feedId=" + f.feedId() + "&type=RECORD_ROUTED&agency=mp-gwalior", 1000))
                .extracting(e -> e.get("tipId").asText()).containsExactly(f.gwaliorTip());
        assertThat(allPages("auditor", "feedId=" + f.feedId() + "&outcome=DELIVERED", 1000)).hasSize(3);
        assertThat(allPages("auditor", "feedId=" + f.feedId() + "&from=" + at, 1000)).hasSize(EVENTS_WITH_FEED_ID);
        assertThat(allPages("auditor", "feedId=" + f.feedId() + "&to=" + at, 1000)).isEmpty();
        assertThat(allPages("auditor", "feedId=" + f.feedId() + "&from=2000-01-01T05:30:00%2B05:30&to=2000-01-02T00:00:00Z",
                1000)).isEmpty();
    }

    @Test
    void anInclusionProofVerifiesAgainstTheLatestSignedCheckpoint() throws Exception {
        Feed f = seedFeed("ncrb");
        checkpoints.signCurrent();
        JsonNode event = allPages("mp-indore", "tipId=" + f.indoreTip(), 1000).get(0);

        JsonNode latest = json(get("mp-indore", "/checkpoints/latest"));
        Checkpoint checkpoint = SignedCheckpoint.verify(Base64.getDecoder().decode(latest.get("signed").asText()),
                gatewayCertificate()).checkpoint();
        assertThat(checkpoint.toMap()).containsEntry("origin", latest.get("origin").asText())
                .containsEntry("treeSize", latest.get("treeSize").asLong())
                .containsEntry("rootHash", latest.get("rootHash").asText())
                .containsEntry("time", latest.get("time").asText());
        assertThat(checkpoint.origin()).isEqualTo("tipgate");
        assertThat(checkpoint.treeSize()).isGreaterThan(event.get("seq").asLong());

        JsonNode proof = json(get("mp-indore", "/proofs/inclusion?seq=" + event.get("seq").asLong() + "&treeSize="
                + checkpoint.treeSize()));

        assertThat(proof.get("seq").asLong()).isEqualTo(event.get("seq").asLong());
        assertThat(proof.get("treeSize").asLong()).isEqualTo(checkpoint.treeSize());
        assertThat(proof.get("leafHash").asText()).isEqualTo(event.get("leafHash").asText());
        new Proofs.Inclusion(proof.get("seq").asLong(), proof.get("treeSize").asLong(),
                Base64.getDecoder().decode(proof.get("leafHash").asText()), hashes(proof.get("path")))
                .verify(checkpoint.rootHash());
    }

    @Test
    void aConsistencyProofBetweenTwoCheckpointsVerifies() throws Exception {
        seedFeed("ncrb");
        checkpoints.signCurrent();
        Checkpoint older = latestCheckpoint();
        seedFeed("ncrb");
        checkpoints.signCurrent();
        Checkpoint newer = latestCheckpoint();
        assertThat(newer.treeSize()).isGreaterThan(older.treeSize());

        JsonNode proof = json(get("mp-gwalior", "/proofs/consistency?from=" + older.treeSize() + "&to="
                + newer.treeSize()));

        assertThat(proof.get("from").asLong()).isEqualTo(older.treeSize());
        assertThat(proof.get("to").asLong()).isEqualTo(newer.treeSize());
        new Proofs.Consistency(older.treeSize(), newer.treeSize(), hashes(proof.get("path")))
                .verify(older.rootHash(), newer.rootHash());
    }

    @Test
    void theCustodyReportIsACmsOpenSslAcceptsWithTheEventsTheCallerMaySee() throws Exception {
        Feed f = seedFeed("ncrb");

        Curl.Result indore = get("mp-indore", "/custody/" + f.indoreTip());
        Curl.Result auditor = get("auditor", "/custody/" + f.indoreTip());

        assertThat(indore.status()).isEqualTo(200);
        assertThat(indore.header("content-type")).isEqualTo(FeedsResource.PKCS7_MIME);
        Map<String, Object> report = verifiedCustody(indore, "indore");
        assertThat(report).containsEntry("kind", "custody").containsEntry("tipId", f.indoreTip())
                .containsEntry("requestedBy", "mp-indore");
        List<Map<String, Object>> entries = entries(report);
        assertThat(entries).extracting(e -> event(e).get("type") + " " + event(e).get("recipient")).containsExactly(
                "RECORD_ROUTED mp-indore", "PACKAGE_BUILT mp-indore", "PACKAGE_DELIVERED mp-indore",
                "RECEIPT_RECORDED mp-indore");
        Checkpoint checkpoint = SignedCheckpoint.verify(Base64.getDecoder().decode((String) report.get("checkpoint")),
                gatewayCertificate()).checkpoint();
        for (Map<String, Object> entry : entries) {
            AuditEvent e = AuditEvent.fromMap(event(entry));
            @SuppressWarnings("unchecked")
            List<String> proof = (List<String>) entry.get("proof");
            new Proofs.Inclusion(e.seq(), checkpoint.treeSize(), e.leafHash(),
                    proof.stream().map(Base64.getDecoder()::decode).toList()).verify(checkpoint.rootHash());
        }
        List<Map<String, Object>> all = entries(verifiedCustody(auditor, "auditor"));
        assertThat(all).extracting(e -> (String) event(e).get("type")).contains("FEED_RECEIVED", "FEED_VERIFIED",
                "RECORD_ACCEPTED", "ACK_SIGNED").hasSizeGreaterThan(entries.size());
        assertThat(all.toString()).doesNotContain("mp-gwalior");
    }

    @Test
    void badParametersAre400WithAPlainReasonAndAreRecorded() throws Exception {
        int max = properties.audit().maxPage();
        long size = trail.treeSize();
        String marker = "Zq7marker";
        List<String> bad = List.of(
                "/events?limit=0", "/events?limit=" + (max + 1), "/events?limit=" + marker, "/events?limit=-1",
                "/events?limit=99999999999999999999", "/events?limit",
                "/events?cursor=" + marker, "/events?cursor=AAAAAAAAAAB", "/events?cursor=__________8",
                "/events?cursor=", "/events?from=" + marker, "/events?from=2026-02-30T00:00:00Z",
                "/events?from=2026-11-22T10:00:00Z&to=2026-11-22T10:00:00Z",
                "/events?from=2026-11-22T10:00:00+05:30", "/events?to=2026-11-22", "/events?type=" + marker,
                "/events?type=record_routed", "/events?tipId=", "/events?tipId=" + "1".repeat(201),
                "/events?tipId=" + marker + "%20x", "/events?feedId=%3Cscript%3E" + marker,
                "/events?agency=" + marker + "%0A", "/events?tipId=1&tipId=2", "/events?tipid=" + marker,
                "/proofs/inclusion", "/proofs/inclusion?seq=1", "/proofs/inclusion?seq=-1&treeSize=2",
                "/proofs/inclusion?seq=" + marker + "&treeSize=2", "/proofs/inclusion?seq=3&treeSize=3",
                "/proofs/inclusion?seq=0&treeSize=" + (size + 1000000), "/proofs/consistency?from=0&to=1",
                "/proofs/consistency?from=2&to=1", "/proofs/consistency?from=1&to=" + (size + 1000000),
                "/proofs/consistency?from=1", "/checkpoints/latest?" + marker + "=1",
                "/custody/" + marker + "%20x", "/custody/-" + marker, "/custody/1?viewer=auditor");
        int before = queries().size();

        for (String path : bad) {
            Curl.Result answer = get("auditor", path);
            assertThat(answer.status()).as(path).isEqualTo(400);
            assertThat(answer.header("content-type")).as(path).startsWith("text/plain");
            assertThat(answer.text()).as(path).isNotBlank().doesNotContain(marker, "Exception", "at org.", "{");
        }

        List<EventLog.Recorded> recorded = queriesAfter(before);
        assertThat(recorded).hasSize(bad.size()).allSatisfy(r -> {
            assertThat(r.event().actor()).isEqualTo("auditor");
            assertThat(r.event().outcome()).isEqualTo("INVALID");
            assertThat(r.event().detail()).containsKeys("query", "reason");
            assertThat(r.event().toString()).doesNotContain(marker);
        });
    }

    @Test
    void everyQueryIsRecordedWithItsActorOutcomeAndDetail() throws Exception {
        Feed f = seedFeed("ncrb");
        checkpoints.signCurrent();
        long seq = allPages("mp-indore", "tipId=" + f.indoreTip(), 1000).get(0).get("seq").asLong();
        long size = latestCheckpoint().treeSize();
        int before = queries().size();

        get("auditor", "/events?feedId=" + f.feedId() + "&type=PACKAGE_BUILT&from=2026-01-01T00:00:00Z&limit=2");
        get("mp-indore", "/proofs/inclusion?seq=" + seq + "&treeSize=" + size);
        get("mp-indore", "/custody/" + f.gwaliorTip());
        get("mp-gwalior", "/custody/" + f.gwaliorTip());
        get("ncrb", "/checkpoints/latest");
        get("mp-scc", "/proofs/consistency?from=1&to=" + size);
        get("mp-indore", "/events?limit=0");

        List<EventLog.Recorded> recorded = queriesAfter(before);
        assertThat(recorded).extracting(r -> r.event().actor() + " " + r.event().detail().get("query") + " "
                + r.event().outcome()).containsExactly("auditor events OK", "mp-indore inclusion OK",
                "mp-indore custody NOT_FOUND", "mp-gwalior custody OK", "ncrb checkpoint OK",
                "mp-scc consistency OK", "mp-indore events INVALID");
        assertThat(recorded.get(0).event().detail()).isEqualTo(Map.of("query", "events", "feedId", f.feedId(),
                "type", "PACKAGE_BUILT", "from", "2026-01-01T00:00:00.000000Z", "limit", 2, "returned", 2));
        assertThat(recorded.get(1).event().detail()).isEqualTo(Map.of("query", "inclusion", "seq", (int) seq,
                "treeSize", (int) size));
        assertThat(recorded.get(2).event().detail()).isEqualTo(Map.of("query", "custody", "tipId", f.gwaliorTip()));
        assertThat(recorded.get(4).event().detail()).containsEntry("treeSize", (int) latestCheckpoint().treeSize());
        assertThat(recorded.get(5).event().detail()).isEqualTo(Map.of("query", "consistency", "from", 1,
                "to", (int) size));
        assertThat(recorded.get(6).event().detail()).containsEntry("reason", "limit is a whole number from 1 to "
                + properties.audit().maxPage());
        assertThat(recorded).allSatisfy(r -> assertThat(r.event().tipId()).isNull());

        // A cursor is recorded as the sequence number it stands for.
        JsonNode first = json(get("auditor", "/events?feedId=" + f.feedId() + "&limit=3"));
        before = queries().size();
        get("auditor", "/events?feedId=" + f.feedId() + "&limit=3&cursor=" + first.get("next").asText());
        assertThat(queriesAfter(before).get(0).event().detail()).containsEntry("after",
                first.get("events").get(2).get("seq").asInt());
    }

    private Checkpoint latestCheckpoint() throws Exception {
        JsonNode latest = json(get("auditor", "/checkpoints/latest"));
        return SignedCheckpoint.verify(Base64.getDecoder().decode(latest.get("signed").asText()), gatewayCertificate())
                .checkpoint();
    }

    private Map<String, Object> verifiedCustody(Curl.Result answer, String name) throws Exception {
        Files.createDirectories(WORK);
        Path report = WORK.resolve("custody-" + name + ".p7m");
        Path content = WORK.resolve("custody-" + name + ".json");
        Files.write(report, answer.body());
        OpenSsl.run(PROJECT, "cms", "-verify", "-binary", "-inform", "DER", "-in", report.toString(), "-certfile",
                "keys-example/tipgate.crt.pem", "-CAfile", "keys-example/ca.crt.pem", "-out", content.toString())
                .assertSuccess();
        return CanonicalJson.parseObject(Files.readAllBytes(content));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> entries(Map<String, Object> report) {
        return (List<Map<String, Object>>) report.get("entries");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> event(Map<String, Object> entry) {
        return (Map<String, Object>) entry.get("event");
    }

    private static List<Long> seqs(List<JsonNode> events) {
        return events.stream().map(e -> e.get("seq").asLong()).toList();
    }

    private static List<byte[]> hashes(JsonNode array) {
        List<byte[]> hashes = new ArrayList<>();
        array.forEach(h -> hashes.add(Base64.getDecoder().decode(h.asText())));
        return hashes;
    }
}
