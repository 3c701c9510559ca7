package org.tipgate.flow;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.tipgate.crypto.Digests;
import org.tipgate.format.Ack;
import org.tipgate.format.RejectionCode;
import org.tipgate.format.WireJson;
import org.tipgate.testing.OpenSshSftp;

/**
 * The gateway killed with SIGKILL while it takes in, packages or delivers a state's dispatch of
 * 30,000 records, then started again on what it left: every record ends in exactly one package per
 * recipient it routes to, or in the DELIVERED ack as UNROUTABLE; no package file is written twice
 * or replaced; the ack's counts add up; the tip ledger matches the packages delivered. The gateway
 * runs as its own JVM, on an H2 file database, as in the embedded default.
 */
@Tag("heavy")
class CrashRecoveryTests {

    private static final int RECORDS = 30_000;
    private static final String FEED = "crash-30k";
    private static final Duration START = Duration.ofSeconds(120);
    private static final Duration WAIT = Duration.ofSeconds(180);
    private static final List<String> SETTINGS = List.of("--tipgate.delivery.poll-millis=200",
            // A package claimed by a gateway that was killed is held until its lease runs out (it may
            // be another node's delivery in progress); a short lease keeps the test short. One node's
            // delivery flow never overlaps itself, so the lease only has to outlast one node's attempt.
            "--tipgate.delivery.lease=5s");

    /** When the gateway is killed: on a sign that it has reached a step, as soon as the sign shows. */
    enum KillPoint {
        /** As soon as the sender's upload completes: the intake is spooling it. */
        UPLOADED,
        /** The upload is gone from where the gateway took it: the intake is recorded and the feed is being verified. */
        TAKEN,
        /** The RECEIVED ack is in acks/: the feed is verified and being routed and packaged. */
        RECEIVED,
        /** The first package file is being written to the outbox: packaging is half done. */
        PACKAGING,
        /** The first package is being written to a recipient's folder: the outbox is being delivered. */
        DELIVERING,
        /** A package has its name in a recipient's folder: its delivery may not be recorded yet. */
        DELIVERED_ONE
    }

    /**
     * Runs of the gateway, each killed at these points in turn and started again after each kill:
     * every point is reached once, some of them by a gateway that is itself resuming after a kill.
     */
    static Stream<Arguments> kills() {
        return Stream.of(Arguments.of(List.of()),
                Arguments.of(List.of(KillPoint.UPLOADED, KillPoint.PACKAGING, KillPoint.DELIVERING)),
                Arguments.of(List.of(KillPoint.TAKEN, KillPoint.RECEIVED, KillPoint.DELIVERED_ONE)));
    }

    @TempDir
    static Path work;
    static PipelineFixtures.SignedFeed feed;
    static PipelineFixtures.Routing routing;
    static Map<String, String> tipIdOfLine;

    GatewayProcess gateway;

    @BeforeAll
    static void dispatch() throws Exception {
        Instant begun = Instant.now();
        feed = PipelineFixtures.feed(work, FEED, "ncrb", RECORDS, 30_000);
        List<String> lines = feed.lines();
        routing = PipelineFixtures.route(lines, Path.of("config/agencies.yaml"));
        tipIdOfLine = new HashMap<>();
        for (String line : lines) {
            tipIdOfLine.put(line, tipId(line));
        }
        System.out.printf("%,d records, %,d bytes signed; generated, signed and routed by the test in %d ms;"
                        + " %d recipients, %d unroutable%n", RECORDS, Files.size(feed.feed()),
                Duration.between(begun, Instant.now()).toMillis(), routing.shares().size(),
                routing.unroutable().size());
    }

    @AfterEach
    void killGateway() throws Exception {
        if (gateway != null) {
            gateway.kill();
        }
    }

