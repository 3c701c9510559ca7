package org.tipgate.flow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.springframework.core.env.Environment;
import org.tipgate.ack.AckReader;
import org.tipgate.cli.TipGateCommand;
import org.tipgate.crypto.CmsSigner;
import org.tipgate.crypto.Pem;
import org.tipgate.crypto.SignatureVerifier;
import org.tipgate.crypto.VerificationPolicy;
import org.tipgate.directory.AgencyDirectory;
import org.tipgate.directory.LgdTables;
import org.tipgate.feed.FeedAssembler;
import org.tipgate.format.Ack;
import org.tipgate.format.FeedHeader;
import org.tipgate.format.WireJson;
import org.tipgate.routing.Decision;
import org.tipgate.routing.Gazetteer;
import org.tipgate.routing.JurisdictionRouter;
import org.tipgate.synthetic.FeedGenerator;
import org.tipgate.testing.DemoDirectory;
import org.tipgate.testing.OpenSsl;
import org.tipgate.testing.RemoteSftpServer;

/** Feeds signed with the demo keys, acks read back, packages opened with OpenSSL. */
final class PipelineFixtures {

    private PipelineFixtures() {
    }

    /** The records file and the signed feed of {@code records} generated records. */
    record SignedFeed(Path records, Path feed) {

        List<String> lines() throws Exception {
            return Files.readAllLines(records, StandardCharsets.UTF_8).stream().filter(l -> !l.isEmpty()).toList();
        }
    }

    static SignedFeed feed(Path work, String feedId, String signer, int records, long seed) throws Exception {
        Path recordsFile = work.resolve(feedId + ".jsonl");
        try (OutputStream out = Files.newOutputStream(recordsFile)) {
            new FeedGenerator(LgdTables.bundled()).write(seed, records, out);
        }
        return sign(work, feedId, signer, recordsFile, records);
    }

    static SignedFeed sign(Path work, String feedId, String signer, Path recordsFile, long records) throws Exception {
        FeedHeader header = FeedHeader.of(feedId, "ncrb", Instant.now().toString(), records);
        Path feed = work.resolve(feedId + ".p7m");
        try (OutputStream out = Files.newOutputStream(feed)) {
            new CmsSigner(Pem.readPrivateKey(Path.of("keys-example", signer + ".key.pem")),
                    Pem.readCertificate(Path.of("keys-example", signer + ".crt.pem")), List.of(), Clock.systemUTC())
                    .sign(FeedAssembler.content(header, recordsFile), out);
        }
        return new SignedFeed(recordsFile, feed);
    }

    static Ack readAck(byte[] cms) throws Exception {
        return new AckReader(new SignatureVerifier(VerificationPolicy.forDocuments(
                List.of(Pem.readCertificate(Path.of("keys-example/ca.crt.pem"))), List.of(), Clock.systemUTC())),
                "tipgate").read(cms).ack();
    }

    /** Waits for an ack in {@code acks} that {@code wanted} accepts. */
    static Ack awaitAck(Path acks, Predicate<Ack> wanted, Duration timeout) {
        return Awaitility.await("an ack in " + acks).atMost(timeout).pollInterval(Duration.ofMillis(50))
                .until(() -> findAck(acks, wanted), Optional::isPresent).orElseThrow();
    }

