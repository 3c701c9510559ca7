package org.tipgate.audit;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.tipgate.crypto.CmsSigner;
import org.tipgate.crypto.Pem;
import org.tipgate.events.Event;
import org.tipgate.events.EventLog;
import org.tipgate.events.EventType;

/**
 * Prints the audit log's figures for docs/performance.md: events appended and sequenced per second,
 * and the latency of tip-id queries (median, 99th percentile) over a log of
 * {@code -Daudit.bench.events} events (default 10,000,000), on H2 in a file as the embedded default
 * runs it, and on PostgreSQL when TIPGATE_TEST_POSTGRES_URL is set. The log has the shape the
 * pipeline gives it: per feed of 30,000 tips, each tip accepted and routed to its state and its
 * district, and the feed's and packages' own events.
 *
 * <p>{@code mvn -B -Pbench test -Dtest=AuditQueryBenchmark [-Daudit.bench.events=N]}. The H2 file
 * is kept in {@code target/bench-audit} and reused by the next run when it holds enough events.
 */
@Tag("bench")
class AuditQueryBenchmark {

    private static final long EVENTS = Long.getLong("audit.bench.events", 10_000_000L);
    private static final int TIPS_PER_FEED = 30_000;
    private static final int QUERIES = 20_000;
    /** Events appended and sequenced the way the gateway does, with the log's indexes, for the rates. */
    private static final long MEASURED = Long.getLong("audit.bench.measured", 1_000_000L);
    /** The log's secondary indexes, as V4__audit.sql creates them. */
    private static final Map<String, String> INDEXES = new LinkedHashMap<>();

    static {
        for (String column : new String[] {"tip", "feed", "package", "intake", "type", "outcome", "actor",
                "recipient"}) {
            INDEXES.put("events_" + column + "_seq", "(" + (column.equals("tip") || column.equals("feed")
                    || column.equals("package") || column.equals("intake") ? column + "_id" : column) + ", seq)");
        }
        INDEXES.put("events_at", "(at)");
    }
    private static final String[][] RECIPIENTS = {{"mp-scc", "mp-indore"}, {"mp-scc", "mp-gwalior"},
            {"dl-ifso", "dl-new-delhi"}, {"dl-ifso", "dl-south"}};