    @ParameterizedTest(name = "killed {0}")
    @MethodSource("kills")
    void everyRecordIsDeliveredOnceOrReportedAfterKills(List<KillPoint> kills) throws Exception {
        String run = kills.isEmpty() ? "never" : kills.stream().map(k -> k.name().toLowerCase())
                .collect(Collectors.joining("-"));
        Path dir = work.resolve(run);
        gateway = new GatewayProcess(dir, SETTINGS);
        Duration firstStart = gateway.start(START);
        Watcher watcher = new Watcher(gateway.deliveryFolders());
        Thread watching = new Thread(watcher, "watcher");
        watching.setDaemon(true);
        watching.start();
        try {
            OpenSshSftp sftp = new OpenSshSftp(gateway.sftpPort(), gateway.knownHostsLine(), dir);
            Instant uploadStart = Instant.now();
            OpenSshSftp.Result put = sftp.run("ncrb", "ncrb", "put " + feed.feed() + " inbox/" + FEED + ".p7m");
            assertThat(put.exit()).as(put.output()).isZero();
            Instant uploaded = Instant.now();
            Path acks = gateway.sftpRoot().resolve("ncrb/acks");

            StringBuilder timeline = new StringBuilder();
            for (KillPoint kill : kills) {
                awaitSign(kill);
                timeline.append(String.format("killed %s at %d ms, ", kill,
                        Duration.between(uploaded, Instant.now()).toMillis()));
                gateway.kill();
                Duration restart = gateway.start(START);
                timeline.append(String.format("started again in %d ms, ", restart.toMillis()));
            }
            Ack delivered;
            try {
                delivered = PipelineFixtures.awaitAck(acks, a -> a.ackId().equals(FEED + ".DELIVERED"), WAIT);
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "; the gateway's log ends:\n" + gateway.tail(), e);
            }
            Instant done = Instant.now();
            gateway.stop();
            watcher.stop();
            watching.join();

            System.out.printf("%s: gateway start %d ms, upload %d ms; after the upload: %sDELIVERED ack at %d ms;"
                            + " hidden temporary files left in recipients' folders: %s%n",
                    run, firstStart.toMillis(), Duration.between(uploadStart, uploaded).toMillis(), timeline,
                    Duration.between(uploaded, done).toMillis(), leftovers(gateway.deliveryFolders()));
            assertEveryRecordDeliveredOnceOrReported(delivered, watcher, dir);
        } finally {
            watcher.stop();
        }
    }

    /** Waits for the sign of {@code killPoint}, polling as often as the file system lets it be seen. */
    private void awaitSign(KillPoint killPoint) throws Exception {
        Path inbox = gateway.sftpRoot().resolve("ncrb/inbox").resolve(FEED + ".p7m");
        Path taken = gateway.sftpRoot().resolve(".taken/ncrb/inbox");
        Path receivedAck = gateway.sftpRoot().resolve("ncrb/acks").resolve(FEED + ".RECEIVED.p7m");
        try {
            Awaitility.await().atMost(WAIT).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(5))
                    .until(() -> switch (killPoint) {
                        case UPLOADED -> true;
                        case TAKEN -> !Files.exists(inbox) && !anyFile(List.of(taken));
                        case RECEIVED -> Files.exists(receivedAck);
                        case PACKAGING -> anyFile(List.of(gateway.packages()));
                        case DELIVERING -> anyFile(gateway.deliveryFolders());
                        case DELIVERED_ONE -> anyPackage(gateway.deliveryFolders());
                    });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("no sign of " + killPoint + " within " + WAIT + ":\n" + gateway.tail(), e);
        }
    }

    private void assertEveryRecordDeliveredOnceOrReported(Ack delivered, Watcher watcher, Path dir) throws Exception {
        // The ack: every record counted once, every package delivered, the unroutable ones listed.
        Ack.Counts counts = delivered.counts();
        assertThat(counts.records()).isEqualTo(RECORDS);
        assertThat(counts.accepted() + counts.rejected() + counts.quarantined()).isEqualTo(RECORDS);
        assertThat(counts.rejected()).isZero();
        assertThat(counts.quarantined()).isEqualTo(routing.unroutable().size());
        assertThat(delivered.rejections()).allSatisfy(r -> assertThat(r.code()).isEqualTo(RejectionCode.UNROUTABLE))
                .extracting(Ack.Rejection::tipId)
                .containsExactlyElementsOf(routing.unroutable().stream().map(tipIdOfLine::get).toList());
        assertThat(delivered.deliveries()).extracting(Ack.Delivery::recipient)
                .containsExactlyInAnyOrderElementsOf(routing.shares().keySet());
        assertThat(delivered.deliveries()).allSatisfy(d -> {
            assertThat(d.status()).isEqualTo("DELIVERED");
            assertThat(d.records()).isEqualTo(routing.share(d.recipient()).size());
        });
        long routed = routing.shares().values().stream().mapToLong(List::size).sum();

        // The recipients' folders: one package each, never replaced, holding exactly their records.
        assertThat(watcher.violations).isEmpty();
        assertThat(watcher.seen.keySet()).containsExactlyInAnyOrderElementsOf(routing.shares().keySet().stream()
                .map(r -> gateway.deliveredPackage(r, FEED + "." + r)).toList());
        Map<String, List<String>> deliveredTipIds = new HashMap<>();
        for (Map.Entry<String, List<String>> share : routing.shares().entrySet()) {
            String recipient = share.getKey();
            Path pkg = gateway.deliveredPackage(recipient, FEED + "." + recipient);
            assertThat(gateway.deliveredPackages(recipient)).containsExactly(pkg);
            assertThat(fileKey(pkg)).isEqualTo(watcher.seen.get(pkg));
            PipelineFixtures.Opened opened = PipelineFixtures.openWithOpenSsl(dir, pkg, recipient);
            assertThat(opened.header().get("recordCount").asLong()).isEqualTo(share.getValue().size());
            assertThat(opened.records()).as(recipient).containsExactlyElementsOf(share.getValue());
            deliveredTipIds.put(FEED + "." + recipient, opened.records().stream().map(tipIdOfLine::get).toList());
        }

        // The database agrees: one intake, one feed DELIVERED, the tip ledger is what was delivered.
        try (Connection db = gateway.connect()) {
            assertThat(rows(db, "SELECT state || ' ' || COALESCE(feed_id, '-') FROM intakes"))
                    .containsExactly("RECEIVED " + FEED);
            assertThat(rows(db, "SELECT state FROM feeds WHERE feed_id = ?", FEED)).containsExactly("DELIVERED");
            assertThat(rows(db, "SELECT stage || ' ' || CASE WHEN written_at IS NULL THEN 'unwritten' ELSE 'written'"
                    + " END FROM acks ORDER BY stage")).containsExactly("DELIVERED written", "RECEIVED written");
            Map<String, String> hashes = new HashMap<>();
            for (String row : rows(db, "SELECT package_id || ' ' || state || ' ' || package_sha256 FROM packages")) {
                String[] f = row.split(" ");
                assertThat(f[1]).as(f[0]).isEqualTo("DELIVERED");
                hashes.put(f[0], f[2]);
            }
            assertThat(hashes.keySet()).containsExactlyInAnyOrderElementsOf(deliveredTipIds.keySet());
            for (Map.Entry<String, List<String>> pkg : deliveredTipIds.entrySet()) {
                String recipient = pkg.getKey().substring(FEED.length() + 1);
                assertThat(Digests.sha256Hex(gateway.deliveredPackage(recipient, pkg.getKey())))
                        .isEqualTo(hashes.get(pkg.getKey()));
                assertThat(rows(db, "SELECT tip_id FROM tip_deliveries WHERE package_id = ? ORDER BY line",
                        pkg.getKey())).as(pkg.getKey()).containsExactlyElementsOf(pkg.getValue());
            }
            assertThat(rows(db, "SELECT COUNT(*) || ' ' || COUNT(DISTINCT recipient || '/' || tip_id)"
                    + " FROM tip_deliveries")).containsExactly(routed + " " + routed);
            assertThat(rows(db, "SELECT (SELECT COUNT(*) FROM events WHERE type = 'PACKAGE_DELIVERED')"
                    + " + (SELECT COUNT(*) FROM event_queue WHERE type = 'PACKAGE_DELIVERED')"))
                    .containsExactly(String.valueOf(routing.shares().size()));
        }
        try (Stream<Path> acks = Files.list(gateway.sftpRoot().resolve("ncrb/acks"))) {
            assertThat(acks.map(f -> f.getFileName().toString()))
                    .containsExactlyInAnyOrder(FEED + ".RECEIVED.p7m", FEED + ".DELIVERED.p7m");
        }
        try (Stream<Path> inbox = Files.list(gateway.sftpRoot().resolve("ncrb/inbox"))) {
            assertThat(inbox).isEmpty();
        }
        assertThat(anyFile(List.of(gateway.sftpRoot().resolve(".taken")))).as("an upload left in .taken").isFalse();
    }

    private static List<String> rows(Connection db, String sql, Object... args) throws Exception {
        try (PreparedStatement statement = db.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                statement.setObject(i + 1, args[i]);
            }
            List<String> rows = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    rows.add(rs.getString(1));
                }
            }
            return rows;
        }
    }

    private static boolean anyFile(List<Path> dirs) throws Exception {
        for (Path dir : dirs) {
            if (Files.isDirectory(dir)) {
                try (Stream<Path> files = Files.walk(dir)) {
                    if (files.anyMatch(Files::isRegularFile)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** Temporary files a delivery killed while writing left behind (hidden, never in an agency's view). */
    private static List<String> leftovers(List<Path> folders) throws Exception {
        List<String> leftovers = new ArrayList<>();
        for (Path folder : folders) {
            if (Files.isDirectory(folder)) {
                try (Stream<Path> files = Files.walk(folder)) {
                    files.filter(Files::isRegularFile).map(Path::toString).filter(n -> n.endsWith(".part"))
                            .forEach(leftovers::add);
                }
            }
        }
        return leftovers.stream().sorted().toList();
    }

    private static boolean anyPackage(List<Path> dirs) throws Exception {
        for (Path dir : dirs) {
            if (Files.isDirectory(dir)) {
                try (Stream<Path> files = Files.walk(dir)) {
                    if (files.anyMatch(f -> f.getFileName().toString().endsWith(".p7m"))) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static Object fileKey(Path file) throws Exception {
        return Files.readAttributes(file, BasicFileAttributes.class).fileKey();
    }

    private static String tipId(String line) throws Exception {
        return WireJson.mapper().readTree(line).get("tipId").asText();
    }

    /**
     * Watches the recipients' folders while the gateway runs: the file behind each package name when
     * it first appears (its inode), and any name that later disappears or stands for another file.
     */
    private static final class Watcher implements Runnable {
        final Map<Path, Object> seen = new ConcurrentHashMap<>();
        final List<String> violations = new CopyOnWriteArrayList<>();
        private final List<Path> roots;
        private volatile boolean running = true;

        Watcher(List<Path> roots) {
            this.roots = roots;
        }

        void stop() {
            running = false;
        }

        @Override
        public void run() {
            while (running) {
                try {
                    look();
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                } catch (Exception e) {
                    // a file being renamed while listed: look again
                }
            }
        }

        private void look() throws Exception {
            Set<Path> now = new HashSet<>();
            for (Path root : roots) {
                if (Files.isDirectory(root)) {
                    try (Stream<Path> files = Files.walk(root)) {
                        files.filter(f -> f.getFileName().toString().endsWith(".p7m")).forEach(now::add);
                    }
                }
            }
            for (Path file : now) {
                Object key = fileKey(file);
                Object first = seen.putIfAbsent(file, key);
                if (first != null && !first.equals(key)) {
                    violations.add(file + " was replaced");
                }
            }
            for (Path file : seen.keySet()) {
                if (!now.contains(file)) {
                    violations.add(file + " disappeared");
                }
            }
        }
    }
}
