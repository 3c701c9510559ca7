package org.tipgate.packaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.FileSystemUtils;

/**
 * Prints how long recording a feed's tip ledger takes, as packaging does it (one transaction per
 * feed, 10,000 rows per {@link TipLedger#add}), with each way of writing the rows that was tried:
 * into an empty ledger and into one already holding {@code -Dledger.bench.before} feeds (3), best
 * and median of {@code -Dledger.bench.rounds} rounds (5) after two rounds of warm-up; the time to
 * insert (what packaging's log line reports) and the commit's, which H2 spends writing out what
 * the rows changed. On H2 in a file as the embedded default runs it (Flyway's migrations,
 * {@code WRITE_DELAY 0}), a fresh database per measurement, and on PostgreSQL when
 * TIPGATE_TEST_POSTGRES_URL is set (a fresh schema per measurement).
 *
 * <p>The feeds have the pipeline's shape: {@code -Dledger.bench.records} records (30,000; about
 * 41,000 rows), each routed to its state (mp-scc or dl-ifso) and about a third also to one of two
 * districts; tipIds of 9 or 10 digits in random order, none shared between feeds
 * ({@code -Dledger.bench.tipids=ascending}: growing line by line, as the synthetic FeedGenerator
 * makes them). {@code h2Million} and {@code postgresMillion} record one feed of 1,000,000 records
 * (about 1.37 million rows) into an empty ledger, once per way.
 *
 * <p>{@code mvn -B -o -Pbench test -Dtest='TipLedgerBenchmark#h2'} (or {@code #postgres},
 * {@code #h2Million}, {@code #postgresMillion}); {@code -Dledger.bench.only=PREFIX,...} measures the
 * ways whose names start so; {@code -Dledger.bench.h2=";SETTING=..."} adds to the H2 URL. Figures in
 * target/surefire-reports/org.tipgate.packaging.TipLedgerBenchmark-output.txt.
 */
@Tag("bench")
class TipLedgerBenchmark {

    private static final int RECORDS = Integer.getInteger("ledger.bench.records", 30_000);
    private static final int MILLION = Integer.getInteger("ledger.bench.big", 1_000_000);
    private static final int ROUNDS = Integer.getInteger("ledger.bench.rounds", 5);
    private static final int WARMUP = 2;
    private static final int FEEDS_BEFORE = Integer.getInteger("ledger.bench.before", 3);
    private static final String ONLY = System.getProperty("ledger.bench.only", "");
    /** Settings added to the H2 URL, e.g. {@code ;PAGE_SIZE=8192}. */
    private static final String H2_SETTINGS = System.getProperty("ledger.bench.h2", "");
    /** random (the default), or ascending: each feed's tipIds growing line by line, as FeedGenerator makes them. */
    private static final boolean ASCENDING = "ascending".equals(System.getProperty("ledger.bench.tipids"));
    /** As FeedPackager.TIP_CHUNK. */
    private static final int CHUNK = 10_000;
    private static final Path DIR = Path.of("target/bench-ledger").toAbsolutePath();
    private static final List<List<String>> ROUTES = List.of(List.of("mp-scc"), List.of("mp-scc", "mp-indore"),
            List.of("mp-scc", "mp-gwalior"), List.of("dl-ifso"), List.of("dl-ifso", "dl-new-delhi"),
            List.of("dl-ifso", "dl-south"));

    /** One way of recording a feed's rows. */
    interface Way {
        void record(FeedShares shares, Map<FeedShares.Share, BitSet> keptOf, String feedId, JdbcTemplate jdbc);
    }

    private static Map<String, Way> ways() {
        Map<String, Way> ways = new LinkedHashMap<>();
        ways.put("before: line order, one-row INSERTs", (shares, keptOf, feedId, jdbc) ->
                inLineOrder(shares, keptOf, feedId, chunk -> oneRowInserts(jdbc, chunk)));
        ways.put("key order, one-row INSERTs", (shares, keptOf, feedId, jdbc) ->
                TipLedgerRows.inKeyOrder(shares, keptOf, feedId, CHUNK, chunk -> oneRowInserts(jdbc, chunk)));
        ways.put("line order, TipLedger.add", (shares, keptOf, feedId, jdbc) ->
                inLineOrder(shares, keptOf, feedId, new TipLedger(jdbc)::add));
        ways.put("now: key order, TipLedger.add", (shares, keptOf, feedId, jdbc) ->
                TipLedgerRows.inKeyOrder(shares, keptOf, feedId, CHUNK, new TipLedger(jdbc)::add));
        if (!ONLY.isEmpty()) {
            List<String> only = List.of(ONLY.split(","));
            ways.keySet().removeIf(name -> only.stream().noneMatch(name::startsWith));
        }
        return ways;
    }

