package org.tipgate.flow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.tipgate.events.EventLog;
import org.tipgate.events.EventType;
import org.tipgate.format.Ack;
import org.tipgate.format.WireJson;
import org.tipgate.intake.EmbeddedSftpServer;
import org.tipgate.testing.OpenSshSftp;
import org.tipgate.testing.TestDatabases;

/**
 * The audit trail of a whole run over SFTP: each record's verdict, where each tip went, each
 * package's delivery, both acks handed over; and no personal data from a record in any event.
 */
@CamelSpringBootTest
@SpringBootTest(properties = {"server.port=0", "management.server.port=0"})
class AuditEventsPipelineTests {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    static Path work;

    @DynamicPropertySource
    static void scratch(DynamicPropertyRegistry registry) {
        TestDatabases.registerGateway(registry, work, "audit-events");
    }

    @Autowired
    EmbeddedSftpServer server;

    @Autowired
    EventLog events;

    @Autowired
    JdbcTemplate jdbc;

    OpenSshSftp sftp;

    @BeforeEach
    void client() throws Exception {
        sftp = new OpenSshSftp(server.port(), server.knownHostsLine(), work);
    }

    @Test
    void eachTipsEventsTellWhatBecameOfItAndEachRefusedRecordHasItsCode() throws Exception {
        String feedId = "audit-e2e";
        List<String> lines = new ArrayList<>(PipelineFixtures.feed(work, feedId + "-source", "ncrb", 120, 11).lines());
        String duplicated = tipId(lines.get(0));
        lines.set(3, edit(lines.get(3), r -> r.put("tipId", "not-a-number")));
        lines.set(5, edit(lines.get(5), r -> ((ObjectNode) r.get("incident")).put("type", "Priya Sharma")));
        lines.set(7, edit(lines.get(7), r -> r.put("tipId", duplicated)));
        lines.set(9, "{\"tipId\": \"1\", ");
        Map<Long, String> refusedCodes = Map.of(5L, "RECORD_INVALID", 7L, "RECORD_INVALID", 9L, "DUPLICATE_TIP",
                11L, "RECORD_INVALID");
        PipelineFixtures.SignedFeed feed = signed(feedId, lines);
        deliver(feedId, feed);

        List<EventLog.Recorded> all = events.byFeed(feedId);
        // Each refused record: its RECORD_REJECTED with its code at its line (line 1 is the header).
        Map<Long, String> rejected = all.stream().filter(e -> e.event().type() == EventType.RECORD_REJECTED)
                .collect(Collectors.toMap(e -> ((Number) e.event().detail().get("line")).longValue(),
                        e -> e.event().outcome()));
        assertThat(rejected).isEqualTo(refusedCodes);
        assertThat(all).filteredOn(e -> e.event().type() == EventType.RECORD_REJECTED)
                .allSatisfy(e -> assertThat(e.event().detail()).containsKey("reason"))
                .anySatisfy(e -> assertThat(e.event().tipId()).isEqualTo(duplicated));
        assertThat(all).filteredOn(e -> e.event().type() == EventType.RECORD_ACCEPTED).hasSize(lines.size() - 4);

        // One accepted, routed tip: accepted, then routed to each of its recipients, in the packages delivered.
        List<String> accepted = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (!refusedCodes.containsKey(i + 2L)) {
                accepted.add(lines.get(i));
            }
        }
        PipelineFixtures.Routing routing = PipelineFixtures.route(accepted, Path.of("config/agencies.yaml"));
        String line = routing.shares().values().stream().flatMap(List::stream).filter(l -> !l.equals(lines.get(0)))
                .findFirst().orElseThrow();
        String tipId = tipId(line);
        Set<String> recipients = routing.shares().entrySet().stream().filter(e -> e.getValue().contains(line))
                .map(Map.Entry::getKey).collect(Collectors.toSet());
        List<EventLog.Recorded> ofTip = all.stream().filter(e -> tipId.equals(e.event().tipId())).toList();
        assertThat(ofTip).extracting(e -> e.event().type()).first().isEqualTo(EventType.RECORD_ACCEPTED);
        assertThat(ofTip.subList(1, ofTip.size())).hasSize(recipients.size()).allSatisfy(e -> {
            assertThat(e.event().type()).isEqualTo(EventType.RECORD_ROUTED);
            assertThat(e.event().outcome()).isEqualTo("ROUTED");
            assertThat(e.event().packageId()).isEqualTo(feedId + "." + e.event().recipient());
        });
        assertThat(ofTip.subList(1, ofTip.size())).extracting(e -> e.event().recipient())
                .containsExactlyInAnyOrderElementsOf(recipients);
        for (EventLog.Recorded routed : ofTip.subList(1, ofTip.size())) {
            List<EventLog.Recorded> ofPackage = all.stream()
                    .filter(e -> routed.event().packageId().equals(e.event().packageId()) && e.event().tipId() == null)
                    .toList();
            assertThat(ofPackage).extracting(e -> e.event().type()).containsSubsequence(EventType.PACKAGE_BUILT,
                    EventType.DELIVERY_ATTEMPTED, EventType.PACKAGE_DELIVERED);
            assertThat(ofPackage).filteredOn(e -> e.event().type() == EventType.DELIVERY_ATTEMPTED).singleElement()
                    .satisfies(e -> assertThat(e.event().detail()).containsEntry("attempt", 1)
                            .containsEntry("transport", "DIRECTORY"));
        }

