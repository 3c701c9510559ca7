package org.tipgate.flow;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.tipgate.audit.AuditTrail;
import org.tipgate.audit.Checkpoints;
import org.tipgate.audit.Sequencer;
import org.tipgate.audit.Viewer;
import org.tipgate.crypto.Digests;
import org.tipgate.crypto.Pem;
import org.tipgate.format.Ack;
import org.tipgate.format.WireJson;
import org.tipgate.intake.EmbeddedSftpServer;
import org.tipgate.outbox.Outbox;
import org.tipgate.receipt.ReceiptMaker;
import org.tipgate.testing.DemoDirectory;
import org.tipgate.testing.OpenSshSftp;
import org.tipgate.testing.RemoteHttpsServer;
import org.tipgate.testing.RemoteSftpServer;
import org.tipgate.testing.TestDatabases;

/**
 * One feed, every transport: the state of Madhya Pradesh and the district of Indore take their
 * packages on SFTP servers of their own (embedded MINA SSHD, host keys pinned), Delhi's state
 * agency on an HTTPS endpoint that answers with its signed receipt, the other districts in local
 * folders. Each recipient gets exactly its own records, decryptable and verifiable with OpenSSL; the
 * receipt in the HTTPS answer is verified and recorded and named in the DELIVERED ack.
 */
@CamelSpringBootTest
@SpringBootTest(properties = {"server.port=0", "management.server.port=0"})
class MixedTransportsPipelineTests {

    private static final Path WORK;
    private static final RemoteSftpServer MP_STATE;
    private static final RemoteSftpServer INDORE;
    private static final RemoteHttpsServer DELHI;

