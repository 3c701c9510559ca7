package org.tipgate.flow;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.tipgate.crypto.Digests;
import org.tipgate.events.EventLog;
import org.tipgate.events.EventType;
import org.tipgate.format.Ack;
import org.tipgate.format.RejectionCode;
import org.tipgate.intake.EmbeddedSftpServer;
import org.tipgate.outbox.Outbox;
import org.tipgate.testing.OpenSshSftp;
import org.tipgate.testing.TestDatabases;

/**
 * A package whose endpoint keeps failing is dead-lettered after its last attempt, and the
 * DELIVERED ack reports it FAILED; once the operator has fixed the endpoint, {@code tipgate outbox
 * retry} puts it back, it is delivered, and the retry is on record with the operator's name.
 */
@CamelSpringBootTest
@SpringBootTest(properties = {"server.port=0", "management.server.port=0"})
@DirtiesContext
class DeadLetterTests {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String FEED = "dead-letter-1";
    private static final String PACKAGE = FEED + ".mp-scc";

    @TempDir
    static Path work;

    @DynamicPropertySource
    static void gateway(DynamicPropertyRegistry registry) {
        TestDatabases.registerGateway(registry, work, "dead-letter");
        registry.add("tipgate.delivery.initial-backoff", () -> "100ms");
        registry.add("tipgate.delivery.max-backoff", () -> "200ms");
        registry.add("tipgate.delivery.max-attempts", () -> "2");
    }

    @Autowired
    EmbeddedSftpServer server;

    @Autowired
    Outbox outbox;

    @Autowired
    EventLog events;

    @Autowired
    Environment environment;

    @Test
    void aDeadPackageIsReportedFailedAndDeliveredWhenTheOperatorRetriesIt() throws Exception {
        // mp-scc's delivery folder cannot be made: a file is in its way, until the operator removes it.
        Path folder = work.resolve("data/outbox/mp-scc");
        Files.createDirectories(folder.getParent());
        Files.writeString(folder, "not a folder");
        PipelineFixtures.SignedFeed feed = PipelineFixtures.feed(work, FEED, "ncrb", 300, 99);
        PipelineFixtures.Routing routing = PipelineFixtures.route(feed.lines(), Path.of("config/agencies.yaml"));

        OpenSshSftp sftp = new OpenSshSftp(server.port(), server.knownHostsLine(), work);
        assertThat(sftp.run("ncrb", "ncrb", "put " + feed.feed() + " inbox/" + FEED + ".p7m").exit()).isZero();
        Ack delivered = PipelineFixtures.awaitAck(server.home("ncrb").resolve("acks"),
                a -> a.ackId().equals(FEED + ".DELIVERED"), WAIT);

        assertThat(delivered.status()).isEqualTo(Ack.Status.PARTIAL);
        assertThat(delivered.deliveries()).filteredOn(d -> d.recipient().equals("mp-scc")).singleElement()
                .satisfies(d -> {
                    assertThat(d.status()).isEqualTo("FAILED");
                    assertThat(d.deliveredAt()).isNull();
                    assertThat(d.records()).isEqualTo(routing.share("mp-scc").size());
                });
        assertThat(delivered.deliveries()).filteredOn(d -> !d.recipient().equals("mp-scc")).isNotEmpty()
                .allSatisfy(d -> assertThat(d.status()).isEqualTo("DELIVERED"));
        assertThat(delivered.rejections()).hasSize(routing.unroutable().size())
                .allSatisfy(r -> assertThat(r.code()).isEqualTo(RejectionCode.UNROUTABLE));
        Outbox.Entry dead = outbox.get(PACKAGE).orElseThrow();
        assertThat(dead.state()).isEqualTo(Outbox.State.DEAD);
        assertThat(dead.attempts()).isEqualTo(2);
        assertThat(dead.lastError()).contains("cannot make the delivery folder");
        assertThat(failures()).extracting(e -> e.event().outcome()).containsExactly("RETRY", "DEAD");
        List<EventLog.Recorded> deadLettered = events.byType(EventType.PACKAGE_DEAD_LETTERED);
        assertThat(deadLettered).singleElement().satisfies(e -> {
            assertThat(e.event().packageId()).isEqualTo(PACKAGE);
            assertThat(e.event().feedId()).isEqualTo(FEED);
            assertThat(e.event().recipient()).isEqualTo("mp-scc");
            assertThat(e.event().outcome()).isEqualTo("DEAD");
            assertThat(e.event().detail()).containsEntry("attempts", 2).containsEntry("retryable", true);
        });
        // Right after the failure that made it dead, in the feed's events as the log orders them.
        List<EventLog.Recorded> beforeRetry = events.byFeed(FEED);
        int deadAt = IntStream.range(0, beforeRetry.size())
                .filter(i -> beforeRetry.get(i).event().type() == EventType.PACKAGE_DEAD_LETTERED).findFirst().orElseThrow();
        assertThat(beforeRetry.get(deadAt - 1).event()).as("with the failure that made it dead").satisfies(f -> {
            assertThat(f.type()).isEqualTo(EventType.DELIVERY_FAILED);
            assertThat(f.outcome()).isEqualTo("DEAD");
            assertThat(f.packageId()).isEqualTo(PACKAGE);
        });
        assertThat(attempts()).containsExactly(1, 2);

        String db = databaseUrl();
        PipelineFixtures.CliRun listed = PipelineFixtures.tipgate("outbox", "list", "--db", db);
        assertThat(listed.exitCode()).isZero();
        assertThat(listed.outLines()).filteredOn(l -> l.startsWith(PACKAGE + "\t")).singleElement()
                .satisfies(l -> assertThat(l).contains("\tmp-scc\tDEAD\t", "\t2 attempts\t",
                        "cannot make the delivery folder"));
        assertThat(listed.err()).contains("1 packages DEAD");

        // The operator fixes the endpoint and puts the package back.
        Files.delete(folder);
        PipelineFixtures.CliRun retried = PipelineFixtures.tipgate("outbox", "retry", "--package", PACKAGE,
                "--operator", "asha", "--db", db);
        assertThat(retried.exitCode()).as(retried.err()).isZero();
        assertThat(retried.outLines()).contains(PACKAGE + " is due again");

        PipelineFixtures.await(PACKAGE + " delivered after the retry", WAIT,
                () -> outbox.get(PACKAGE).orElseThrow().state() == Outbox.State.DELIVERED);
        Path file = folder.resolve(PACKAGE + ".p7m");
        try (Stream<Path> files = Files.list(folder)) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactly(PACKAGE + ".p7m");
        }
        assertThat(Digests.sha256Hex(file)).isEqualTo(dead.packageSha256());
        PipelineFixtures.Opened opened = PipelineFixtures.openWithOpenSsl(work, file, "mp-scc");
        assertThat(opened.records()).containsExactlyElementsOf(routing.share("mp-scc"));

