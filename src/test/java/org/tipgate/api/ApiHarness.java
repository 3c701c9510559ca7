package org.tipgate.api;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.tipgate.GatewayApplication;
import org.tipgate.crypto.Digests;
import org.tipgate.crypto.Pem;
import org.tipgate.events.EventLog;
import org.tipgate.events.EventType;
import org.tipgate.testing.Curl;
import org.tipgate.testing.TestDatabases;

/**
 * The gateway with {@link FakeFeedService} as its pipeline, on a random HTTPS port, driven by the
 * real curl with the demo PKI of keys-example/. The API test classes share this one context.
 */
@SpringBootTest(classes = {GatewayApplication.class, FakeFeedService.Config.class},
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "management.server.port=0")
abstract class ApiHarness {

    static final Path WORK = Path.of("target/test-data/api").toAbsolutePath();
    static final Path PROJECT = Path.of("").toAbsolutePath();
    static final String PKCS7 = "Content-Type: application/pkcs7-mime";

    @DynamicPropertySource
    static void scratch(DynamicPropertyRegistry registry) {
        TestDatabases.registerGateway(registry, WORK, "https-api");
    }

    @LocalServerPort
    int port;

    @Autowired
    FakeFeedService fake;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    Clock clock;

    @BeforeEach
    void resetFake() {
        fake.reset();
    }

    String url(String path) {
        return "https://localhost:" + port + path;
    }

    /** curl with the demo CA as its only trust and {@code agency}'s demo certificate and key. */
    Curl.Result as(String agency, String... args) throws Exception {
        return curl(withCertificate(agency, args));
    }

    /** curl with the demo CA as its only trust and no client certificate. */
    Curl.Result anonymously(String... args) throws Exception {
        return curl(List.of(args));
    }

    Curl.Result curl(List<String> args) throws Exception {
        List<String> all = new ArrayList<>(List.of("--cacert", "keys-example/ca.crt.pem"));
        all.addAll(args);
        return Curl.run(PROJECT, all);
    }

    static List<String> withCertificate(String agency, String... args) {
        return withCertificate(Path.of("keys-example", agency + ".crt.pem"), Path.of("keys-example", agency + ".key.pem"),
                args);
    }

    static List<String> withCertificate(Path cert, Path key, String... args) {
        List<String> all = new ArrayList<>(List.of("--cert", cert.toString(), "--key", key.toString()));
        all.addAll(List.of(args));
        return all;
    }

    /** Posts {@code body} as {@code agency}, as docs/api.md shows it. */
    Curl.Result post(String agency, Path body, String... headers) throws Exception {
        List<String> args = new ArrayList<>(List.of("--data-binary", "@" + body, "-H", PKCS7));
        for (String header : headers) {
            args.add("-H");
            args.add(header);
        }
        args.add(url("/api/v1/feeds"));
        return as(agency, args.toArray(String[]::new));
    }

    /** A file of {@code bytes} pseudo-random bytes: the API treats a feed as opaque bytes. */
    static Path bodyFile(String name, int bytes) throws IOException {
        Files.createDirectories(WORK);
        byte[] content = new byte[bytes];
        new Random(name.hashCode()).nextBytes(content);
        Path file = WORK.resolve(name + ".p7m");
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(content);
        }
        return file;
    }

    static String sha256(Path file) throws IOException {
        return Digests.sha256Hex(file);
    }

    static String fingerprint(String agency) throws IOException {
        return Digests.sha256Hex(Pem.readCertificate(Path.of("keys-example", agency + ".crt.pem")));
    }

    EventLog events() {
        return new EventLog(jdbc, clock);
    }

    /** The AUTHENTICATION_FAILED events appended so far. */
    List<EventLog.Recorded> refusals() {
        return events().byType(EventType.AUTHENTICATION_FAILED);
    }

    /** The AUTHENTICATION_FAILED events appended after the first {@code before}. */
    List<EventLog.Recorded> refusalsAfter(int before) {
        List<EventLog.Recorded> all = refusals();
        return all.subList(before, all.size());
    }
}