    static {
        try {
            WORK = Files.createTempDirectory("mixed-transports");
            Path gatewayKey = Path.of("keys-example/tipgate.ssh.pub");
            MP_STATE = RemoteSftpServer.start("mpscc", gatewayKey, WORK.resolve("mp-scc-server"));
            INDORE = RemoteSftpServer.start("indore", gatewayKey, WORK.resolve("indore-server"));
            Files.createDirectories(MP_STATE.root().resolve("incoming"));
            Files.createDirectories(INDORE.root().resolve("tips"));
            DELHI = RemoteHttpsServer.start(Pem.readCertificate(Path.of("keys-example/localhost.crt.pem")),
                    Pem.readPrivateKey(Path.of("keys-example/localhost.key.pem")),
                    Pem.readCertificate(Path.of("keys-example/ca.crt.pem")),
                    Pem.readCertificate(Path.of("keys-example/tipgate.crt.pem")));
            DELHI.respond(MixedTransportsPipelineTests::receiptFromDelhi);
            writeDirectory();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void scratch(DynamicPropertyRegistry registry) {
        registry.add("tipgate.directory", () -> WORK.resolve("agencies.yaml").toString());
        TestDatabases.registerGateway(registry, WORK, "mixed-transports");
    }

    @AfterAll
    static void stop() throws IOException {
        MP_STATE.close();
        INDORE.close();
        DELHI.close();
    }

    @Autowired
    EmbeddedSftpServer server;

    @Autowired
    Outbox outbox;

    @Test
    void eachRecipientGetsExactlyItsRecordsOverItsOwnTransport() throws Exception {
        PipelineFixtures.SignedFeed feed = PipelineFixtures.feed(WORK, "mixed", "ncrb", 800, 99);
        OpenSshSftp sftp = new OpenSshSftp(server.port(), server.knownHostsLine(), WORK);
        assertThat(sftp.run("ncrb", "ncrb", "put " + feed.feed() + " inbox/mixed.p7m").exit()).isZero();

        Ack delivered = PipelineFixtures.awaitAck(server.home("ncrb").resolve("acks"),
                a -> a.ackId().equals("mixed.DELIVERED"), Duration.ofSeconds(90));

        assertThat(delivered.deliveries()).allMatch(d -> d.status().equals("DELIVERED"));
        Map<String, Path> where = new HashMap<>();
        for (Ack.Delivery d : delivered.deliveries()) {
            String file = d.packageId() + ".p7m";
            where.put(d.recipient(), switch (d.recipient()) {
                case "mp-scc" -> MP_STATE.root().resolve("incoming").resolve(file);
                case "mp-indore" -> INDORE.root().resolve("tips").resolve(file);
                case "dl-ifso" -> Files.write(WORK.resolve("posted-" + file), DELHI.received().stream()
                        .filter(r -> r.path().equals("/tipgate/packages")).reduce((a, b) -> b).orElseThrow().body());
                default -> PipelineFixtures.deliveredPackage(WORK, d.recipient(), d.packageId());
            });
        }
        assertThat(where).containsKeys("mp-scc", "mp-indore", "dl-ifso", "mp-bhopal");
        List<String> lines = feed.lines();
        Map<String, List<String>> records = new HashMap<>();
        for (Ack.Delivery d : delivered.deliveries()) {
            Path pkg = where.get(d.recipient());
            assertThat(Digests.sha256Hex(pkg)).isEqualTo(outbox.get(d.packageId()).orElseThrow().packageSha256());
            PipelineFixtures.Opened opened = PipelineFixtures.openWithOpenSsl(WORK, pkg, d.recipient());
            assertThat(opened.header().get("recipient").asText()).isEqualTo(d.recipient());
            assertThat(opened.records()).hasSize((int) d.records()).doesNotHaveDuplicates();
            assertThat(lines).containsAll(opened.records());
            records.put(d.recipient(), opened.records());
        }
        assertThat(records.get("mp-indore")).isSubsetOf(records.get("mp-scc"));
        assertThat(records.get("mp-scc")).doesNotContainAnyElementsOf(records.get("dl-ifso"));
        assertThat(records.get("mp-scc").size() + records.get("dl-ifso").size()).isEqualTo(delivered.counts().accepted());
        // No temporary names left on the SFTP servers, and nothing posted twice.
        try (var files = Files.list(MP_STATE.root().resolve("incoming"))) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactly("mixed.mp-scc.p7m");
        }
        assertThat(DELHI.received()).hasSize(1);
        // The receipt Delhi answered with is verified against dl-ifso's certificate and recorded.
        Ack.Delivery delhi = delivered.deliveries().stream().filter(d -> d.recipient().equals("dl-ifso"))
                .findFirst().orElseThrow();
        assertThat(delhi.receiptSha256()).isNotNull();
        assertThat(outbox.get(delhi.packageId()).orElseThrow().receiptSha256()).isEqualTo(delhi.receiptSha256());

        // The custody of a tip Delhi received: every step of its chain, provable offline.
        String tip = WireJson.mapper().readTree(records.get("dl-ifso").get(0)).get("tipId").asText();
        Path report = Files.write(WORK.resolve("custody.p7m"), audit.custody(tip, new Viewer("auditor",
                Viewer.Scope.ALL)));
        PipelineFixtures.CliRun custody = PipelineFixtures.tipgate("audit", "custody", "--in", report.toString(),
                "--cert", "keys-example/tipgate.crt.pem");
        assertThat(custody.exitCode()).as(custody.err()).isZero();
        List<String> steps = custody.outLines().stream().filter(l -> l.matches("[0-9]+\t.*"))
                .map(l -> l.split("\t")[2] + " " + l.split("\t")[4]).toList();
        assertThat(steps).containsSubsequence("FEED_RECEIVED SPOOLED", "FEED_VERIFIED ACCEPTED",
                "RECORD_ACCEPTED ACCEPTED", "ACK_SIGNED ACCEPTED", "PACKAGE_BUILT BUILT", "RECORD_ROUTED ROUTED",
                "DELIVERY_ATTEMPTED ATTEMPTED", "PACKAGE_DELIVERED DELIVERED", "RECEIPT_RECORDED ACCEPTED",
                "ACK_SIGNED " + delivered.status().name());
        assertThat(steps).contains("ACK_SENT SENT");
        assertThat(custody.outLines()).filteredOn(l -> l.contains("RECORD_ROUTED"))
                .singleElement().satisfies(l -> assertThat(l).contains("recipient=dl-ifso"));

        // The whole log, exported from the running gateway's database, verifies end to end.
        sequencer.integrate();
        checkpoints.signCurrent();
        Path export = WORK.resolve("audit.jsonl");
        PipelineFixtures.CliRun exported = PipelineFixtures.tipgate("audit", "export", "--out", export.toString(),
                "--db", databaseUrl(), "--operator", "asha");
        assertThat(exported.exitCode()).as(exported.err()).isZero();
        PipelineFixtures.CliRun verified = PipelineFixtures.tipgate("audit", "verify", "--in", export.toString(),
                "--cert", "keys-example/tipgate.crt.pem");
        assertThat(verified.exitCode()).as(verified.err()).isZero();
        assertThat(verified.out()).contains("verified: ");
        // And an edited event in it is found at its sequence number.
        List<String> exportLines = Files.readAllLines(export);
        int edited = exportLines.size() / 2;
        String line = exportLines.get(edited);
        assertThat(line).contains("\"kind\":\"event\"");
        long seq = WireJson.mapper().readTree(line).get("event").get("seq").asLong();
        exportLines.set(edited, line.replace("\"seq\":" + seq, "\"seq\":" + seq + ",\"x\":1"));
        Files.write(export, exportLines);
        PipelineFixtures.CliRun tampered = PipelineFixtures.tipgate("audit", "verify", "--in", export.toString(),
                "--cert", "keys-example/tipgate.crt.pem");
        assertThat(tampered.exitCode()).isEqualTo(1);
        assertThat(tampered.err()).startsWith("first bad sequence number: " + seq);
    }

    @Autowired
    AuditTrail audit;

    @Autowired
    Sequencer sequencer;

    @Autowired
    Checkpoints checkpoints;

    @Autowired
    Environment environment;

    private String databaseUrl() {
        return PipelineFixtures.databaseUrl(environment);
    }

    /** What Delhi's endpoint answers: its signed receipt for the package it was posted. */
    private static byte[] receiptFromDelhi(byte[] pkg) {
        try {
            Path file = Files.write(Files.createTempFile(WORK, "delhi-", ".p7m"), pkg);
            return new ReceiptMaker(Pem.readCertificate(Path.of("keys-example/dl-ifso.crt.pem")),
                    Pem.readPrivateKey(Path.of("keys-example/dl-ifso.key.pem")), Clock.systemUTC()).make(file);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The demo directory, with mp-scc and mp-indore on SFTP servers of their own and dl-ifso on HTTPS. */
    private static void writeDirectory() throws IOException {
        String yaml = DemoDirectory.text();
        yaml = DemoDirectory.withEndpoint(yaml, "mp-scc", "{type: SFTP, host: 127.0.0.1, port: " + MP_STATE.port()
                + ", user: mpscc, remoteDir: incoming, knownHosts: "
                + MP_STATE.writeKnownHosts(WORK.resolve("mp-scc.known_hosts")) + "}");
        yaml = DemoDirectory.withEndpoint(yaml, "mp-indore", "{type: SFTP, host: 127.0.0.1, port: " + INDORE.port()
                + ", user: indore, remoteDir: tips, knownHosts: "
                + INDORE.writeKnownHosts(WORK.resolve("indore.known_hosts")) + "}");
        yaml = DemoDirectory.withEndpoint(yaml, "dl-ifso", "{type: HTTPS, url: \"" + DELHI.url("/tipgate/packages")
                + "\"}");
        Files.writeString(WORK.resolve("agencies.yaml"), yaml, StandardCharsets.UTF_8);
    }
}