    @Test
    void h2() throws Exception {
        Path dir = Path.of("target/bench-audit").toAbsolutePath();
        run("H2 (file, embedded default)", pool("jdbc:h2:file:" + dir.resolve("tipgate")
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE", "tipgate", ""));
    }

    @Test
    void postgres() throws Exception {
        String url = System.getenv("TIPGATE_TEST_POSTGRES_URL");
        Assumptions.assumeTrue(url != null, "TIPGATE_TEST_POSTGRES_URL not set");
        run("PostgreSQL", pool(url + (url.contains("?") ? "&" : "?")
                + "currentSchema=bench_audit&reWriteBatchedInserts=true",
                System.getenv().getOrDefault("TIPGATE_TEST_POSTGRES_USER", "tipgate"),
                System.getenv().getOrDefault("TIPGATE_TEST_POSTGRES_PASSWORD", "tipgate")));
    }

    /** A connection pool, as the gateway has (Spring Boot's HikariCP). */
    private static DataSource pool(String url, String user, String password) {
        HikariDataSource pool = new HikariDataSource();
        pool.setJdbcUrl(url);
        pool.setUsername(user);
        pool.setPassword(password);
        pool.setMaximumPoolSize(4);
        return pool;
    }

    private void run(String name, DataSource dataSource) throws Exception {
        var flyway = Flyway.configure().dataSource(dataSource);
        if (!name.startsWith("H2")) {
            flyway.schemas("bench_audit").createSchemas(true);
        }
        flyway.load().migrate();
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        if (name.startsWith("H2")) {
            jdbc.execute("SET WRITE_DELAY 0");
        }
        TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        Clock clock = Clock.systemUTC();
        EventLog events = new EventLog(jdbc, clock);
        Sequencer sequencer = new Sequencer(jdbc, tx, clock, 5000);
        X509Certificate cert = Pem.readCertificates(Path.of("keys-example/tipgate.crt.pem")).get(0);
        PrivateKey key = Pem.readPrivateKey(Path.of("keys-example/tipgate.key.pem"));
        CmsSigner signer = new CmsSigner(key, cert, List.of(), clock);
        Checkpoints checkpoints = new Checkpoints(jdbc, tx, signer, "tipgate", clock);
        AuditTrail trail = new AuditTrail(jdbc, tx, sequencer, checkpoints, events, signer, clock);

        long have = jdbc.queryForObject("SELECT COUNT(*) FROM events", Long.class);
        long perFeed = feed(0).stream().mapToLong(List::size).sum();
        long feeds = have / perFeed;
        if (have < EVENTS) {
            System.out.printf("%s: appending events up to %,d (has %,d)%n", name, EVENTS, have);
            long appendNanos = 0;
            long sequenceNanos = 0;
            long appended = 0;
            boolean bulk = false;
            while (have + appended < EVENTS) {
                if (!bulk && appended >= MEASURED) {
                    System.out.printf("%s: APPEND %,d events at %,.0f events/s (the pipeline's transactions); SEQUENCE "
                                    + "at %,.0f events/s (into the indexed log: leaf hashes, subtrees, root)%n", name,
                            appended, appended / (appendNanos / 1e9), appended / (sequenceNanos / 1e9));
                    // The rest is loaded as fast as it can be, with the log's indexes built afterwards.
                    INDEXES.keySet().forEach(index -> jdbc.execute("DROP INDEX " + index));
                    bulk = true;
                }
                List<List<Event>> feed = feed(feeds++);
                long t0 = System.nanoTime();
                for (List<Event> transaction : feed) {
                    tx.executeWithoutResult(status -> events.appendAll(transaction));
                    appended += transaction.size();
                }
                long t1 = System.nanoTime();
                sequencer.integrate();
                long t2 = System.nanoTime();
                appendNanos += t1 - t0;
                sequenceNanos += t2 - t1;
                if (feeds % 10 == 0) {
                    checkpoints.signCurrent();
                }
            }
            if (!bulk) {
                System.out.printf("%s: APPEND %,d events at %,.0f events/s (the pipeline's transactions); SEQUENCE at "
                                + "%,.0f events/s (into the indexed log: leaf hashes, subtrees, root)%n", name, appended,
                        appended / (appendNanos / 1e9), appended / (sequenceNanos / 1e9));
            } else {
                long t0 = System.nanoTime();
                INDEXES.forEach((index, columns) -> jdbc.execute("CREATE INDEX " + index + " ON events " + columns));
                System.out.printf("%s: indexes built in %.0f s%n", name, (System.nanoTime() - t0) / 1e9);
            }
        }
        sequencer.integrate();
        checkpoints.signCurrent();
        long size = trail.treeSize();
        long tips = feeds * TIPS_PER_FEED;
        System.out.printf("%s: log of %,d events, %,d tips%n", name, size, tips);

        SplittableRandom random = new SplittableRandom(7);
        Viewer auditor = new Viewer("auditor", Viewer.Scope.ALL);
        for (int i = 0; i < 2000; i++) {
            trail.events(EventFilter.tip(tipId(random.nextLong(tips))), auditor, null, 1000);
        }
        long[] nanos = new long[QUERIES];
        int found = 0;
        for (int i = 0; i < QUERIES; i++) {
            String tip = tipId(random.nextLong(tips));
            long t0 = System.nanoTime();
            AuditTrail.Page page = trail.events(EventFilter.tip(tip), auditor, null, 1000);
            nanos[i] = System.nanoTime() - t0;
            found += page.events().size();
        }
        Arrays.sort(nanos);
        System.out.printf("%s: TIP-ID QUERY over %,d events, %,d queries (%,d events found): p50 %.2f ms, "
                        + "p99 %.2f ms, max %.2f ms%n", name, size, QUERIES, found, nanos[QUERIES / 2] / 1e6,
                nanos[QUERIES * 99 / 100] / 1e6, nanos[QUERIES - 1] / 1e6);

        long[] custody = new long[200];
        for (int i = 0; i < custody.length; i++) {
            String tip = tipId(random.nextLong(tips));
            long t0 = System.nanoTime();
            trail.custody(tip, auditor);
            custody[i] = System.nanoTime() - t0;
        }
        Arrays.sort(custody);
        System.out.printf("%s: CUSTODY REPORT (events, proofs, signature), %d reports: p50 %.1f ms, p99 %.1f ms%n",
                name, custody.length, custody[custody.length / 2] / 1e6, custody[custody.length * 99 / 100] / 1e6);
    }

    private static String tipId(long n) {
        return "CT-" + (100_000_000L + n);
    }

    /** One feed's events, grouped by the transactions the pipeline appends them in. */
    private static List<List<Event>> feed(long feed) {
        String feedId = "F-BENCH-" + feed;
        String intake = "intake-" + feed;
        List<List<Event>> txs = new ArrayList<>();
        txs.add(List.of(new Event(EventType.FEED_RECEIVED, "ncrb", null, null, null, null, "SPOOLED",
                Map.of("intakeId", intake, "channel", "SFTP", "bytes", 60_000_000L, "sha256", "ab".repeat(32)))));
        List<Event> verified = new ArrayList<>(TIPS_PER_FEED + 3);
        verified.add(Event.feed(EventType.FEED_VERIFIED, feedId, "ACCEPTED", Map.of("intakeId", intake,
                "records", TIPS_PER_FEED, "accepted", TIPS_PER_FEED, "rejected", 0)));
        verified.add(Event.feed(EventType.ACK_SIGNED, feedId, "ACCEPTED", Map.of("ackId", "ack-r-" + feed,
                "stage", "RECEIVED")));
        List<Event> packaged = new ArrayList<>(2 * TIPS_PER_FEED + 10);
        for (int t = 0; t < TIPS_PER_FEED; t++) {
            String tip = tipId(feed * TIPS_PER_FEED + t);
            verified.add(new Event(EventType.RECORD_ACCEPTED, Event.SYSTEM, feedId, tip, null, null, "ACCEPTED",
                    Map.of("line", t + 2)));
            for (String recipient : RECIPIENTS[t % RECIPIENTS.length]) {
                packaged.add(new Event(EventType.RECORD_ROUTED, Event.SYSTEM, feedId, tip, feedId + "." + recipient,
                        recipient, "ROUTED", Map.of("line", t + 2)));
            }
        }
        txs.add(verified);
        packaged.add(Event.feed(EventType.FEED_ROUTED, feedId, "ROUTED", Map.of("quarantined", 0)));
        List<String> recipients = List.of("mp-scc", "mp-indore", "mp-gwalior", "dl-ifso", "dl-new-delhi", "dl-south");
        for (String r : recipients) {
            packaged.add(Event.pkg(EventType.PACKAGE_BUILT, feedId, feedId + "." + r, r, "BUILT",
                    Map.of("records", 5000, "sha256", "cd".repeat(32))));
        }
        txs.add(packaged);
        for (String r : recipients) {
            txs.add(List.of(Event.pkg(EventType.DELIVERY_ATTEMPTED, feedId, feedId + "." + r, r, "ATTEMPTED",
                    Map.of("attempt", 1, "transport", "DIRECTORY"))));
            txs.add(List.of(Event.pkg(EventType.PACKAGE_DELIVERED, feedId, feedId + "." + r, r, "DELIVERED",
                    Map.of("attempt", 1))));
        }
        txs.add(List.of(Event.feed(EventType.ACK_SIGNED, feedId, "DELIVERED", Map.of("ackId", "ack-d-" + feed,
                "stage", "DELIVERED"))));
        return txs;
    }
}
