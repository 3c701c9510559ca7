package org.tipgate.flow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.tipgate.crypto.Pem;
import org.tipgate.events.EventLog;
import org.tipgate.events.EventType;
import org.tipgate.format.Ack;
import org.tipgate.format.Receipt;
import org.tipgate.format.RejectionCode;
import org.tipgate.format.WireJson;
import org.tipgate.intake.EmbeddedSftpServer;
import org.tipgate.outbox.Outbox;
import org.tipgate.receipt.ReceiptMaker;
import org.tipgate.testing.OpenSshSftp;
import org.tipgate.testing.TestDatabases;

/**
 * The whole pipeline over SFTP with the demo directory: OpenSSH's sftp uploads a signed feed,
 * both signed acks come back in the sender's acks/, every recipient finds exactly its own records
 * where it collects them (a state in its folder under data/outbox, a district in its SFTP outbox),
 * opened and verified with OpenSSL alone, and a receipt uploaded to receipts/ is recorded.
 */
@CamelSpringBootTest
@SpringBootTest(properties = {"server.port=0", "management.server.port=0"})
class SftpPipelineTests {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    static Path work;

    @DynamicPropertySource
    static void scratch(DynamicPropertyRegistry registry) {
        TestDatabases.registerGateway(registry, work, "sftp-pipeline");
    }

    @Autowired
    EmbeddedSftpServer server;

    @Autowired
    Outbox outbox;

    @Autowired
    EventLog events;

    OpenSshSftp sftp;

    @BeforeEach
    void client() throws Exception {
        sftp = new OpenSshSftp(server.port(), server.knownHostsLine(), work);
    }

    @Test
    void eachRecipientReceivesExactlyItsOwnRecordsAndBothAcksComeBack() throws Exception {
        PipelineFixtures.SignedFeed feed = PipelineFixtures.feed(work, "e2e-sftp", "ncrb", 600, 42);
        assertThat(sftp.run("ncrb", "ncrb", "put " + feed.feed() + " inbox/e2e-sftp.p7m").exit()).isZero();
        Path acks = server.home("ncrb").resolve("acks");

        Ack received = PipelineFixtures.awaitAck(acks, a -> a.ackId().equals("e2e-sftp.RECEIVED"), WAIT);
        assertThat(received.status()).isEqualTo(Ack.Status.ACCEPTED);
        assertThat(received.counts()).isEqualTo(new Ack.Counts(600, 600, 0, 0));

        Ack delivered = PipelineFixtures.awaitAck(acks, a -> a.ackId().equals("e2e-sftp.DELIVERED"), WAIT);
        Ack.Counts counts = delivered.counts();
        assertThat(counts.records()).isEqualTo(600);
        assertThat(counts.accepted() + counts.rejected() + counts.quarantined()).isEqualTo(600);
        assertThat(counts.quarantined()).as("the generator makes about 3% unroutable").isBetween(5L, 40L);
        assertThat(counts.rejected()).isZero();
        assertThat(delivered.status()).isEqualTo(Ack.Status.PARTIAL);
        Set<Long> quarantinedLines = delivered.rejections().stream()
                .peek(r -> assertThat(r.code()).isEqualTo(RejectionCode.UNROUTABLE))
                .map(Ack.Rejection::line).collect(Collectors.toSet());
        assertThat(quarantinedLines).hasSize((int) counts.quarantined());

        List<String> lines = feed.lines();
        Map<String, List<String>> byRecipient = new HashMap<>();
        for (Ack.Delivery d : delivered.deliveries()) {
            assertThat(d.status()).isEqualTo("DELIVERED");
            assertThat(d.deliveredAt()).isNotNull();
            Path pkg = PipelineFixtures.deliveredPackage(work, d.recipient(), d.packageId());
            PipelineFixtures.Opened opened = PipelineFixtures.openWithOpenSsl(work, pkg, d.recipient());
            assertThat(opened.header().get("recipient").asText()).isEqualTo(d.recipient());
            assertThat(opened.header().get("feedId").asText()).isEqualTo("e2e-sftp");
            assertThat(opened.header().get("recordCount").asLong()).isEqualTo(d.records());
            assertThat(opened.records()).hasSize((int) d.records());
            assertThat(lines).as("records byte for byte as in the feed").containsAll(opened.records());
            byRecipient.put(d.recipient(), opened.records());
        }
        assertThat(byRecipient.keySet()).contains("mp-scc", "dl-ifso", "mp-indore", "mp-bhopal");

        // Every routable record went to exactly one state nodal agency, and only to its own state.
        List<String> stateRecords = new ArrayList<>(byRecipient.get("mp-scc"));
        stateRecords.addAll(byRecipient.get("dl-ifso"));
        assertThat(stateRecords).doesNotHaveDuplicates();
        assertThat(stateRecords).hasSize((int) counts.accepted());
        for (String record : byRecipient.get("mp-scc")) {
            assertThat(statesNamed(record)).contains("IN-MP").doesNotContain("IN-DL");
        }
        for (String record : byRecipient.get("dl-ifso")) {
            assertThat(statesNamed(record)).contains("IN-DL").doesNotContain("IN-MP");
        }
        // A district receives a subset of its state's records.
        for (String district : List.of("mp-indore", "mp-bhopal", "mp-gwalior")) {
            assertThat(byRecipient.getOrDefault(district, List.of())).isSubsetOf(byRecipient.get("mp-scc"));
        }
        assertThat(byRecipient.getOrDefault("dl-new-delhi", List.of())).isSubsetOf(byRecipient.get("dl-ifso"));

        // A receipt uploaded by a recipient is verified and recorded.
        Ack.Delivery indore = delivered.deliveries().stream().filter(d -> d.recipient().equals("mp-indore"))
                .findFirst().orElseThrow();
        Path pkg = PipelineFixtures.deliveredPackage(work, "mp-indore", indore.packageId());
        Path receipt = work.resolve("indore.receipt.p7m");
        Files.write(receipt, new ReceiptMaker(Pem.readCertificate(Path.of("keys-example/mp-indore.crt.pem")),
                Pem.readPrivateKey(Path.of("keys-example/mp-indore.key.pem")), Clock.systemUTC()).make(pkg));
        assertThat(sftp.run("mp-indore", "mp-indore", "put " + receipt + " receipts/r1.p7m").exit()).isZero();
        await(() -> outbox.get(indore.packageId()).orElseThrow().receiptSha256() != null);
        assertThat(events.byType(EventType.RECEIPT_RECORDED)).anyMatch(e -> e.event().outcome().equals("ACCEPTED")
                && indore.packageId().equals(e.event().packageId()));

        // A receipt for someone else's package is refused and changes nothing.
        Ack.Delivery bhopal = delivered.deliveries().stream().filter(d -> d.recipient().equals("mp-bhopal"))
                .findFirst().orElseThrow();
        Path foreign = work.resolve("foreign.receipt.p7m");
        Files.write(foreign, new ReceiptMaker(Pem.readCertificate(Path.of("keys-example/mp-indore.crt.pem")),
                Pem.readPrivateKey(Path.of("keys-example/mp-indore.key.pem")), Clock.systemUTC())
                .sign(Receipt.of(bhopal.packageId(), "00".repeat(32), Instant.now())));
        assertThat(sftp.run("mp-indore", "mp-indore", "put " + foreign + " receipts/r2.p7m").exit()).isZero();
        await(() -> events.byType(EventType.RECEIPT_RECORDED).stream()
                .anyMatch(e -> e.event().outcome().equals("SIGNER_UNTRUSTED")));
        assertThat(outbox.get(bhopal.packageId()).orElseThrow().receiptSha256()).isNull();
    }