        // Both acks handed over in the sender's acks/ folder.
        PipelineFixtures.await("both ACK_SENT events", WAIT, () -> ackSent(feedId).size() == 2);
        assertThat(ackSent(feedId)).extracting(e -> e.event().detail().get("ackId"))
                .containsExactly(feedId + ".RECEIVED", feedId + ".DELIVERED");
        assertThat(ackSent(feedId)).allSatisfy(e -> assertThat(e.event().detail()).containsEntry("channel", "SFTP"));

        // The gateway's first start put its directory and keys on record.
        assertThat(events.byType(EventType.DIRECTORY_CHANGED)).singleElement()
                .satisfies(e -> assertThat(e.event().detail()).containsEntry("previous", "none"));
        assertThat(events.byType(EventType.KEY_CHANGED)).hasSize(1);
    }

    @Test
    void noEventHoldsAnyPersonalDataFromTheRecords() throws Exception {
        String feedId = "audit-personal";
        List<String> lines = new ArrayList<>(PipelineFixtures.feed(work, feedId + "-source", "ncrb", 200, 23).lines());
        // Personal data where records are refused: as unknown member names, in values that break the schema.
        lines.set(1, edit(lines.get(1), r -> r.put("9876543210", "x").put("203.0.113.77", 1)
                .put("meera.iyer", true)));
        lines.set(2, edit(lines.get(2), r -> ((ObjectNode) r.get("incident")).put("type", "Meera Iyer")));
        lines.set(3, edit(lines.get(3), r -> r.putArray("ipCaptures").addObject().put("ipAddress", "198.51.100.300")));
        lines.set(4, edit(lines.get(4), r -> r.put("receivedAt", "meera.iyer@example.invalid")));
        Set<String> personal = new HashSet<>(Set.of("9876543210", "203.0.113.77", "meera.iyer", "Meera Iyer",
                "198.51.100.300"));
        for (String line : lines) {
            collect(WireJson.mapper().readTree(line), null, personal);
        }
        assertThat(personal).hasSizeGreaterThan(500);
        deliver(feedId, signed(feedId, lines));
        PipelineFixtures.await("both ACK_SENT events", WAIT, () -> ackSent(feedId).size() == 2);

        List<String> rows = Stream.concat(jdbc.queryForList("SELECT * FROM events").stream(),
                        jdbc.queryForList("SELECT * FROM event_queue").stream())
                .map(row -> row.values().stream().map(v -> v instanceof byte[] b
                        ? new String(b, StandardCharsets.UTF_8) : String.valueOf(v))
                        .collect(Collectors.joining("|"))).toList();
        assertThat(rows).anyMatch(row -> row.contains(feedId));
        assertThat(events.byFeed(feedId)).filteredOn(e -> e.event().type() == EventType.RECORD_REJECTED
                && Long.valueOf(3).equals(((Number) e.event().detail().get("line")).longValue())).singleElement()
                .satisfies(e -> assertThat((String) e.event().detail().get("reason"))
                        .contains("property (name not recorded) is not defined in the schema"));
        for (String value : personal) {
            assertThat(rows).as("an event holds %s", value).noneMatch(row -> row.contains(value));
        }
    }

    /** Values of the members that hold personal data: screen names, user ids, emails, phones, IPs, devices, file names. */
    private static void collect(JsonNode node, String member, Set<String> into) {
        Set<String> personal = Set.of("screenName", "espUserId", "emails", "phones", "deviceIds", "ipAddress",
                "fileName");
        if (node.isTextual() && personal.contains(member) && node.textValue().length() >= 6) {
            into.add(node.textValue());
        } else if (node.isArray()) {
            node.forEach(item -> collect(item, member, into));
        } else if (node.isObject()) {
            node.fields().forEachRemaining(e -> collect(e.getValue(), e.getKey(), into));
        }
    }

    private List<EventLog.Recorded> ackSent(String feedId) {
        return events.byFeed(feedId).stream().filter(e -> e.event().type() == EventType.ACK_SENT).toList();
    }

    private PipelineFixtures.SignedFeed signed(String feedId, List<String> lines) throws Exception {
        Path records = Files.write(work.resolve(feedId + ".edited.jsonl"),
                (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
        return PipelineFixtures.sign(work, feedId, "ncrb", records, lines.size());
    }

    private void deliver(String feedId, PipelineFixtures.SignedFeed feed) throws Exception {
        assertThat(sftp.run("ncrb", "ncrb", "put " + feed.feed() + " inbox/" + feedId + ".p7m").exit()).isZero();
        Ack delivered = PipelineFixtures.awaitAck(server.home("ncrb").resolve("acks"),
                a -> a.ackId().equals(feedId + ".DELIVERED"), WAIT);
        assertThat(delivered.deliveries()).isNotEmpty().allSatisfy(d -> assertThat(d.status()).isEqualTo("DELIVERED"));
    }

    private static String tipId(String line) throws Exception {
        return WireJson.mapper().readTree(line).get("tipId").asText();
    }

    private interface Edit {
        void apply(ObjectNode record);
    }

    private static String edit(String line, Edit edit) throws Exception {
        ObjectNode record = (ObjectNode) WireJson.mapper().readTree(line);
        edit.apply(record);
        return WireJson.mapper().writeValueAsString(record);
    }

}
