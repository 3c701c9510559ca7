package org.tipgate.delivery;

import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.tipgate.crypto.Digests;
import org.tipgate.directory.AgencyDirectory;
import org.tipgate.directory.LgdTables;
import org.tipgate.events.EventLog;
import org.tipgate.outbox.Outbox;
import org.tipgate.testing.DemoDirectory;
import org.tipgate.testing.Recipients;
import org.tipgate.transport.DirectoryTransport;

/**
 * Prints how long one delivery pass takes to put a feed's six packages of realistic size (37, 15,
 * 12, 8, 6 and 4 MB: the 82 MB of a 30,000-record feed) into DIRECTORY endpoints, each copied,
 * forced to disk and given its name by a hard link, with the outbox on an H2 file database as the
 * embedded default has it ({@code WRITE_DELAY 0}): the flow as it was (one package after the
 * other), and routes/delivery.yaml with 1, 2 (the default) and 3 threads. Best and median of
 * several rounds, the variants taking turns so that other load on the machine weighs on all alike.
 * Files live under {@code target/bench-delivery}.
 *
 * <p>{@code mvn -B -o -Pbench test -Dtest=DeliveryBenchmark [-Ddelivery.bench.rounds=9]}
 */
@Tag("bench")
class DeliveryBenchmark {

    private static final int ROUNDS = Integer.getInteger("delivery.bench.rounds", 9);
    private static final int WARMUP = 2;
    private static final Path WORK = Path.of("target/bench-delivery").toAbsolutePath();
    private static final Map<String, Integer> MEGABYTES = new LinkedHashMap<>();

    static {
        MEGABYTES.put("mp-scc", 37);
        MEGABYTES.put("dl-ifso", 15);
        MEGABYTES.put("mp-indore", 12);
        MEGABYTES.put("mp-bhopal", 8);
        MEGABYTES.put("dl-new-delhi", 6);
        MEGABYTES.put("mp-gwalior", 4);
    }

    /** The delivery-pass flow before this change: one split, one package after the other. */
    private static final String SEQUENTIAL = """
            - route:
                id: delivery-pass
                from:
                  uri: direct:delivery-pass
                  steps:
                    - bean:
                        ref: deliverer
                        method: claim
                    - split:
                        simple: "${body}"
                        steps:
                          - split:
                              simple: "${body}"
                              steps:
                                - bean:
                                    ref: deliverer
                                    method: deliver
                    - bean:
                        ref: feedCompletion
                        method: completeSettled
            """;

    @Test
    void printsHowLongAPassOfSixPackagesTakes() throws Exception {
        deleteTree(WORK);
        Path packages = Files.createDirectories(WORK.resolve("packages"));
        Map<String, String> sha256 = new LinkedHashMap<>();
        for (Map.Entry<String, Integer> p : MEGABYTES.entrySet()) {
            Path file = Recipients.packageFile(packages, p.getKey() + ".p7m", p.getValue() * 1024 * 1024, p.getKey().hashCode());
            sha256.put(p.getKey(), Digests.sha256Hex(file));
        }
        System.out.printf("six packages, %d MB in all, into DIRECTORY endpoints under %s; %d processors%n",
                MEGABYTES.values().stream().mapToInt(Integer::intValue).sum(), WORK,
                Runtime.getRuntime().availableProcessors());

        Map<String, Pass> passes = new LinkedHashMap<>();
        passes.put("one after the other (the flow before)", new Pass("sequential", 1, SEQUENTIAL, packages));
        for (int threads : new int[] {1, 2, 3}) {
            passes.put("lanes, " + threads + " thread" + (threads > 1 ? "s" : "") + (threads == 2 ? " (default)" : ""),
                    new Pass("threads" + threads, threads, null, packages));
        }
        Map<String, double[]> seconds = new LinkedHashMap<>();
        passes.keySet().forEach(what -> seconds.put(what, new double[ROUNDS]));
        try {
            for (int round = -WARMUP; round < ROUNDS; round++) {
                for (Map.Entry<String, Pass> pass : passes.entrySet()) {
                    double s = pass.getValue().time(round + WARMUP, sha256);
                    if (round >= 0) {
                        seconds.get(pass.getKey())[round] = s;
                    }
                }
            }
        } finally {
            for (Pass pass : passes.values()) {
                pass.camel.stop();
                pass.db.close();
            }
        }
        for (Map.Entry<String, double[]> s : seconds.entrySet()) {
            double[] sorted = s.getValue().clone();
            Arrays.sort(sorted);
            System.out.printf("%-40s best %.3f s, median %.3f s  (%s)%n", s.getKey(), sorted[0], sorted[ROUNDS / 2],
                    Arrays.stream(s.getValue()).mapToObj(v -> String.format("%.3f", v)).toList());
        }
    }

