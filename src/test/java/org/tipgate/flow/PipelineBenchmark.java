package org.tipgate.flow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.management.OperatingSystemMXBean;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.tipgate.directory.LgdTables;
import org.tipgate.format.Ack;
import org.tipgate.format.FileNames;
import org.tipgate.format.RejectionCode;
import org.tipgate.format.WireJson;
import org.tipgate.synthetic.FeedGenerator;
import org.tipgate.testing.OpenSshSftp;

/**
 * The pipeline benchmark of issue 5: the whole gateway, run as an operator runs it, timed on
 * synthetic signed feeds, next to what this machine's one core can do with the same bytes.
 *
 * <p>{@code mvn -B -Pbench test -Dtest=PipelineBenchmark [-Dbench.records=30000,1000000]
 * [-Dbench.warmup.records=30000] [-Dbench.keepBigFeeds=true]}
 *
 * <p>In one run:
 * <ol>
 *   <li>Synthetic feeds (about 2 KiB a record) are generated and signed with the demo ncrb key,
 *       streamed to files and cached in {@code target/bench-feeds/<feedId>-r<records>-s<seed>/}
 *       (signed again when the signature is older than 6 days: the gateway takes feeds signed at most
 *       7 days before). Each feed has its own feedId and seed, chosen so that no two feeds of one
 *       gateway share a tipId (checked on the generated files). Caches of feeds above 100,000
 *       records are deleted after the run unless {@code -Dbench.keepBigFeeds=true}.</li>
 *   <li>JMH ({@link MachineLimits}, one fork) measures one pass of SHA-256, AES-256-GCM encryption
 *       and the JSON parse of every record over the first measured feed of the smallest size: the
 *       machine's limit for these bytes.</li>
 *   <li>For each size, a fresh gateway ({@link GatewayProcess}: its own JVM capped at 512 MiB of heap,
 *       H2 file database, embedded SFTP server, the demo directory, DIRECTORY delivery to local
 *       folders, every other setting at its embedded default; GC log in its folder) takes one
 *       warm-up feed (waited for until DELIVERED and its audit events are sequenced), then the
 *       measured feeds one after another: three of a size up to 100,000 records (their median is
 *       reported), one of a larger size. Each is uploaded with OpenSSH's {@code sftp} as ncrb;
 *       the ack folder is polled every 5 ms (acks are written under a temporary name and renamed, so
 *       a file seen under its name is whole); the audit queue is polled until empty.</li>
 *   <li>The report (every figure, the stages from the audit events' timestamps, the gateway's log
 *       lines about each feed, peak heap from the GC log, peak resident memory, the targets of
 *       issue 5 with PASS/MISS) is printed and written to {@code target/bench/pipeline-report.txt}.</li>
 * </ol>
 *
 * It fails only on functional problems: a feed not DELIVERED within a generous timeout, an ack
 * that is not ACCEPTED (RECEIVED) or has refused records (DELIVERED), a recipient without exactly
 * one package, a duplicate tip, the gateway dying or running out of memory. Never on a figure.
 */
@Tag("bench")
class PipelineBenchmark {

    private static final Path FEEDS = Path.of("target/bench-feeds").toAbsolutePath();
    private static final Path WORK = Path.of("target/bench").toAbsolutePath();
    private static final List<Long> SIZES = Arrays.stream(System.getProperty("bench.records", "30000,1000000")
            .split(",")).map(String::strip).filter(s -> !s.isEmpty()).map(Long::parseLong).sorted().distinct()
            .toList();
    private static final long WARMUP_RECORDS = Long.getLong("bench.warmup.records",
            Math.min(30_000L, SIZES.get(0)));
    private static final boolean KEEP_BIG_FEEDS = Boolean.getBoolean("bench.keepBigFeeds");
    /** A feed of at most this many records is measured three times (median), a larger one once. */
    private static final long SMALL = 100_000;
    private static final Duration START = Duration.ofMinutes(3);
    private static final Duration RESIGN_AFTER = Duration.ofDays(6);
    private static final double MB = 1e6;
    /** Where GC log lines give a collection's heap before and after it, e.g. {@code 300M->120M(512M)}. */
    private static final Pattern GC_SIZES = Pattern.compile("(\\d+)([KMG])->(\\d+)([KMG])\\((\\d+)([KMG])\\)");
    private static final Pattern EXIT_HEAP = Pattern.compile("garbage-first heap\\s+total (\\d+)K, used (\\d+)K");
    private static final List<String> LOG_WORDS = List.of("Packaged feed", "Took in", "Verified feed", "Delivered");

    /** One feed: its id, records and seed, and the files once generated and signed. */
    record Feed(String feedId, long records, long seed, Path recordsFile, Path signed) {

        long bytes() throws IOException {
            return Files.size(signed);
        }
    }

    /** The instants of one measured feed, and what the audit events and the log say of it. */
    static final class Measured {
        Feed feed;
        long bytes;
        Instant uploadStart;
        Instant uploadEnd;
        Instant receivedAck;
        Instant deliveredAck;
        Instant drained;
        Duration drainCap;
        long events = -1;
        final Map<String, Instant> stages = new LinkedHashMap<>();
        final List<String> logLines = new ArrayList<>();
        String counts;

        double seconds(Instant later) {
            return later == null ? Double.NaN : Duration.between(uploadEnd, later).toNanos() / 1e9;
        }

        double recordsPerSecond() {
            return feed.records() / seconds(deliveredAck);
        }

        double mbPerSecond() {
            return bytes / MB / seconds(deliveredAck);
        }

        /** Records a second counting the upload too: from its start to the DELIVERED ack. */
        double recordsPerSecondWithUpload() {
            return feed.records() / (Duration.between(uploadStart, deliveredAck).toNanos() / 1e9);
        }
    }