    @Test
    void tipsAlreadyDeliveredAreNotDeliveredAgain() throws Exception {
        PipelineFixtures.SignedFeed first = PipelineFixtures.feed(work, "dup-first", "ncrb", 50, 7);
        assertThat(sftp.run("ncrb", "ncrb", "put " + first.feed() + " inbox/dup-first.p7m").exit()).isZero();
        Path acks = server.home("ncrb").resolve("acks");
        Ack firstDelivered = PipelineFixtures.awaitAck(acks, a -> a.ackId().equals("dup-first.DELIVERED"), WAIT);

        // The same records under a new feed id: different bytes, so no REPLAY, but every tip is a duplicate.
        PipelineFixtures.SignedFeed second = PipelineFixtures.sign(work, "dup-second", "ncrb", first.records(), 50);
        assertThat(sftp.run("ncrb", "ncrb", "put " + second.feed() + " inbox/dup-second.p7m").exit()).isZero();
        Ack secondDelivered = PipelineFixtures.awaitAck(acks, a -> a.ackId().equals("dup-second.DELIVERED"), WAIT);

        assertThat(secondDelivered.deliveries()).isEmpty();
        assertThat(secondDelivered.status()).isEqualTo(Ack.Status.REJECTED);
        assertThat(secondDelivered.counts().rejected()).isEqualTo(firstDelivered.counts().accepted());
        assertThat(secondDelivered.counts().quarantined()).isEqualTo(firstDelivered.counts().quarantined());
        assertThat(secondDelivered.rejections()).filteredOn(r -> r.code() == RejectionCode.DUPLICATE_TIP)
                .hasSize((int) firstDelivered.counts().accepted())
                .allMatch(r -> r.reason().startsWith("already sent in an earlier feed to "));
        assertThat(outbox.byFeed("dup-second")).isEmpty();
    }

    /** The state codes a record names, in its routing block and its geolocation. */
    private static Set<String> statesNamed(String record) throws Exception {
        JsonNode node = WireJson.mapper().readTree(record);
        Set<String> states = new HashSet<>();
        JsonNode routing = node.path("routing");
        if (routing.hasNonNull("stateIso")) {
            states.add(routing.get("stateIso").asText());
        }
        if (routing.hasNonNull("stateLgd")) {
            states.add(routing.get("stateLgd").asInt() == 23 ? "IN-MP" : routing.get("stateLgd").asInt() == 7
                    ? "IN-DL" : "LGD-" + routing.get("stateLgd").asInt());
        }
        for (JsonNode geo : node.path("geo")) {
            if (geo.hasNonNull("subdivisionIso")) {
                states.add(geo.get("subdivisionIso").asText());
            }
        }
        return states;
    }

    private static void await(BooleanSupplier condition) {
        Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(50)).until(condition::getAsBoolean);
    }
}