        List<EventLog.Recorded> retries = events.byType(EventType.DELIVERY_RETRIED);
        assertThat(retries).singleElement().satisfies(e -> {
            assertThat(e.event().actor()).isEqualTo("operator:asha");
            assertThat(e.event().packageId()).isEqualTo(PACKAGE);
            assertThat(e.event().feedId()).isEqualTo(FEED);
            assertThat(e.event().outcome()).isEqualTo("PENDING");
            assertThat(e.event().detail()).containsEntry("attemptsBefore", 2);
        });
        // Positions are comparable within one answer: the delivery comes after the retry.
        List<EventLog.Recorded> feedEvents = events.byFeed(FEED);
        long retriedAt = feedEvents.stream().filter(e -> e.event().type() == EventType.DELIVERY_RETRIED)
                .findFirst().orElseThrow().position();
        assertThat(feedEvents).filteredOn(e -> e.event().type() == EventType.PACKAGE_DELIVERED
                && PACKAGE.equals(e.event().packageId())).singleElement()
                .satisfies(e -> assertThat(e.position()).isGreaterThan(retriedAt));
        assertThat(PipelineFixtures.tipgate("outbox", "list", "--db", db).err()).contains("0 packages DEAD");
        assertThat(attempts()).as("counted afresh after the retry").containsExactly(1, 2, 1);
        assertThat(events.byType(EventType.PACKAGE_DEAD_LETTERED)).hasSize(1);

        // A package that is not dead cannot be retried: it would be delivered twice.
        PipelineFixtures.CliRun again = PipelineFixtures.tipgate("outbox", "retry", "--package", PACKAGE,
                "--operator", "asha", "--db", db);
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.err()).contains("No DEAD package " + PACKAGE);
        assertThat(events.byType(EventType.DELIVERY_RETRIED)).hasSize(1);
    }

    /** The attempt numbers of the package's DELIVERY_ATTEMPTED events, in order. */
    private List<Object> attempts() {
        return events.byType(EventType.DELIVERY_ATTEMPTED).stream().filter(e -> PACKAGE.equals(e.event().packageId()))
                .map(e -> e.event().detail().get("attempt")).toList();
    }

    private List<EventLog.Recorded> failures() {
        return events.byType(EventType.DELIVERY_FAILED).stream().filter(e -> PACKAGE.equals(e.event().packageId()))
                .toList();
    }

    private String databaseUrl() {
        return PipelineFixtures.databaseUrl(environment);
    }
}