    /** One gateway (one size): its measured feeds and its memory. */
    static final class GatewayRun {
        long records;
        Feed warmup;
        final List<Measured> measured = new ArrayList<>();
        long peakHeapBeforeGcBytes = -1;
        long lastAfterGcBytes = -1;
        long heapAtExitBytes = -1;
        long heapCommittedMaxBytes = -1;
        int gcPauses;
        int fullGcs;
        long vmHwmKb = -1;
        boolean outOfMemory;
        boolean completed;
        String failure;
        Duration startTime;

        long peakHeapBytes() {
            return Math.max(peakHeapBeforeGcBytes, Math.max(lastAfterGcBytes, heapAtExitBytes));
        }

        Measured median() {
            List<Measured> sorted = measured.stream().filter(m -> m.deliveredAck != null)
                    .sorted(Comparator.comparingDouble(m -> m.seconds(m.deliveredAck))).toList();
            return sorted.isEmpty() ? null : sorted.get(sorted.size() / 2);
        }
    }

    /** One JMH pass: bytes per operation and milliseconds per operation. */
    record Pass(String name, long bytes, double msPerOp, double error, double bestMsPerOp) {

        double mbPerSecond() {
            return bytes / MB / (msPerOp / 1000);
        }

        /** The fastest measured iteration: the better estimate of the limit when others share the machine. */
        double bestMbPerSecond() {
            return bytes / MB / (bestMsPerOp / 1000);
        }
    }

    @Test
    void pipeline() throws Exception {
        Files.createDirectories(WORK);
        ZonedDateTime began = ZonedDateTime.now();
        StringBuilder report = new StringBuilder();
        List<String> failures = new ArrayList<>();

        // 1. The feeds: per size, a warm-up feed and the measured feeds, no tipId shared within a gateway.
        List<Long> usedStarts = new ArrayList<>();
        Map<Long, List<Feed>> feedsBySize = new LinkedHashMap<>();
        long seedBase = 5_000;
        for (long records : SIZES) {
            List<Feed> feeds = new ArrayList<>();
            int runs = records <= SMALL ? 3 : 1;
            long[] seed = {seedBase};
            feeds.add(plan("bench-r" + records + "-warmup", WARMUP_RECORDS, seed, usedStarts));
            for (int i = 1; i <= runs; i++) {
                feeds.add(plan("bench-r" + records + "-run" + i, records, seed, usedStarts));
            }
            feedsBySize.put(records, feeds);
            seedBase += 1_000;
        }
        List<String> generation = new ArrayList<>();
        for (List<Feed> feeds : feedsBySize.values()) {
            for (int i = 0; i < feeds.size(); i++) {
                feeds.set(i, generate(feeds.get(i), generation));
            }
            checkTipIdsDisjoint(feeds);
        }

        // 2. The machine's limit for these bytes (before any gateway runs, so nothing else competes).
        Feed limitFeed = feedsBySize.get(SIZES.get(0)).get(1);
        List<Pass> passes = machineLimits(limitFeed);

        // 3. A fresh gateway for each size.
        List<GatewayRun> runs = new ArrayList<>();
        for (Map.Entry<Long, List<Feed>> size : feedsBySize.entrySet()) {
            GatewayRun run = new GatewayRun();
            run.records = size.getKey();
            runs.add(run);
            try {
                runGateway(run, size.getValue());
            } catch (Exception | AssertionError e) {
                run.failure = e.getMessage();
                failures.add(run.records + " records: " + e.getMessage());
                e.printStackTrace(System.out);
            }
        }

        // 4. The report.
        report(report, began, generation, limitFeed, passes, runs);
        String text = report.toString();
        System.out.println(text);
        Files.writeString(WORK.resolve("pipeline-report.txt"), text);

        if (!KEEP_BIG_FEEDS) {
            for (List<Feed> feeds : feedsBySize.values()) {
                for (Feed feed : feeds) {
                    if (feed.records() > SMALL) {
                        deleteTree(feed.signed().getParent());
                    }
                }
            }
        }
        assertThat(failures).as("functional problems (the figures are in the report)").isEmpty();
    }

    // ---------------------------------------------------------------- feeds

    /** The tipId the generator starts from for a seed (the first number it draws, as FeedGenerator does). */
    private static long tipStart(long seed) {
        return 100_000_000L + new SplittableRandom(seed).nextInt(400_000_000);
    }

    /** A feed whose seed gives a tipId range clear of those already planned (ids grow by 1 to 40 a record). */
    private static Feed plan(String feedId, long records, long[] seed, List<Long> usedStarts) {
        while (true) {
            long s = seed[0]++;
            long start = tipStart(s);
            long end = start + 41 * records;
            boolean clear = true;
            for (int i = 0; i < usedStarts.size(); i += 2) {
                if (start <= usedStarts.get(i + 1) && usedStarts.get(i) <= end) {
                    clear = false;
                }
            }
            if (clear) {
                usedStarts.add(start);
                usedStarts.add(end);
                return new Feed(feedId, records, s, null, null);
            }
        }
    }