    /** What packaging did before: share after share, in line order. */
    private static void inLineOrder(FeedShares shares, Map<FeedShares.Share, BitSet> keptOf, String feedId,
                                    Consumer<List<TipLedger.TipDelivery>> add) {
        keptOf.forEach((share, kept) -> {
            List<TipLedger.TipDelivery> chunk = new ArrayList<>(CHUNK);
            for (int i = kept.nextSetBit(0); i >= 0; i = kept.nextSetBit(i + 1)) {
                int record = share.record(i);
                chunk.add(new TipLedger.TipDelivery(share.recipient(), shares.tipId(record),
                        PackageWriter.packageId(feedId, share), feedId, shares.line(record)));
                if (chunk.size() == CHUNK) {
                    add.accept(chunk);
                    chunk.clear();
                }
            }
            add.accept(chunk);
        });
    }

    /** What TipLedger.add did before: a JDBC batch of one-row INSERTs. */
    private static void oneRowInserts(JdbcTemplate jdbc, List<TipLedger.TipDelivery> deliveries) {
        jdbc.batchUpdate("INSERT INTO tip_deliveries (recipient, tip_id, package_id, feed_id, line) VALUES (?, ?, ?, ?, ?)",
                deliveries.stream().map(d -> new Object[] {d.recipient(), d.tipId(), d.packageId(), d.feedId(),
                        d.line()}).toList());
    }

    @Test
    void h2() throws Exception {
        run("H2 (file, embedded default)", TipLedgerBenchmark::h2Database, RECORDS, ROUNDS);
    }

    @Test
    void h2Million() throws Exception {
        run("H2 (file, embedded default)", TipLedgerBenchmark::h2Database, MILLION, 1);
    }

    @Test
    void postgres() throws Exception {
        Assumptions.assumeTrue(System.getenv("TIPGATE_TEST_POSTGRES_URL") != null, "TIPGATE_TEST_POSTGRES_URL not set");
        run("PostgreSQL", TipLedgerBenchmark::postgresDatabase, RECORDS, ROUNDS);
    }

    @Test
    void postgresMillion() throws Exception {
        Assumptions.assumeTrue(System.getenv("TIPGATE_TEST_POSTGRES_URL") != null, "TIPGATE_TEST_POSTGRES_URL not set");
        run("PostgreSQL", TipLedgerBenchmark::postgresDatabase, MILLION, 1);
    }

    private void run(String database, Opener opener, int records, int rounds) throws Exception {
        Feeds feeds = new Feeds(records);
        Map<String, Way> ways = ways();
        boolean million = records >= 100_000;
        int warmup = million ? 0 : WARMUP;
        Map<String, double[][]> figures = new LinkedHashMap<>();
        ways.keySet().forEach(name -> figures.put(name, new double[4][rounds]));
        long rows = 0;
        // Way after way within a round, so that other load on the machine weighs on all alike.
        for (int round = -warmup; round < rounds; round++) {
            for (Map.Entry<String, Way> way : ways.entrySet()) {
                try (Database db = opener.open()) {
                    Timing empty;
                    Timing full = null;
                    try (Feed feed = feeds.next()) {
                        rows = feed.shares().shares().stream().mapToLong(FeedShares.Share::size).sum();
                        empty = record(db.dataSource(), way.getValue(), feed);
                    }
                    if (!million) {
                        for (int f = 1; f < FEEDS_BEFORE; f++) {
                            try (Feed feed = feeds.next()) {
                                record(db.dataSource(), way.getValue(), feed);
                            }
                        }
                        try (Feed feed = feeds.next()) {
                            full = record(db.dataSource(), way.getValue(), feed);
                        }
                    }
                    System.out.printf("  %s round %d, %s: empty %s%s%n", database, round, way.getKey(), empty,
                            full == null ? "" : "; holding " + FEEDS_BEFORE + " feeds " + full);
                    if (round >= 0) {
                        double[][] f = figures.get(way.getKey());
                        f[0][round] = empty.insertMillis();
                        f[1][round] = empty.commitMillis();
                        if (full != null) {
                            f[2][round] = full.insertMillis();
                            f[3][round] = full.commitMillis();
                        }
                    }
                }
            }
        }
        System.out.printf("%n%s, a feed of %,d records, %,d rows: insert + commit in ms, best/median of %d%n",
                database, records, rows, rounds);
        figures.forEach((name, f) -> System.out.printf("%-38s empty ledger %s + %s%s%n", name, stat(f[0]), stat(f[1]),
                million ? "" : "; holding " + FEEDS_BEFORE + " feeds " + stat(f[2]) + " + " + stat(f[3])));
    }

    private record Timing(long insertNanos, long commitNanos) {
        double insertMillis() {
            return insertNanos / 1e6;
        }

        double commitMillis() {
            return commitNanos / 1e6;
        }