    /** One way of running the pass, with its own database, endpoints and Camel. */
    private static final class Pass {

        final String name;
        final CamelContext camel = new DefaultCamelContext();
        final Outbox outbox;
        final Path outboxes;
        final HikariDataSource db;

        Pass(String name, int threads, String route, Path packages) throws Exception {
            this.name = name;
            Path home = Files.createDirectories(WORK.resolve(name));
            // As the gateway has it: a pool of connections (Hikari) to an H2 file.
            db = new HikariDataSource();
            db.setJdbcUrl("jdbc:h2:file:" + home.resolve("tipgate") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE");
            db.setUsername("tipgate");
            db.setPassword("");
            Flyway.configure().dataSource(db).locations("classpath:db/migration").load().migrate();
            JdbcTemplate jdbc = new JdbcTemplate(db);
            jdbc.execute("SET WRITE_DELAY 0");
            TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(db));
            outbox = new Outbox(jdbc, Clock.systemUTC(), new Outbox.Backoff(Duration.ofSeconds(2),
                    Duration.ofMinutes(10), 12), "bench");
            outboxes = home;
            Deliverer deliverer = new Deliverer(AgencyDirectory.load(allDirectory(home), Path.of("."),
                    LgdTables.bundled(), Clock.systemUTC()), List.of(new DirectoryTransport(home)), outbox,
                    new EventLog(jdbc, Clock.systemUTC()), tx, packages,
                    new Deliverer.Settings(16, Duration.ofMinutes(15)), (recipient, body) -> "none");
            camel.getRegistry().bind("deliverer", deliverer);
            camel.getRegistry().bind("feedCompletion", new DeliveryPassTests.CompletionProbe(outbox, List.of(), null));
            DeliveryPool.bind(camel, threads);
            camel.getPropertiesComponent().addInitialProperty("tipgate.delivery.poll-millis", "3600000");
            PluginHelper.getRoutesLoader(camel).loadRoutes(route == null
                    ? ResourceHelper.resolveMandatoryResource(camel, "file:routes/delivery.yaml")
                    : ResourceHelper.fromString("sequential.yaml", route));
            camel.setAutoStartup(false);
            camel.start();
            camel.getRouteController().startRoute("delivery-pass");
        }

        /** Puts the six packages in the outbox as a new feed, times one pass, then clears the endpoints. */
        double time(int round, Map<String, String> sha256) throws IOException {
            String feed = name + "-" + round;
            for (Map.Entry<String, Integer> p : MEGABYTES.entrySet()) {
                outbox.add(feed + "." + p.getKey(), feed, p.getKey(), 1, sha256.get(p.getKey()),
                        p.getValue() * 1024L * 1024L, p.getKey() + ".p7m");
            }
            long start = System.nanoTime();
            Exchange done = camel.createProducerTemplate().send("direct:delivery-pass", exchange -> { });
            double seconds = (System.nanoTime() - start) / 1e9;
            if (done.getException() != null) {
                throw new IllegalStateException("the pass failed", done.getException());
            }
            for (String recipient : MEGABYTES.keySet()) {
                if (outbox.get(feed + "." + recipient).orElseThrow().state() != Outbox.State.DELIVERED) {
                    throw new IllegalStateException(feed + "." + recipient + " was not delivered");
                }
            }
            deleteTree(outboxes.resolve("data"));
            return seconds;
        }
    }

    /** The demo directory with every recipient on a DIRECTORY endpoint (its districts collect from SFTP). */
    private static Path allDirectory(Path home) throws IOException {
        return Files.writeString(home.resolve("agencies.yaml"), DemoDirectory.everyRecipientOnDirectory());
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.delete(p);
            }
        }
    }
}
