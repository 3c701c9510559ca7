package org.tipgate.flow;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.apache.camel.test.spring.junit5.UseAdviceWith;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.tipgate.directory.AccountFolder;
import org.tipgate.format.Ack;
import org.tipgate.format.RejectedException;
import org.tipgate.format.RejectionCode;
import org.tipgate.intake.Arrival;
import org.tipgate.intake.EmbeddedSftpServer;
import org.tipgate.testing.TestDatabases;

/**
 * The one error-handling configuration, seen from the flows (Camel Test: AdviceWith, NotifyBuilder):
 * whichever step refuses a feed, and with whatever code, the sender gets a signed REJECTED ack with
 * that code, the intake is recorded as REJECTED with it, and nothing is routed; a failure of the
 * gateway itself (not a refusal) answers nothing and loses nothing: the upload waits in the inbox.
 */
@CamelSpringBootTest
@UseAdviceWith
@SpringBootTest(properties = {"server.port=0", "management.server.port=0"})
class ErrorHandlingRouteTests {

    @TempDir
    static Path work;

    @DynamicPropertySource
    static void scratch(DynamicPropertyRegistry registry) {
        TestDatabases.registerGateway(registry, work, "error-handling");
    }

    /** What the advised verify step throws next: a refusal with this code, or (null) an IOException. */
    static volatile RejectionCode next;

    @Autowired
    CamelContext camel;

    @Autowired
    ProducerTemplate producer;

    @Autowired
    EmbeddedSftpServer server;

    @Autowired
    JdbcTemplate jdbc;

    @BeforeEach
    void advise() throws Exception {
        if (camel.getStatus().isStarted()) {
            return;
        }
        AdviceWith.adviceWith(camel, "feed-intake-judge", route -> route.weaveByToString(".*method:verify.*").before()
                .process(exchange -> {
                    RejectionCode code = next;
                    if (code == null) {
                        throw new IOException("disk full (simulated)");
                    }
                    throw new RejectedException(code, "simulated " + code);
                }));
        camel.start();
    }

    @ParameterizedTest
    @EnumSource(value = RejectionCode.class, names = {"SIGNATURE_INVALID", "SIGNER_UNTRUSTED", "CERT_EXPIRED",
        "CERT_REVOKED", "ALGORITHM_REJECTED", "SIGNING_TIME_OUT_OF_WINDOW", "REPLAY", "MALFORMED_CMS", "TOO_LARGE",
        "HEADER_INVALID"})
    void aRefusalBecomesASignedRejectedAckWithItsCode(RejectionCode code) throws Exception {
        next = code;
        Path upload = upload("refused-" + code + ".p7m");
        NotifyBuilder done = new NotifyBuilder(camel).fromRoute("sftp-intake").whenDone(1).create();

        producer.sendBody("seda:sftp-uploads", new Arrival.Upload("ncrb", AccountFolder.INBOX, upload));

        assertThat(done.matches(30, TimeUnit.SECONDS)).isTrue();
        Ack ack = PipelineFixtures.awaitAck(server.home("ncrb").resolve("acks"), a -> a.rejections().stream()
                .anyMatch(r -> r.reason().equals("simulated " + code)), Duration.ofSeconds(30));
        assertThat(ack.status()).isEqualTo(Ack.Status.REJECTED);
        assertThat(ack.rejections()).singleElement().satisfies(r -> assertThat(r.code()).isEqualTo(code));
        assertThat(jdbc.queryForObject("SELECT rejection_code FROM intakes WHERE intake_id = ?", String.class,
                ack.ackId().substring(0, ack.ackId().indexOf('.')))).isEqualTo(code.name());
        assertThat(upload).doesNotExist();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM packages", Integer.class)).isZero();
    }

    @Test
    void aFailureOfTheGatewayItselfAnswersNothingAndLeavesTheEvidenceToBeJudgedAgain() throws Exception {
        next = null;
        Path upload = upload("gateway-failure.p7m");
        NotifyBuilder failed = new NotifyBuilder(camel).fromRoute("sftp-intake").whenFailed(1).create();

        producer.sendBody("seda:sftp-uploads", new Arrival.Upload("ncrb", AccountFolder.INBOX, upload));

        assertThat(failed.matches(30, TimeUnit.SECONDS)).isTrue();
        assertThat(jdbc.queryForList("SELECT state FROM intakes WHERE source_name = 'gateway-failure.p7m'",
                String.class)).containsExactly("SPOOLED");
        try (var acks = Files.list(Files.createDirectories(server.home("ncrb").resolve("acks")))) {
            assertThat(acks.map(Path::toString)).noneMatch(n -> n.contains("gateway-failure"));
        }
    }

    private Path upload(String name) throws Exception {
        Path inbox = Files.createDirectories(server.home("ncrb").resolve("inbox"));
        return Files.write(inbox.resolve(name), ("not even a feed: " + name).getBytes());
    }
}