    private static Optional<Ack> findAck(Path acks, Predicate<Ack> wanted) throws Exception {
        if (!Files.isDirectory(acks)) {
            return Optional.empty();
        }
        try (var files = Files.list(acks)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".p7m")).toList()) {
                Ack ack = readAck(Files.readAllBytes(file));
                if (wanted.test(ack)) {
                    return Optional.of(ack);
                }
            }
        }
        return Optional.empty();
    }

    /** A package opened with OpenSSL alone: decrypted with the recipient's key, verified against the CA. */
    record Opened(JsonNode header, List<String> records) {
    }

    static Opened openWithOpenSsl(Path work, Path pkg, String recipient) throws Exception {
        Path signed = work.resolve(pkg.getFileName() + ".signed");
        Path content = work.resolve(pkg.getFileName() + ".content");
        Path keys = Path.of("keys-example").toAbsolutePath();
        OpenSsl.run(work, "cms", "-decrypt", "-inform", "DER", "-in", pkg.toAbsolutePath().toString(),
                "-recip", keys.resolve(recipient + ".crt.pem").toString(),
                "-inkey", keys.resolve(recipient + ".key.pem").toString(), "-out", signed.toString()).assertSuccess();
        OpenSsl.run(work, "cms", "-verify", "-inform", "DER", "-in", signed.toString(),
                "-CAfile", keys.resolve("ca.crt.pem").toString(), "-out", content.toString()).assertSuccess();
        List<String> lines = new ArrayList<>(Files.readAllLines(content, StandardCharsets.UTF_8));
        assertThat(lines).isNotEmpty();
        JsonNode header = WireJson.mapper().readTree(lines.remove(0));
        return new Opened(header, lines);
    }

    /** Waits until {@code condition} holds, polling; fails naming {@code what} after {@code timeout}. */
    static void await(String what, Duration timeout, Callable<Boolean> condition) {
        Awaitility.await(what).atMost(timeout).pollInterval(Duration.ofMillis(50)).until(condition);
    }

    /**
     * A copy of the demo directory (config/agencies.yaml) in {@code work} in which each agency of
     * {@code endpoints} has that endpoint (a YAML flow mapping) instead of its demo one (DIRECTORY
     * for a state, PULL for a district). Paths in it stay relative to the project, so tipgate.base
     * stays the working directory.
     */
    static Path directoryWith(Path work, Map<String, String> endpoints) throws Exception {
        String yaml = DemoDirectory.text();
        for (Map.Entry<String, String> e : endpoints.entrySet()) {
            yaml = DemoDirectory.withEndpoint(yaml, e.getKey(), e.getValue());
        }
        return Files.writeString(work.resolve("agencies.yaml"), yaml);
    }

    /**
     * The file of package {@code packageId} delivered to {@code agencyId} by an in-process gateway
     * whose working files are under {@code work} ({@code TestDatabases.registerGateway}) and which
     * runs with the demo directory: the agency's DIRECTORY folder or its SFTP outbox (PULL).
     */
    static Path deliveredPackage(Path work, String agencyId, String packageId) {
        return DeliveredPackages.demo(work).file(agencyId, packageId);
    }

    /** The package files delivered to {@code agencyId} by such a gateway and still there, sorted by name. */
    static List<Path> deliveredPackages(Path work, String agencyId) {
        return DeliveredPackages.demo(work).of(agencyId);
    }

    /** The SFTP endpoint of a recipient's own server, its host key pinned in a file of its own. */
    static String sftpEndpoint(RemoteSftpServer server, Path work, String agency) throws Exception {
        Path pin = server.writeKnownHosts(work.resolve("pins").resolve(agency + ".known_hosts"));
        return "{type: SFTP, host: 127.0.0.1, port: " + server.port() + ", user: " + server.user()
                + ", remoteDir: incoming, knownHosts: " + pin.toAbsolutePath() + "}";
    }

    /** Where the records of a feed must go: each recipient's lines in feed order, and the lines no one can take. */
    record Routing(Map<String, List<String>> shares, List<String> unroutable) {

        List<String> share(String recipient) {
            return shares.getOrDefault(recipient, List.of());
        }
    }

    /**
     * Routes every line with the gateway's router over {@code directoryFile} (paths in it relative
     * to the working directory), as the test's own expectation of what each recipient must get.
     */
    static Routing route(List<String> lines, Path directoryFile) throws Exception {
        LgdTables lgd = LgdTables.bundled();
        JurisdictionRouter router = new JurisdictionRouter(AgencyDirectory.load(directoryFile, Path.of("."), lgd,
                Clock.systemUTC()), lgd, Gazetteer.bundled(lgd));
        Map<String, List<String>> shares = new TreeMap<>();
        List<String> unroutable = new ArrayList<>();
        for (String line : lines) {
            if (router.route(WireJson.mapper().readTree(line)) instanceof Decision.Routed routed) {
                for (String recipient : routed.recipients()) {
                    shares.computeIfAbsent(recipient, r -> new ArrayList<>()).add(line);
                }
            } else {
                unroutable.add(line);
            }
        }
        return new Routing(shares, unroutable);
    }

    /** What one in-process run of {@code tipgate} printed and how it exited. */
    record CliRun(int exitCode, String out, String err) {

        /** The printed lines, without whatever the test JVM's logging wrote to stdout meanwhile. */
        List<String> outLines() {
            return out.lines().toList();
        }
    }

    /** The gateway's own database, as the operator names it to the CLI. */
    static String databaseUrl(Environment environment) {
        String url = environment.getRequiredProperty("spring.datasource.url");
        String password = environment.getProperty("spring.datasource.password");
        if (url.startsWith("jdbc:postgresql:") && password != null && !password.isEmpty()) {
            // The CLI reads the password from TIPGATE_DB_PASSWORD, which a test cannot set in its own JVM.
            return url + "&password=" + password;
        }
        return url;
    }

    /** Runs {@code tipgate args...} in this JVM, as an operator would on the gateway's machine. */
    static synchronized CliRun tipgate(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream savedOut = System.out;
        PrintStream savedErr = System.err;
        try (PrintStream capturedOut = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream capturedErr = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            System.setOut(capturedOut);
            System.setErr(capturedErr);
            var commandLine = TipGateCommand.commandLine();
            commandLine.setOut(new PrintWriter(capturedOut, true));
            commandLine.setErr(new PrintWriter(capturedErr, true));
            int exit = commandLine.execute(args);
            return new CliRun(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(savedOut);
            System.setErr(savedErr);
        }
    }
}
