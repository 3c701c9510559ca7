package org.tipgate.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;
import org.tipgate.audit.AuditTrail;
import org.tipgate.audit.Checkpoints;
import org.tipgate.audit.Sequencer;
import org.tipgate.crypto.Digests;
import org.tipgate.crypto.Pem;
import org.tipgate.events.Event;
import org.tipgate.events.EventLog;
import org.tipgate.events.EventType;
import org.tipgate.format.WireJson;
import org.tipgate.testing.Curl;

/**
 * The API tests' gateway with a feed's worth of audit events seeded as the pipeline appends them,
 * and sequenced: a feed from {@code ncrb} with one tip for mp-indore and one for mp-gwalior (each
 * also for the state, mp-scc), their packages built, delivered and mp-indore's receipted.
 */
abstract class AuditHarness extends ApiHarness {

    private static final AtomicLong IDS = new AtomicLong(System.nanoTime() % 1_000_000_000L);

    /** The ids of one seeded feed. */
    record Feed(String feedId, String intakeId, String indoreTip, String gwaliorTip) {
        String pkg(String recipient) {
            return feedId + "." + recipient;
        }
    }

    @Autowired
    Sequencer sequencer;

    @Autowired
    Checkpoints checkpoints;

    @Autowired
    AuditTrail trail;

    @Autowired
    TransactionTemplate tx;

    /** Seeds a feed of {@code sender} (as the feeds table records it) and sequences its events. */
    Feed seedFeed(String sender) {
        long n = IDS.incrementAndGet();
        Feed f = new Feed("audit-feed-" + n, "intake-" + n, "9" + n + "1", "9" + n + "2");
        List<Event> events = new ArrayList<>();
        events.add(new Event(EventType.FEED_RECEIVED, sender, null, null, null, null, "SPOOLED",
                Map.of("intakeId", f.intakeId(), "channel", "HTTPS", "sha256", sha256(f.feedId()), "bytes", 1000)));
        events.add(Event.feed(EventType.FEED_VERIFIED, f.feedId(), "ACCEPTED", Map.of("intakeId", f.intakeId(),
                "records", 2, "accepted", 2, "rejected", 0)));
        events.add(new Event(EventType.RECORD_ACCEPTED, Event.SYSTEM, f.feedId(), f.indoreTip(), null, null,
                "ACCEPTED", Map.of("line", 2)));
        events.add(new Event(EventType.RECORD_ACCEPTED, Event.SYSTEM, f.feedId(), f.gwaliorTip(), null, null,
                "ACCEPTED", Map.of("line", 3)));
        for (String[] route : new String[][] {{f.indoreTip(), "mp-scc"}, {f.indoreTip(), "mp-indore"},
                {f.gwaliorTip(), "mp-scc"}, {f.gwaliorTip(), "mp-gwalior"}}) {
            events.add(new Event(EventType.RECORD_ROUTED, Event.SYSTEM, f.feedId(), route[0], f.pkg(route[1]),
                    route[1], "ROUTED", Map.of("line", route[0].equals(f.indoreTip()) ? 2 : 3)));
        }
        for (String recipient : List.of("mp-scc", "mp-indore", "mp-gwalior")) {
            events.add(Event.pkg(EventType.PACKAGE_BUILT, f.feedId(), f.pkg(recipient), recipient, "BUILT",
                    Map.of("records", recipient.equals("mp-scc") ? 2 : 1, "sha256", sha256(f.pkg(recipient)))));
        }
        for (String recipient : List.of("mp-scc", "mp-indore", "mp-gwalior")) {
            events.add(Event.pkg(EventType.PACKAGE_DELIVERED, f.feedId(), f.pkg(recipient), recipient, "DELIVERED",
                    Map.of("attempt", 1, "transport", "SFTP")));
        }
        events.add(new Event(EventType.RECEIPT_RECORDED, "mp-indore", f.feedId(), null, f.pkg("mp-indore"),
                "mp-indore", "ACCEPTED", Map.of("sha256", sha256("receipt " + f.feedId()))));
        events.add(Event.feed(EventType.ACK_SIGNED, f.feedId(), "ACCEPTED", Map.of("ackId", f.feedId() + ".DELIVERED",
                "stage", "DELIVERED")));
        tx.executeWithoutResult(status -> {
            jdbc.update("INSERT INTO feeds (feed_id, feed_sha256, sender, channel, received_at, intake_id)"
                    + " VALUES (?, ?, ?, ?, ?, ?)", f.feedId(), sha256(f.feedId()), sender, "HTTPS",
                    Timestamp.from(clock.instant()), f.intakeId());
            events().appendAll(events);
        });
        sequencer.integrate();
        return f;
    }

    /** The events of the feed that carry its id: what the auditor and its sender see by feedId. */
    static final int EVENTS_WITH_FEED_ID = 15;

    /** GET {@code path} under /api/v1/audit as {@code agency}. */
    Curl.Result get(String agency, String path, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of(args));
        all.add(url("/api/v1/audit" + path));
        return as(agency, all.toArray(String[]::new));
    }

    static JsonNode json(Curl.Result answer) throws Exception {
        assertThat(answer.header("content-type")).as(answer.text()).startsWith("application/json");
        return WireJson.mapper().readTree(answer.body());
    }

    /** Every event {@code agency} gets for {@code query}, following the cursor, {@code limit} at a time. */
    List<JsonNode> allPages(String agency, String query, int limit) throws Exception {
        List<JsonNode> events = new ArrayList<>();
        String cursor = null;
        do {
            String q = query + (query.isEmpty() ? "" : "&") + "limit=" + limit + (cursor == null ? "" : "&cursor="
                    + cursor);
            Curl.Result answer = get(agency, "/events?" + q);
            assertThat(answer.status()).as(answer.text()).isEqualTo(200);
            JsonNode page = json(answer);
            assertThat(page.get("events").size()).isLessThanOrEqualTo(limit);
            page.get("events").forEach(events::add);
            cursor = page.get("next").isNull() ? null : page.get("next").asText();
        } while (cursor != null);
        return events;
    }

    /** The AUDIT_QUERIED events appended after the first {@code before}. */
    List<EventLog.Recorded> queriesAfter(int before) {
        List<EventLog.Recorded> all = queries();
        return all.subList(before, all.size());
    }

    List<EventLog.Recorded> queries() {
        return events().byType(EventType.AUDIT_QUERIED);
    }

    static X509Certificate gatewayCertificate() throws Exception {
        return Pem.readCertificate(Path.of("keys-example/tipgate.crt.pem"));
    }

    private static String sha256(String text) {
        return Digests.sha256Hex(text.getBytes(StandardCharsets.UTF_8));
    }
}