    /** The feed's files from the cache, generated and signed when missing, signed again when old. */
    private static Feed generate(Feed planned, List<String> log) throws Exception {
        Path dir = Files.createDirectories(FEEDS.resolve(planned.feedId() + "-r" + planned.records() + "-s"
                + planned.seed()));
        Path records = dir.resolve(planned.feedId() + ".jsonl");
        Path generatedMark = dir.resolve("generated");
        Path signedMark = dir.resolve("signed");
        String what = "cached";
        if (!Files.exists(generatedMark)) {
            Files.deleteIfExists(signedMark);
            long t0 = System.nanoTime();
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(records), 1 << 16)) {
                new FeedGenerator(LgdTables.bundled()).write(planned.seed(), planned.records(), out);
            }
            Files.writeString(generatedMark, Instant.now().toString());
            what = String.format("generated in %.1f s", (System.nanoTime() - t0) / 1e9);
        }
        Path signed = dir.resolve(planned.feedId() + ".p7m");
        if (!Files.exists(signedMark) || Instant.parse(Files.readString(signedMark).strip())
                .isBefore(Instant.now().minus(RESIGN_AFTER))) {
            Files.deleteIfExists(signedMark);
            long t0 = System.nanoTime();
            PipelineFixtures.SignedFeed feed = PipelineFixtures.sign(dir, planned.feedId(), "ncrb", records,
                    planned.records());
            assertThat(feed.feed()).isEqualTo(signed);
            Files.writeString(signedMark, Instant.now().toString());
            what += String.format(", signed in %.1f s", (System.nanoTime() - t0) / 1e9);
        }
        Feed feed = new Feed(planned.feedId(), planned.records(), planned.seed(), records, signed);
        log.add(String.format("%s: %,d records, seed %d, %,d bytes signed (%s)", feed.feedId(), feed.records(),
                feed.seed(), feed.bytes(), what));
        return feed;
    }

    /** The first and last tipId of a records file (the generator's ids grow line by line). */
    private static long[] tipRange(Path records) throws Exception {
        String first;
        try (var lines = Files.lines(records, StandardCharsets.UTF_8)) {
            first = lines.findFirst().orElseThrow();
        }
        String last;
        try (RandomAccessFile file = new RandomAccessFile(records.toFile(), "r")) {
            long length = file.length();
            int tail = (int) Math.min(length, 256 * 1024);
            byte[] bytes = new byte[tail];
            file.seek(length - tail);
            file.readFully(bytes);
            String text = new String(bytes, StandardCharsets.UTF_8).stripTrailing();
            last = text.substring(text.lastIndexOf('\n') + 1);
        }
        return new long[] {tipIdOf(first), tipIdOf(last)};
    }

    private static long tipIdOf(String line) throws Exception {
        return Long.parseLong(WireJson.mapper().readTree(line).get("tipId").asText());
    }

    /** Two feeds of one gateway sharing a tipId would be refused DUPLICATE_TIP: a set-up error. */
    private static void checkTipIdsDisjoint(List<Feed> feeds) throws Exception {
        List<long[]> ranges = new ArrayList<>();
        for (Feed feed : feeds) {
            long[] range = tipRange(feed.recordsFile());
            assertThat(range[0]).as(feed.feedId()).isLessThanOrEqualTo(range[1]);
            for (long[] other : ranges) {
                assertThat(range[0] > other[1] || other[0] > range[1])
                        .as("tipIds of %s (%d..%d) overlap another feed's (%d..%d)", feed.feedId(), range[0],
                                range[1], other[0], other[1]).isTrue();
            }
            ranges.add(range);
        }
    }

    // ---------------------------------------------------------------- the machine's limit

    private static List<Pass> machineLimits(Feed feed) throws Exception {
        Options options = new OptionsBuilder()
                .include(Pattern.quote(MachineLimits.class.getName()) + "\\.")
                .param("feed", feed.signed().toString())
                .param("records", feed.recordsFile().toString())
                .forks(1)
                .jvmArgs("-Xms1g", "-Xmx1g")
                .warmupIterations(3).warmupTime(TimeValue.seconds(1))
                .measurementIterations(5).measurementTime(TimeValue.seconds(1))
                .mode(Mode.AverageTime).timeUnit(TimeUnit.MILLISECONDS)
                .shouldFailOnError(true)
                .build();
        Map<String, Pass> passes = new LinkedHashMap<>();
        long feedBytes = Files.size(feed.signed());
        long recordBytes = Files.size(feed.recordsFile());
        for (RunResult result : new Runner(options).run()) {
            String method = result.getParams().getBenchmark();
            method = method.substring(method.lastIndexOf('.') + 1);
            assertThat(result.getPrimaryResult().getScoreUnit()).isEqualTo("ms/op");
            long bytes = method.equals("json") ? recordBytes : feedBytes;
            passes.put(method, new Pass(method, bytes, result.getPrimaryResult().getScore(),
                    result.getPrimaryResult().getScoreError(), result.getPrimaryResult().getStatistics().getMin()));
        }
        assertThat(passes.keySet()).containsExactlyInAnyOrder("sha256", "aesGcm", "json");
        return List.of(passes.get("sha256"), passes.get("aesGcm"), passes.get("json"));
    }

    /** One core doing all the passes on each byte, one after another. */
    private static double combinedMbPerSecond(List<Pass> passes) {
        double secondsPerMb = 0;
        for (Pass pass : passes) {
            secondsPerMb += 1 / pass.mbPerSecond();
        }
        return 1 / secondsPerMb;
    }

    // ---------------------------------------------------------------- the gateway

    private void runGateway(GatewayRun run, List<Feed> feeds) throws Exception {
        Path dir = WORK.resolve("gateway-r" + run.records);
        deleteTree(dir);
        Files.createDirectories(dir);
        long needed = 0;
        for (Feed feed : feeds) {
            needed += feed.bytes() * 6;
        }
        long usable = Files.getFileStore(dir).getUsableSpace();
        if (usable < needed) {
            throw new AssertionError(String.format("not enough disk for the %,d-record gateway: %,d bytes free,"
                    + " about %,d needed", run.records, usable, needed));
        }
        Path gcLog = dir.resolve("gc.log");
        GatewayProcess gateway = new GatewayProcess(dir, List.of(),
                List.of("-Xlog:gc,gc+heap+exit:file=" + gcLog));
        try {
            run.startTime = gateway.start(START);
            OpenSshSftp sftp = new OpenSshSftp(gateway.sftpPort(), gateway.knownHostsLine(), dir);
            Set<String> acksSeen = new HashSet<>();
            try (Connection db = gateway.connect()) {
                run.warmup = feeds.get(0);
                measure(gateway, sftp, db, run.warmup, acksSeen);
                for (Feed feed : feeds.subList(1, feeds.size())) {
                    run.measured.add(measure(gateway, sftp, db, feed, acksSeen));
                }
            }
            run.vmHwmKb = vmHwmKb(gateway.pid());
            run.completed = true;
        } finally {
            try {
                if (gateway.log() != null) {
                    run.outOfMemory = Files.readString(gateway.log()).contains("OutOfMemoryError");
                }
                if (run.vmHwmKb < 0 && gateway.isAlive()) {
                    run.vmHwmKb = vmHwmKb(gateway.pid());
                }
                gateway.stop();
                readGcLog(run, gcLog);
                Path logs = Files.createDirectories(WORK.resolve("logs"));
                if (gateway.log() != null) {
                    Files.copy(gateway.log(), logs.resolve("gateway-r" + run.records + ".log"),
                            StandardCopyOption.REPLACE_EXISTING);
                }
                if (Files.exists(gcLog)) {
                    Files.copy(gcLog, logs.resolve("gc-r" + run.records + ".log"), StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                gateway.kill();
                deleteTree(dir);
            }
        }
        if (run.outOfMemory) {
            throw new AssertionError("the gateway of " + run.records + " records logged an OutOfMemoryError");
        }
    }

    /** Uploads one feed and follows it to its DELIVERED ack and its last audit event sequenced. */
    private Measured measure(GatewayProcess gateway, OpenSshSftp sftp, Connection db, Feed feed, Set<String> acksSeen)
            throws Exception {
        Measured m = new Measured();
        m.feed = feed;
        m.bytes = feed.bytes();
        Path acks = gateway.sftpRoot().resolve("ncrb/acks");
        String receivedName = FileNames.of(feed.feedId() + ".RECEIVED", ".p7m");
        String deliveredName = FileNames.of(feed.feedId() + ".DELIVERED", ".p7m");
        AckWatch watch = new AckWatch(acks.resolve(receivedName), acks.resolve(deliveredName));
        Thread watching = new Thread(watch, "ack-watch-" + feed.feedId());
        watching.setDaemon(true);
        watching.start();
        Duration timeout = Duration.ofMinutes(Math.max(10, feed.records() * 3 / 60_000));
        try {
            m.uploadStart = Instant.now();
            OpenSshSftp.Result put = sftp.run("ncrb", "ncrb", "put " + feed.signed() + " inbox/" + feed.feedId()
                    + ".p7m");
            m.uploadEnd = Instant.now();
            assertThat(put.exit()).as("sftp put of %s: %s", feed.feedId(), put.output()).isZero();

            Instant deadline = m.uploadEnd.plus(timeout);
            boolean receivedChecked = false;
            long lastListing = 0;
            while (watch.delivered == null) {
                if (!gateway.isAlive()) {
                    throw new AssertionError("the gateway died while " + feed.feedId() + " was in it:\n"
                            + gateway.tail());
                }
                if (Instant.now().isAfter(deadline)) {
                    throw new AssertionError(feed.feedId() + " not DELIVERED within " + timeout + " (RECEIVED ack "
                            + (watch.received == null ? "missing" : "written") + "):\n" + gateway.tail());
                }
                if (watch.received != null && !receivedChecked) {
                    checkReceived(acks.resolve(receivedName), feed);
                    receivedChecked = true;
                    acksSeen.add(receivedName);
                }
                if (System.nanoTime() - lastListing > 1_000_000_000L) {
                    lastListing = System.nanoTime();
                    failOnForeignRejection(acks, acksSeen, receivedName, deliveredName);
                }
                Thread.sleep(20);
            }
        } finally {
            watch.stop();
            watching.join();
        }
        m.receivedAck = watch.received;
        m.deliveredAck = watch.delivered;
        checkReceived(acks.resolve(receivedName), feed);
        acksSeen.add(receivedName);
        acksSeen.add(deliveredName);
        checkDelivered(gateway, feed, PipelineFixtures.readAck(Files.readAllBytes(acks.resolve(deliveredName))), m);

        // The audit trail: every event sequenced (the queue empty, the DELIVERED ack's ACK_SENT in the log).
        m.drainCap = Duration.ofSeconds(Math.max(120, feed.records() * 900 / 1_000_000));
        Instant drainDeadline = m.deliveredAck.plus(m.drainCap);
        while (true) {
            if (count(db, "SELECT COUNT(*) FROM event_queue") == 0 && count(db, "SELECT COUNT(*) FROM events"
                    + " WHERE feed_id = ? AND type = 'ACK_SENT' AND detail LIKE '%DELIVERED%'", feed.feedId()) > 0) {
                m.drained = Instant.now();
                break;
            }
            if (Instant.now().isAfter(drainDeadline)) {
                break;
            }
            if (!gateway.isAlive()) {
                throw new AssertionError("the gateway died while sequencing " + feed.feedId() + ":\n" + gateway.tail());
            }
            Thread.sleep(50);
        }
        stagesFromEvents(db, m);
        for (String line : Files.readAllLines(gateway.log(), StandardCharsets.UTF_8)) {
            if (mentions(line, feed.feedId()) && LOG_WORDS.stream().anyMatch(line::contains)) {
                m.logLines.add(line);
            }
        }
        System.out.printf("%s: upload %d ms; RECEIVED ack %.3f s, DELIVERED ack %.3f s after it; audit %s%n",
                feed.feedId(), Duration.between(m.uploadStart, m.uploadEnd).toMillis(), m.seconds(m.receivedAck),
                m.seconds(m.deliveredAck), m.drained == null ? "not drained within " + m.drainCap
                        : String.format("drained %.3f s after the upload", m.seconds(m.drained)));
        return m;
    }

    /** The RECEIVED ack accepts every record of the feed. */
    private static void checkReceived(Path file, Feed feed) throws Exception {
        Ack received = PipelineFixtures.readAck(Files.readAllBytes(file));
        assertThat(received.feedId()).isEqualTo(feed.feedId());
        assertThat(received.status()).as("RECEIVED ack of %s: %s", feed.feedId(), received.rejections())
                .isEqualTo(Ack.Status.ACCEPTED);
        assertThat(received.counts().accepted()).as("records accepted at intake").isEqualTo(feed.records());
    }

    /** The feed id in a log line, not as the prefix of a longer id. */
    private static boolean mentions(String line, String feedId) {
        int at = line.indexOf(feedId);
        while (at >= 0) {
            int end = at + feedId.length();
            boolean startOk = at == 0 || !Character.isLetterOrDigit(line.charAt(at - 1)) && line.charAt(at - 1) != '-';
            boolean endOk = end == line.length() || !Character.isLetterOrDigit(line.charAt(end))
                    && line.charAt(end) != '-';
            if (startOk && endOk) {
                return true;
            }
            at = line.indexOf(feedId, at + 1);
        }
        return false;
    }

    /** An ack we did not expect (a feed refused as a whole is acked under its intake's id): fail if it refuses. */
    private static void failOnForeignRejection(Path acks, Set<String> seen, String... expected) throws Exception {
        if (!Files.isDirectory(acks)) {
            return;
        }
        try (Stream<Path> files = Files.list(acks)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".p7m")).toList()) {
                String name = file.getFileName().toString();
                if (seen.contains(name) || Arrays.asList(expected).contains(name)) {
                    continue;
                }
                seen.add(name);
                Ack ack = PipelineFixtures.readAck(Files.readAllBytes(file));
                if (ack.status() == Ack.Status.REJECTED) {
                    throw new AssertionError("the gateway refused a feed: " + ack);
                }
            }
        }
    }

    /** The DELIVERED ack adds up, refuses no record, and every recipient has exactly one package of the feed. */
    private static void checkDelivered(GatewayProcess gateway, Feed feed, Ack ack, Measured m) throws Exception {
        Ack.Counts counts = ack.counts();
        assertThat(ack.feedId()).isEqualTo(feed.feedId());
        assertThat(ack.stage()).isEqualTo(Ack.Stage.DELIVERED);
        assertThat(ack.status()).as("DELIVERED ack of %s", feed.feedId()).isNotEqualTo(Ack.Status.REJECTED);
        assertThat(counts.records()).as("records in the DELIVERED ack").isEqualTo(feed.records());
        assertThat(counts.accepted() + counts.rejected() + counts.quarantined()).as("records = accepted + rejected"
                + " + quarantined").isEqualTo(counts.records());
        assertThat(counts.rejected()).as("records rejected").isZero();
        assertThat(ack.rejections()).as("refusals listed in the DELIVERED ack")
                .allSatisfy(r -> assertThat(r.code()).isEqualTo(RejectionCode.UNROUTABLE));
        assertThat(ack.deliveries()).as("deliveries").isNotEmpty()
                .allSatisfy(d -> assertThat(d.status()).as(d.packageId()).isEqualTo("DELIVERED"));
        long routed = 0;
        for (Ack.Delivery delivery : ack.deliveries()) {
            assertThat(gateway.deliveredPackages(delivery.recipient()).stream().map(f -> f.getFileName().toString())
                    .filter(n -> n.startsWith(feed.feedId() + ".")))
                    .as("packages of %s delivered to %s", feed.feedId(), delivery.recipient())
                    .containsExactly(FileNames.of(delivery.packageId(), ".p7m"));
            routed += delivery.records();
        }
        m.counts = String.format("%s: %,d records = %,d accepted + %,d rejected + %,d quarantined; %d packages, %,d"
                        + " records routed", ack.status(), counts.records(), counts.accepted(), counts.rejected(),
                counts.quarantined(), ack.deliveries().size(), routed);
    }

    private static void stagesFromEvents(Connection db, Measured m) throws Exception {
        String feedId = m.feed.feedId();
        String intakeId = null;
        try (PreparedStatement s = db.prepareStatement("SELECT intake_id FROM intakes WHERE feed_id = ?")) {
            s.setString(1, feedId);
            try (ResultSet rs = s.executeQuery()) {
                if (rs.next()) {
                    intakeId = rs.getString(1);
                }
            }
        }
        List<Object[]> events = new ArrayList<>();
        String types = "('FEED_VERIFIED', 'FEED_ROUTED', 'PACKAGE_BUILT', 'PACKAGE_DELIVERED', 'ACK_SIGNED',"
                + " 'ACK_SENT', 'DELIVERY_ATTEMPTED')";
        try (PreparedStatement s = db.prepareStatement("SELECT type, at, detail FROM events WHERE type IN " + types
                + " AND feed_id = ? UNION ALL SELECT type, at, detail FROM event_queue WHERE type IN " + types
                + " AND feed_id = ? AND items IS NULL UNION ALL SELECT type, at, detail FROM events"
                + " WHERE type = 'FEED_RECEIVED' AND intake_id = ? UNION ALL SELECT type, at, detail FROM event_queue"
                + " WHERE type = 'FEED_RECEIVED' AND detail LIKE ?")) {
            s.setString(1, feedId);
            s.setString(2, feedId);
            s.setString(3, intakeId);
            s.setString(4, "%\"" + intakeId + "\"%");
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    events.add(new Object[] {rs.getString(1), rs.getObject(2, OffsetDateTime.class).toInstant(),
                            rs.getString(3)});
                }
            }
        }
        m.stages.put("spooled (FEED_RECEIVED)", first(events, "FEED_RECEIVED", true));
        m.stages.put("verified (FEED_VERIFIED)", first(events, "FEED_VERIFIED", true));
        m.stages.put("RECEIVED ack file", m.receivedAck);
        m.stages.put("routed (FEED_ROUTED)", first(events, "FEED_ROUTED", true));
        m.stages.put("first PACKAGE_BUILT", first(events, "PACKAGE_BUILT", true));
        m.stages.put("last PACKAGE_BUILT", first(events, "PACKAGE_BUILT", false));
        m.stages.put("first DELIVERY_ATTEMPTED", first(events, "DELIVERY_ATTEMPTED", true));
        m.stages.put("last PACKAGE_DELIVERED", first(events, "PACKAGE_DELIVERED", false));
        m.stages.put("DELIVERED ack file", m.deliveredAck);
        m.stages.put("audit drained", m.drained);
        for (Object[] event : events) {
            if (event[0].equals("FEED_ROUTED")) {
                JsonNode detail = WireJson.mapper().readTree((String) event[2]);
                assertThat(detail.path("duplicates").asLong()).as("duplicate tips in " + feedId).isZero();
            }
        }
        if (m.drained != null) {
            m.events = count(db, "SELECT COUNT(*) FROM events WHERE feed_id = ?", feedId)
                    + count(db, "SELECT COUNT(*) FROM events WHERE type = 'FEED_RECEIVED' AND intake_id = ?", intakeId);
        }
    }

    private static Instant first(List<Object[]> events, String type, boolean earliest) {
        Instant found = null;
        for (Object[] event : events) {
            if (event[0].equals(type)) {
                Instant at = (Instant) event[1];
                if (found == null || (earliest ? at.isBefore(found) : at.isAfter(found))) {
                    found = at;
                }
            }
        }
        return found;
    }

    private static long count(Connection db, String sql, Object... args) throws Exception {
        try (PreparedStatement s = db.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                s.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Polls for the two ack files every 5 ms; an ack is renamed into place whole, so its name means it is there. */
    private static final class AckWatch implements Runnable {
        private final Path receivedFile;
        private final Path deliveredFile;
        /** When each file was first seen; read by the measuring thread. */
        volatile Instant received;
        volatile Instant delivered;
        private volatile boolean running = true;

        AckWatch(Path receivedFile, Path deliveredFile) {
            this.receivedFile = receivedFile;
            this.deliveredFile = deliveredFile;
        }

        void stop() {
            running = false;
        }

        @Override
        public void run() {
            while (running && delivered == null) {
                if (received == null && Files.exists(receivedFile)) {
                    received = Instant.now();
                }
                if (delivered == null && Files.exists(deliveredFile)) {
                    delivered = Instant.now();
                }
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    // ---------------------------------------------------------------- memory

    private static long vmHwmKb(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    private static long bytes(String number, String unit) {
        long n = Long.parseLong(number);
        return switch (unit) {
            case "K" -> n << 10;
            case "M" -> n << 20;
            case "G" -> n << 30;
            default -> n;
        };
    }

    private static void readGcLog(GatewayRun run, Path gcLog) throws IOException {
        if (!Files.exists(gcLog)) {
            return;
        }
        for (String line : Files.readAllLines(gcLog)) {
            Matcher sizes = GC_SIZES.matcher(line);
            if (sizes.find()) {
                run.gcPauses++;
                if (line.contains("Pause Full")) {
                    run.fullGcs++;
                }
                run.peakHeapBeforeGcBytes = Math.max(run.peakHeapBeforeGcBytes, bytes(sizes.group(1), sizes.group(2)));
                run.lastAfterGcBytes = bytes(sizes.group(3), sizes.group(4));
                run.heapCommittedMaxBytes = Math.max(run.heapCommittedMaxBytes, bytes(sizes.group(5), sizes.group(6)));
            }
            Matcher exit = EXIT_HEAP.matcher(line);
            if (exit.find()) {
                run.heapAtExitBytes = Long.parseLong(exit.group(2)) << 10;
            }
        }
    }

    // ---------------------------------------------------------------- the report

    private void report(StringBuilder out, ZonedDateTime began, List<String> generation, Feed limitFeed,
                        List<Pass> passes, List<GatewayRun> runs) throws Exception {
        out.append("\n==== TipGate pipeline benchmark (issue 5) ====\n");
        out.append("Date: ").append(began).append('\n');
        out.append(machine()).append('\n');
        out.append("Sizes: ").append(SIZES).append(" records; warm-up feed ").append(WARMUP_RECORDS)
                .append(" records per gateway; gateway JVM -Xmx512m, embedded defaults, H2 file, demo directory,"
                        + " DIRECTORY delivery\n\n");
        out.append("Feeds:\n");
        generation.forEach(g -> out.append("  ").append(g).append('\n'));

        out.append("\n-- Machine limit: one core, one pass over the bytes of ").append(limitFeed.feedId())
                .append(" (JMH 1.37, 1 fork, 3x1 s warm-up, 5x1 s measured) --\n");
        Table limits = new Table("pass", "bytes per op", "ms per op (± 99.9%)", "MB/s", "best iteration MB/s");
        for (Pass p : passes) {
            limits.row(describe(p.name()), String.format("%,d", p.bytes()), String.format("%.1f ± %.1f", p.msPerOp(),
                    p.error()), String.format("%.0f", p.mbPerSecond()), String.format("%.0f", p.bestMbPerSecond()));
        }
        double combined = combinedMbPerSecond(passes);
        double bestCombined = 1 / passes.stream().mapToDouble(p -> 1 / p.bestMbPerSecond()).sum();
        limits.row("combined: all three passes on each byte, one core", "", "", String.format("%.0f", combined),
                String.format("%.0f", bestCombined));
        out.append(limits);
        out.append("  (ratios below are to the mean MB/s; a wide ± or a best iteration far above the mean means other"
                + " work shared the cores)\n");

        out.append("\n-- Pipeline, per feed (times after the end of the upload) --\n");
        Table feeds = new Table("feed", "records", "bytes", "upload ms", "RECEIVED ack ms", "DELIVERED ack ms",
                "records/s", "MB/s", "% of combined", "% of SHA/AES/JSON", "records/s from upload start",
                "audit drained ms", "events");
        for (GatewayRun run : runs) {
            for (Measured m : run.measured) {
                feeds.row(m.feed.feedId(), String.format("%,d", m.feed.records()), String.format("%,d", m.bytes),
                        String.valueOf(Duration.between(m.uploadStart, m.uploadEnd).toMillis()), ms(m, m.receivedAck),
                        ms(m, m.deliveredAck), String.format("%,.0f", m.recordsPerSecond()),
                        String.format("%.1f", m.mbPerSecond()),
                        String.format("%.1f%%", 100 * m.mbPerSecond() / combined),
                        String.format("%.1f/%.1f/%.1f%%", 100 * m.mbPerSecond() / passes.get(0).mbPerSecond(),
                                100 * m.mbPerSecond() / passes.get(1).mbPerSecond(),
                                100 * m.mbPerSecond() / passes.get(2).mbPerSecond()),
                        String.format("%,.0f", m.recordsPerSecondWithUpload()),
                        m.drained == null ? "not drained within " + m.drainCap.toSeconds() + " s" : ms(m, m.drained),
                        m.events < 0 ? "?" : String.format("%,d", m.events));
            }
            Measured median = run.median();
            if (run.measured.size() > 1 && median != null) {
                feeds.row("median of " + run.measured.size() + " (" + String.format("%,d", run.records) + ")",
                        "", "", "", String.format("%.0f", medianOf(run.measured, mm -> mm.seconds(mm.receivedAck))
                                * 1000), ms(median, median.deliveredAck), String.format("%,.0f",
                                median.recordsPerSecond()), String.format("%.1f", median.mbPerSecond()),
                        String.format("%.1f%%", 100 * median.mbPerSecond() / combined), "", "", "", "");
            }
        }
        out.append(feeds);

        out.append("\n-- Stages: ms after the end of the upload (ms since the stage before) --\n");
        List<String> stageNames = new ArrayList<>();
        runs.stream().flatMap(r -> r.measured.stream()).findFirst().ifPresent(m -> stageNames.addAll(m.stages.keySet()));
        List<String> header = new ArrayList<>(List.of("feed"));
        header.addAll(stageNames);
        Table stages = new Table(header.toArray(String[]::new));
        for (GatewayRun run : runs) {
            for (Measured m : run.measured) {
                List<String> cells = new ArrayList<>(List.of(m.feed.feedId()));
                Instant before = m.uploadEnd;
                for (String stage : stageNames) {
                    Instant at = m.stages.get(stage);
                    if (at == null) {
                        cells.add("-");
                    } else {
                        cells.add(String.format("%d (%+d)", Duration.between(m.uploadEnd, at).toMillis(),
                                Duration.between(before, at).toMillis()));
                        before = at;
                    }
                }
                stages.row(cells.toArray(String[]::new));
            }
        }
        out.append(stages);
        out.append("  (events' timestamps are taken when each event is appended, inside its transaction)\n");

        out.append("\n-- Checks of each DELIVERED ack and the recipients' folders --\n");
        for (GatewayRun run : runs) {
            for (Measured m : run.measured) {
                out.append("  ").append(m.feed.feedId()).append(": ").append(m.counts)
                        .append("; one package per recipient in its folder\n");
            }
        }

        out.append("\n-- The gateway's log lines about each feed --\n");
        for (GatewayRun run : runs) {
            for (Measured m : run.measured) {
                out.append("  ").append(m.feed.feedId()).append(":").append(m.logLines.isEmpty() ? " (none)" : "")
                        .append('\n');
                m.logLines.forEach(l -> out.append("    ").append(l.strip()).append('\n'));
            }
        }

        out.append("\n-- Per gateway (JVM -Xmx512m) --\n");
        Table memory = new Table("gateway", "start s", "feeds", "peak heap (GC log)", "heap at exit", "GC pauses/full",
                "peak RSS (VmHWM)", "512 MiB heap cap held", "failure");
        for (GatewayRun run : runs) {
            memory.row(String.format("%,d records", run.records),
                    run.startTime == null ? "-" : String.format("%.1f", run.startTime.toMillis() / 1000.0),
                    (run.warmup == null ? "" : "warm-up + ") + run.measured.size(),
                    mib(run.peakHeapBytes()), mib(run.heapAtExitBytes), run.gcPauses + "/" + run.fullGcs,
                    run.vmHwmKb < 0 ? "-" : String.format("%.0f MiB", run.vmHwmKb / 1024.0),
                    capHeld(run) ? "yes" : "NO" + (run.outOfMemory ? " (OutOfMemoryError)" : ""),
                    run.failure == null ? "" : run.failure.lines().findFirst().orElse(""));
        }
        out.append(memory);

        out.append("\n-- Targets of issue 5 (reported, never asserted) --\n");
        Table targets = new Table("target", "figure", "");
        GatewayRun small = runs.get(0);
        Measured smallMedian = small.median();
        String smallName = String.format("%,d-record feed%s", small.records,
                small.records == 30_000 ? "" : " (target stated for 30,000)");
        if (smallMedian != null) {
            double received = medianOf(small.measured, mm -> mm.seconds(mm.receivedAck));
            targets.row(smallName + ": RECEIVED ack < 1 s after the upload (median)", String.format("%.3f s", received),
                    received < 1 ? "PASS" : "MISS");
            double delivered = smallMedian.seconds(smallMedian.deliveredAck);
            targets.row(smallName + ": DELIVERED ack < 2 s after the upload (median)", String.format("%.3f s",
                    delivered), delivered < 2 ? "PASS" : "MISS");
        } else {
            targets.row(smallName + ": RECEIVED < 1 s, DELIVERED < 2 s", "not measured", "MISS");
        }
        if (runs.size() > 1) {
            GatewayRun big = runs.get(runs.size() - 1);
            String bigName = String.format("%,d-record feed%s", big.records,
                    big.records == 1_000_000 ? "" : " (target stated for 1,000,000)");
            boolean completed = big.completed && capHeld(big) && !big.measured.isEmpty();
            targets.row(bigName + ": completes with the heap capped at 512 MiB", completed
                    ? "completed, peak heap " + mib(big.peakHeapBytes()) : "did not complete: " + big.failure,
                    completed ? "PASS" : "MISS");
            Measured bigOne = big.median();
            if (bigOne != null && smallMedian != null) {
                targets.row(bigName + ": records/s >= the " + String.format("%,d", small.records)
                                + "-record feed's (median)", String.format("%,.0f vs %,.0f", bigOne.recordsPerSecond(),
                                smallMedian.recordsPerSecond()),
                        bigOne.recordsPerSecond() >= smallMedian.recordsPerSecond() ? "PASS" : "MISS");
            } else {
                targets.row(bigName + ": records/s >= the small feed's", "not measured", "MISS");
            }
        } else {
            targets.row("1,000,000-record feed: completes in 512 MiB; records/s >= 30k's", "not run (one size only)",
                    "-");
        }
        for (GatewayRun run : runs) {
            Measured m = run.median();
            if (m != null) {
                double share = m.mbPerSecond() / combined;
                targets.row(String.format("%,d records: end-to-end MB/s >= 25%% of the combined single-pass limit",
                        run.records), String.format("%.1f MB/s = %.1f%% of %.0f MB/s", m.mbPerSecond(), 100 * share,
                        combined), share >= 0.25 ? "PASS" : "MISS");
            }
        }
        out.append(targets);
    }

    private static boolean capHeld(GatewayRun run) {
        return run.completed && !run.outOfMemory;
    }

    private static String describe(String pass) {
        return switch (pass) {
            case "sha256" -> "SHA-256 of the signed feed (64 KiB updates)";
            case "aesGcm" -> "AES-256-GCM encryption of the signed feed (JDK, 64 KiB updates)";
            case "json" -> "JSON parse of every record line (UTF-8 decode + Jackson readTree, strict)";
            default -> pass;
        };
    }

    private static String ms(Measured m, Instant at) {
        return at == null ? "-" : String.valueOf(Duration.between(m.uploadEnd, at).toMillis());
    }

    private static String mib(long bytes) {
        return bytes < 0 ? "-" : String.format("%.0f MiB", bytes / 1048576.0);
    }

    private static double medianOf(List<Measured> measured, ToDoubleFunction<Measured> f) {
        double[] values = measured.stream().mapToDouble(f).sorted().toArray();
        return values.length == 0 ? Double.NaN : values[values.length / 2];
    }

    private static String machine() throws IOException {
        String cpu = "?";
        for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
            if (line.startsWith("model name")) {
                cpu = line.substring(line.indexOf(':') + 1).strip();
                break;
            }
        }
        String os = System.getProperty("os.name") + " " + System.getProperty("os.version");
        Path release = Path.of("/etc/os-release");
        if (Files.exists(release)) {
            for (String line : Files.readAllLines(release)) {
                if (line.startsWith("PRETTY_NAME=")) {
                    os = line.substring(12).replace("\"", "") + " (" + os + ")";
                }
            }
        }
        long memory = ((OperatingSystemMXBean) ManagementFactory
                .getOperatingSystemMXBean()).getTotalMemorySize();
        return String.format("Machine: %d cores (availableProcessors), %s, %.1f GiB memory; JDK %s (%s); %s;"
                        + " load average at the start: %s", Runtime.getRuntime().availableProcessors(), cpu,
                memory / (double) (1L << 30), System.getProperty("java.runtime.version"),
                System.getProperty("java.vendor"), os, Files.readString(Path.of("/proc/loadavg")).strip());
    }

    /** A plain text table, columns padded to their widest cell. */
    private static final class Table {
        private final List<String[]> rows = new ArrayList<>();

        Table(String... header) {
            rows.add(header);
        }

        void row(String... cells) {
            rows.add(cells);
        }

        @Override
        public String toString() {
            int columns = rows.stream().mapToInt(r -> r.length).max().orElse(0);
            int[] widths = new int[columns];
            for (String[] row : rows) {
                for (int i = 0; i < row.length; i++) {
                    widths[i] = Math.max(widths[i], row[i].length());
                }
            }
            StringBuilder out = new StringBuilder();
            for (int r = 0; r < rows.size(); r++) {
                StringBuilder line = new StringBuilder("  ");
                String[] row = rows.get(r);
                for (int i = 0; i < row.length; i++) {
                    line.append(String.format("%-" + Math.max(1, widths[i]) + "s", row[i]));
                    if (i < row.length - 1) {
                        line.append(" | ");
                    }
                }
                out.append(line.toString().stripTrailing()).append('\n');
                if (r == 0) {
                    StringBuilder rule = new StringBuilder("  ");
                    for (int i = 0; i < columns; i++) {
                        rule.append("-".repeat(widths[i])).append(i < columns - 1 ? "-+-" : "");
                    }
                    out.append(rule).append('\n');
                }
            }
            return out.toString();
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