        @Override
        public String toString() {
            return String.format("%.0f + %.0f ms", insertMillis(), commitMillis());
        }
    }

    /** One feed's rows recorded in one transaction, every record kept. */
    private static Timing record(DataSource dataSource, Way way, Feed feed) {
        Map<FeedShares.Share, BitSet> keptOf = new LinkedHashMap<>();
        for (FeedShares.Share share : feed.shares().shares()) {
            BitSet kept = new BitSet(share.size());
            kept.set(0, share.size());
            keptOf.put(share, kept);
        }
        TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        AtomicLong inserted = new AtomicLong();
        long start = System.nanoTime();
        tx.executeWithoutResult(status -> {
            way.record(feed.shares(), keptOf, feed.feedId(), jdbc);
            inserted.set(System.nanoTime());
        });
        return new Timing(inserted.get() - start, System.nanoTime() - inserted.get());
    }

    private static String stat(double[] millis) {
        double[] sorted = millis.clone();
        Arrays.sort(sorted);
        return String.format("%.0f/%.0f", sorted[0], sorted[sorted.length / 2]);
    }

    private record Feed(String feedId, FeedShares shares) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            shares.close();
        }
    }

    /** Feeds routed into shares, one after another, no tipId repeated. */
    private static final class Feeds {
        private final int records;
        private final SplittableRandom random = new SplittableRandom(20_250_601L);
        private final Set<Long> used = new HashSet<>();
        private long last = 100_000_000L;
        private final JsonNode[] routes = new JsonNode[ROUTES.size()];
        private int run;

        Feeds(int records) {
            this.records = records;
            for (int r = 0; r < routes.length; r++) {
                routes[r] = JsonNodeFactory.instance.numberNode(r);
            }
        }

        Feed next() throws Exception {
            String feedId = "bench-r" + records + "-run" + ++run;
            FeedShares shares = new FeedShares(record -> ROUTES.get(record.intValue()), null);
            byte[] raw = "{}".getBytes(StandardCharsets.US_ASCII);
            for (long line = 2; line < records + 2; line++) {
                long tipId;
                if (ASCENDING) {
                    tipId = last += random.nextLong(1, 41);
                } else {
                    do {
                        tipId = random.nextLong(100_000_000L, 10_000_000_000L);
                    } while (!used.add(tipId));
                }
                // Its state, and a district for about a third of the records (1.37 rows a record).
                int state = random.nextInt(2) * 3;
                int route = random.nextInt(1000) < 367 ? state + 1 + random.nextInt(2) : state;
                shares.accepted(line, Long.toString(tipId), raw, routes[route]);
            }
            shares.finish();
            return new Feed(feedId, shares);
        }
    }

    interface Opener {
        Database open() throws Exception;
    }

    interface Database extends AutoCloseable {
        DataSource dataSource();
    }

    /** A fresh H2 file database shaped as the gateway runs it. */
    private static Database h2Database() throws Exception {
        Path dir = Files.createTempDirectory(Files.createDirectories(DIR), "h2-");
        HikariDataSource pool = pool("jdbc:h2:file:" + dir.resolve("tipgate")
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE" + H2_SETTINGS, "tipgate", "");
        Flyway.configure().dataSource(pool).load().migrate();
        // As config.DatabaseDurability does at every start.
        new JdbcTemplate(pool).execute("SET WRITE_DELAY 0");
        return new Database() {
            @Override
            public DataSource dataSource() {
                return pool;
            }

            @Override
            public void close() {
                pool.close();
                FileSystemUtils.deleteRecursively(dir.toFile());
            }
        };
    }

    /** A fresh schema of the tests' PostgreSQL, migrated. */
    private static Database postgresDatabase() {
        String url = System.getenv("TIPGATE_TEST_POSTGRES_URL");
        String schema = "bench_ledger_" + Long.toString(System.nanoTime(), 36);
        HikariDataSource pool = pool(url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema,
                System.getenv().getOrDefault("TIPGATE_TEST_POSTGRES_USER", "tipgate"),
                System.getenv().getOrDefault("TIPGATE_TEST_POSTGRES_PASSWORD", "tipgate"));
        Flyway.configure().dataSource(pool).schemas(schema).createSchemas(true).load().migrate();
        return new Database() {
            @Override
            public DataSource dataSource() {
                return pool;
            }

            @Override
            public void close() {
                new JdbcTemplate(pool).execute("DROP SCHEMA " + schema + " CASCADE");
                pool.close();
            }
        };
    }

    /** A connection pool, as the gateway has (Spring Boot's HikariCP). */
    private static HikariDataSource pool(String url, String user, String password) {
        HikariDataSource pool = new HikariDataSource();
        pool.setJdbcUrl(url);
        pool.setUsername(user);
        pool.setPassword(password);
        pool.setMaximumPoolSize(2);
        return pool;
    }
}
