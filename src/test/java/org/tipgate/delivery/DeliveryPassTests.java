package org.tipgate.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.tipgate.crypto.Digests;
import org.tipgate.directory.Agency;
import org.tipgate.directory.AgencyDirectory;
import org.tipgate.directory.Endpoint;
import org.tipgate.directory.LgdTables;
import org.tipgate.events.EventLog;
import org.tipgate.outbox.Outbox;
import org.tipgate.testing.DemoDirectory;
import org.tipgate.testing.Recipients;
import org.tipgate.testing.RemoteSftpServer;
import org.tipgate.testing.TestDatabases;
import org.tipgate.transport.DeliveryException;
import org.tipgate.transport.PackageTransport;
import org.tipgate.transport.SftpTransport;

/**
 * Delivery passes as the gateway runs them: the flows of routes/delivery.yaml on the
 * {@code tipgate-delivery} pool, over a real outbox. Different recipients are delivered at the same
 * time, never more than the pool's threads; one recipient's packages go one at a time and in order;
 * the timer and the wake-up never run two passes at once; a failing package leaves the others
 * delivered; and feeds are completed only once every delivery of the pass has ended. The transport
 * in most tests is a double that waits (10 s at most) for a second call to be inside it, so that
 * deliveries one after the other show as a missed meeting instead of a hang; one test sends to two
 * real SFTP servers at once through the real {@link SftpTransport}.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DeliveryPassTests {

    private static final Duration MEETING = Duration.ofSeconds(10);
    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");

    @TempDir
    Path dir;

    private final List<AutoCloseable> open = new ArrayList<>();

    static Stream<String> databases() {
        return TestDatabases.names();
    }

    @AfterEach
    void close() throws Exception {
        Collections.reverse(open);
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void recipientsAreDeliveredAtOnceButEachRecipientsPackagesOneAtATimeInOrder(String database) throws Exception {
        MeetingTransport transport = new MeetingTransport(2);
        Pass pass = pass(database, 2, transport, Pass.NO_RECEIPTS);
        pass.add("f1.mp-scc", 37_000_000);
        pass.add("f1.mp-indore", 15_000_000);
        pass.add("f1.dl-ifso", 12_000_000);
        pass.add("f2.mp-scc", 8_000_000);
        pass.add("f2.mp-indore", 6_000_000);
        pass.add("f2.mp-bhopal", 4_000_000);

        Exchange done = pass.run();

        assertThat(done.getException()).isNull();
        assertThat(transport.mostAtOnce.get()).as("two at once, as many as the pool's threads, never more")
                .isEqualTo(2);
        assertThat(transport.mostForOneRecipient.get()).as("one recipient, one delivery at a time").isEqualTo(1);
        // The lanes with the most bytes start first; inside a lane, the claim's order.
        assertThat(transport.started.subList(0, 2)).containsExactlyInAnyOrder("f1.mp-scc", "f1.mp-indore");
        assertThat(transport.started).containsSubsequence("f1.mp-scc", "f2.mp-scc")
                .containsSubsequence("f1.mp-indore", "f2.mp-indore");
        for (String id : pass.ids) {
            assertThat(pass.outbox.get(id).orElseThrow().state()).as(id).isEqualTo(Outbox.State.DELIVERED);
            assertThat(pass.events(id)).as(id).containsExactly("DELIVERY_ATTEMPTED", "PACKAGE_DELIVERED");
        }
        assertThat(pass.completion.calls).singleElement().satisfies(call -> {
            assertThat(call.inFlight()).isZero();
            assertThat(call.states()).containsOnlyKeys(pass.ids).allSatisfy((id, state) ->
                    assertThat(state).isEqualTo("DELIVERED after 1"));
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aFailingPackageLeavesTheOthersDeliveredAndFeedsAreCompletedOnlyOnceEveryDeliveryHasEnded(String database)
            throws Exception {
        MeetingTransport transport = new MeetingTransport(2);
        transport.refuse("mp-scc", new DeliveryException("conflict: another file is already there", false));
        transport.crash("mp-indore", new IllegalStateException("transport bug"));
        Pass pass = pass(database, 2, transport, Pass.NO_RECEIPTS);
        pass.add("f1.mp-scc", 37_000_000);
        pass.add("f1.mp-indore", 15_000_000);
        pass.add("f1.dl-ifso", 12_000_000);
        pass.add("f1.mp-bhopal", 4_000_000);

        Exchange done = pass.run();

        assertThat(done.getException()).isNull();
        assertThat(transport.mostAtOnce.get()).isEqualTo(2);
        assertThat(pass.outbox.get("f1.mp-scc").orElseThrow().state()).isEqualTo(Outbox.State.DEAD);
        assertThat(pass.events("f1.mp-scc")).containsExactly("DELIVERY_ATTEMPTED", "DELIVERY_FAILED",
                "PACKAGE_DEAD_LETTERED");
        // The unexpected exception in a pool thread is recorded as a failed attempt, as it always was.
        Outbox.Entry crashed = pass.outbox.get("f1.mp-indore").orElseThrow();
        assertThat(crashed.state()).isEqualTo(Outbox.State.PENDING);
        assertThat(crashed.attempts()).isEqualTo(1);
        assertThat(crashed.lastError()).contains("IllegalStateException: transport bug");
        assertThat(pass.events("f1.mp-indore")).containsExactly("DELIVERY_ATTEMPTED", "DELIVERY_FAILED");
        for (String id : List.of("f1.dl-ifso", "f1.mp-bhopal")) {
            assertThat(pass.outbox.get(id).orElseThrow().state()).as(id).isEqualTo(Outbox.State.DELIVERED);
        }
        assertThat(pass.completion.calls).singleElement().satisfies(call -> {
            assertThat(call.inFlight()).isZero();
            assertThat(call.states()).containsExactlyInAnyOrderEntriesOf(Map.of("f1.mp-scc", "DEAD after 1",
                    "f1.mp-indore", "PENDING after 1", "f1.dl-ifso", "DELIVERED after 1",
                    "f1.mp-bhopal", "DELIVERED after 1"));
        });
    }

    @Test
    void anExceptionEscapingOneDeliveryFailsThePassOnlyOnceTheOthersHaveEnded() throws Exception {
        MeetingTransport transport = new MeetingTransport(2);
        transport.answer("mp-scc", "a receipt".getBytes(StandardCharsets.UTF_8));
        Pass pass = pass("H2", 2, transport, (recipient, body) -> {
            throw new IllegalStateException("receipt store unavailable");
        });
        pass.add("f1.mp-scc", 37_000_000);
        pass.add("f1.mp-indore", 15_000_000);
        pass.add("f1.dl-ifso", 12_000_000);

        Exchange done = pass.run();

        // Not lost in a pool thread: the pass itself fails with it, and Camel's error handler logs it.
        // (What escapes is the outbox refusing to record a failure for a package it has as delivered:
        // the receipt step runs inside the attempt's handling of unexpected exceptions.)
        assertThat(done.getException()).isNotNull().hasStackTraceContaining("f1.mp-scc");
        assertThat(transport.mostAtOnce.get()).isEqualTo(2);
        for (String id : pass.ids) {
            assertThat(pass.outbox.get(id).orElseThrow().state()).as(id).isEqualTo(Outbox.State.DELIVERED);
        }
        // As before, a failed pass leaves completing the feeds to the next one.
        assertThat(pass.completion.calls).isEmpty();
    }

    @Test
    void theTimerAndTheWakeUpRunOnePassAtATime() throws Exception {
        MeetingTransport transport = new MeetingTransport(0);
        CountDownLatch firstInside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        transport.hold("f1.mp-scc", firstInside, release);
        Pass pass = pass(new DefaultCamelContext(), "H2", allDirectory(), 2, transport, Pass.NO_RECEIPTS, true);
        pass.add("f1.mp-scc", 37_000_000);
        assertThat(firstInside.await(30, TimeUnit.SECONDS)).isTrue();

        try {
            pass.add("f2.dl-ifso", 4_000_000);
            pass.camel.createProducerTemplate().sendBody("seda:feed-packaged?size=1&discardWhenFull=true", "packaged");
            // Through twenty ticks of the timer and packaging's wake-up, no second pass starts ...
            Awaitility.await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                assertThat(transport.started).containsExactly("f1.mp-scc");
                assertThat(pass.outbox.get("f2.dl-ifso").orElseThrow().leaseUntil()).isNull();
            });
        } finally {
            release.countDown();
        }

        // ... but one does once the first has ended.
        awaitState(pass, "f2.dl-ifso", Outbox.State.DELIVERED);
        assertThat(pass.outbox.get("f1.mp-scc").orElseThrow().state()).isEqualTo(Outbox.State.DELIVERED);
        assertThat(transport.mostAtOnce.get()).isEqualTo(1);
        assertThat(pass.completion.calls).isNotEmpty().allSatisfy(call -> assertThat(call.inFlight()).isZero());
    }

    @Test
    void thePoolHasItsNameAndItsSizeAndStopsWithCamel() throws Exception {
        CamelContext camel = new DefaultCamelContext();
        camel.start();
        DeliveryPool pool = DeliveryPool.bind(camel, 3);

        assertThat(camel.getRegistry().lookupByNameAndType(DeliveryPool.NAME, ExecutorService.class))
                .isSameAs(pool.threads());
        assertThat(pool.threads()).isInstanceOfSatisfying(ThreadPoolExecutor.class, threads -> {
            assertThat(threads.getCorePoolSize()).isEqualTo(3);
            assertThat(threads.getMaximumPoolSize()).isEqualTo(3);
        });
        assertThat(pool.threads().submit(() -> Thread.currentThread().getName()).get(10, TimeUnit.SECONDS))
                .contains(DeliveryPool.NAME);

        camel.stop();
        assertThat(pool.threads().isShutdown()).isTrue();
    }

    @Test
    void claimedPackagesFormOneLanePerRecipientInClaimOrderWithTheMostBytesFirst() {
        List<Outbox.Entry> claimed = List.of(entry("f1.dl-ifso", 12), entry("f1.mp-indore", 15),
                entry("f1.mp-scc", 30), entry("f2.mp-indore", 20), entry("f2.mp-scc", 1));

        assertThat(Deliverer.lanes(claimed)).extracting(lane -> lane.stream().map(Outbox.Entry::packageId).toList())
                .containsExactly(List.of("f1.mp-indore", "f2.mp-indore"), List.of("f1.mp-scc", "f2.mp-scc"),
                        List.of("f1.dl-ifso"));
    }

    @Test
    void twoSftpRecipientsAreDeliveredAtOnceThroughTheRealTransport() throws Exception {
        RemoteSftpServer state = RemoteSftpServer.start("mpscc", Path.of("keys-example/tipgate.ssh.pub"),
                dir.resolve("mp-scc-server"));
        open.add(state);
        RemoteSftpServer indore = RemoteSftpServer.start("indore", Path.of("keys-example/tipgate.ssh.pub"),
                dir.resolve("indore-server"));
        open.add(indore);
        Files.createDirectories(state.root().resolve("incoming"));
        Files.createDirectories(indore.root().resolve("tips"));
        // Each server holds the first upload it sees until the other has one too (10 s at most).
        CountDownLatch uploading = new CountDownLatch(2);
        List<String> met = Collections.synchronizedList(new ArrayList<>());
        for (RemoteSftpServer server : List.of(state, indore)) {
            server.onWrite(path -> {
                uploading.countDown();
                try {
                    if (uploading.await(MEETING.toSeconds(), TimeUnit.SECONDS)) {
                        met.add(path);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        Path directory = Files.writeString(dir.resolve("agencies.yaml"), DemoDirectory.withEndpoint(
                DemoDirectory.withEndpoint(DemoDirectory.text(), "mp-scc", sftp(state, "mpscc", "incoming")),
                "mp-indore", sftp(indore, "indore", "tips")));
        CamelContext camel = new DefaultCamelContext();
        SftpTransport transport = new SftpTransport(camel, Path.of("."), Path.of("keys-example/tipgate.ssh"),
                Duration.ofSeconds(5), Duration.ofSeconds(30));
        Pass pass = pass(camel, "H2", directory, 2, transport, Pass.NO_RECEIPTS, false);
        Path statePackage = pass.add("f1.mp-scc", 3 * 1024 * 1024 + 5);
        Path indorePackage = pass.add("f1.mp-indore", 2 * 1024 * 1024 + 7);

        Exchange done = pass.run();

        assertThat(done.getException()).isNull();
        assertThat(met).as("both servers had an upload in progress at once")
                .containsExactlyInAnyOrder("/incoming/.f1.mp-scc.p7m.part", "/tips/.f1.mp-indore.p7m.part");
        assertThat(state.root().resolve("incoming/f1.mp-scc.p7m")).hasSameBinaryContentAs(statePackage);
        assertThat(indore.root().resolve("tips/f1.mp-indore.p7m")).hasSameBinaryContentAs(indorePackage);
        assertThat(names(state.root().resolve("incoming"))).containsExactly("f1.mp-scc.p7m");
        assertThat(names(indore.root().resolve("tips"))).containsExactly("f1.mp-indore.p7m");
        for (String id : pass.ids) {
            assertThat(pass.outbox.get(id).orElseThrow().state()).as(id).isEqualTo(Outbox.State.DELIVERED);
        }
        assertThat(pass.completion.calls).singleElement();
    }

    private static String sftp(RemoteSftpServer server, String user, String remoteDir) {
        try {
            return "{type: SFTP, host: 127.0.0.1, port: " + server.port() + ", user: " + user + ", remoteDir: "
                    + remoteDir + ", knownHosts: " + server.writeKnownHosts(server.root().resolveSibling(user
                    + ".known_hosts")) + "}";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> names(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    private static Outbox.Entry entry(String packageId, long bytes) {
        return new Outbox.Entry(packageId, packageId.substring(0, packageId.indexOf('.')),
                packageId.substring(packageId.indexOf('.') + 1), 1, "a".repeat(64), bytes, packageId + ".p7m", NOW,
                Outbox.State.PENDING, 0, NOW, null, null, null, null, NOW.plusSeconds(900), null, null);
    }

    private static void awaitState(Pass pass, String packageId, Outbox.State state) {
        Awaitility.await(packageId + " " + state).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
                .until(() -> pass.outbox.get(packageId).orElseThrow().state() == state);
    }

    private Pass pass(String database, int parallelism, PackageTransport transport,
                      BiFunction<String, byte[], String> receipts) throws Exception {
        return pass(new DefaultCamelContext(), database, allDirectory(), parallelism, transport, receipts, false);
    }

    /** The demo directory with every recipient on a DIRECTORY endpoint, as this class's transports serve. */
    private Path allDirectory() throws IOException {
        return Files.writeString(dir.resolve("all-directory.yaml"), DemoDirectory.everyRecipientOnDirectory());
    }

    /** With {@code wholeFlow}, the timer (every 50 ms) and the wake-up run passes; else only the test does. */
    private Pass pass(CamelContext camel, String database, Path directory, int parallelism, PackageTransport transport,
                      BiFunction<String, byte[], String> receipts, boolean wholeFlow) throws Exception {
        open.add(camel::stop);
        return new Pass(camel, TestDatabases.fresh(database), directory, dir.resolve("packages"), parallelism,
                transport, receipts, wholeFlow);
    }

    /** The delivery-pass flow with its beans, on a fresh database; {@link #run} runs one pass. */
    static final class Pass {

        static final BiFunction<String, byte[], String> NO_RECEIPTS = (recipient, body) -> "none expected";

        final CamelContext camel;
        final Outbox outbox;
        final EventLog events;
        final Path packages;
        final CompletionProbe completion;
        final List<String> ids = new CopyOnWriteArrayList<>();

        Pass(CamelContext camel, TestDatabases.Database db, Path directory, Path packages, int parallelism,
             PackageTransport transport, BiFunction<String, byte[], String> receipts, boolean wholeFlow)
                throws Exception {
            JdbcTemplate jdbc = new JdbcTemplate(db.dataSource());
            TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(db.dataSource()));
            this.camel = camel;
            this.outbox = new Outbox(jdbc, Clock.fixed(NOW, ZoneOffset.UTC),
                    new Outbox.Backoff(Duration.ofSeconds(2), Duration.ofSeconds(10), 4), "node-a");
            this.events = new EventLog(jdbc, Clock.systemUTC());
            this.packages = Files.createDirectories(packages);
            AgencyDirectory agencies = AgencyDirectory.load(directory, Path.of("."), LgdTables.bundled(),
                    Clock.systemUTC());
            Deliverer deliverer = new Deliverer(agencies, List.of(transport), outbox, events, tx, packages,
                    new Deliverer.Settings(16, Duration.ofMinutes(15)), receipts);
            MeetingTransport meeting = transport instanceof MeetingTransport m ? m : null;
            this.completion = new CompletionProbe(outbox, ids, meeting);
            camel.getPropertiesComponent().addInitialProperty("tipgate.delivery.poll-millis",
                    wholeFlow ? "50" : "3600000");
            camel.getRegistry().bind("deliverer", deliverer);
            camel.getRegistry().bind("feedCompletion", completion);
            DeliveryPool.bind(camel, parallelism);
            PluginHelper.getRoutesLoader(camel).loadRoutes(
                    ResourceHelper.resolveMandatoryResource(camel, "file:routes/delivery.yaml"));
            if (wholeFlow) {
                camel.start();
                return;
            }
            // Only the pass: the test runs it; no timer, no wake-up.
            camel.setAutoStartup(false);
            camel.start();
            camel.getRouteController().startRoute("delivery-pass");
        }

        /** Puts a package for {@code <feed>.<recipient>} in the outbox, and its file (a little of it) in the folder. */
        Path add(String packageId, long bytes) throws IOException {
            int dot = packageId.indexOf('.');
            Path file = Recipients.packageFile(packages, packageId + ".p7m",
                    (int) Math.min(bytes, 4 * 1024 * 1024), packageId.hashCode());
            outbox.add(packageId, packageId.substring(0, dot), packageId.substring(dot + 1), 1,
                    Digests.sha256Hex(file), bytes, packageId + ".p7m");
            ids.add(packageId);
            return file;
        }

        Exchange run() {
            return camel.createProducerTemplate().send("direct:delivery-pass", exchange -> { });
        }

        List<String> events(String packageId) {
            return Stream.of("f1", "f2").flatMap(feed -> events.byFeed(feed).stream())
                    .filter(r -> packageId.equals(r.event().packageId()))
                    .map(r -> r.event().type().name()).toList();
        }
    }

    /** Stands in for FeedCompletion: notes what the outbox and the transport looked like when called. */
    public static final class CompletionProbe {

        record Call(int inFlight, Map<String, String> states) {
        }

        final List<Call> calls = Collections.synchronizedList(new ArrayList<>());
        private final Outbox outbox;
        private final List<String> ids;
        private final MeetingTransport transport;

        CompletionProbe(Outbox outbox, List<String> ids, MeetingTransport transport) {
            this.outbox = outbox;
            this.ids = ids;
            this.transport = transport;
        }

        public int completeSettled() {
            Map<String, String> states = new ConcurrentHashMap<>();
            for (String id : ids) {
                Outbox.Entry e = outbox.get(id).orElseThrow();
                states.put(id, e.state() + " after " + e.attempts());
            }
            calls.add(new Call(transport == null ? 0 : transport.inFlight.get(), states));
            return 0;
        }
    }

    /**
     * A DIRECTORY transport double that notes who is inside it: each call waits until {@code meet}
     * calls have come in (10 s at most), then answers as told for its recipient (delivered, a
     * refusal, an unexpected exception) or as a test holds it.
     */
    static final class MeetingTransport implements PackageTransport {

        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger mostAtOnce = new AtomicInteger();
        final AtomicInteger mostForOneRecipient = new AtomicInteger();
        final List<String> started = Collections.synchronizedList(new ArrayList<>());
        final List<String> log = Collections.synchronizedList(new ArrayList<>());
        private final CountDownLatch meeting;
        private final Map<String, AtomicInteger> perRecipient = new ConcurrentHashMap<>();
        private final Map<String, DeliveryException> refusals = new ConcurrentHashMap<>();
        private final Map<String, RuntimeException> crashes = new ConcurrentHashMap<>();
        private final Map<String, byte[]> answers = new ConcurrentHashMap<>();
        private final Map<String, CountDownLatch[]> holds = new ConcurrentHashMap<>();

        MeetingTransport(int meet) {
            this.meeting = new CountDownLatch(meet);
        }

        void refuse(String recipient, DeliveryException e) {
            refusals.put(recipient, e);
        }

        void crash(String recipient, RuntimeException e) {
            crashes.put(recipient, e);
        }

        void answer(String recipient, byte[] body) {
            answers.put(recipient, body);
        }

        /** The package's call says it is inside, then waits (60 s at most) until released. */
        void hold(String packageId, CountDownLatch inside, CountDownLatch release) {
            holds.put(packageId + ".p7m", new CountDownLatch[] {inside, release});
        }

        @Override
        public Endpoint.Type type() {
            return Endpoint.Type.DIRECTORY;
        }

        @Override
        public Delivered deliver(Agency recipient, Endpoint endpoint, String fileName, Path packageFile)
                throws DeliveryException {
            mostAtOnce.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            mostForOneRecipient.accumulateAndGet(perRecipient.computeIfAbsent(recipient.id(),
                    r -> new AtomicInteger()).incrementAndGet(), Math::max);
            String packageId = fileName.substring(0, fileName.length() - ".p7m".length());
            started.add(packageId);
            log.add("start " + packageId);
            try {
                meeting.countDown();
                meeting.await(MEETING.toSeconds(), TimeUnit.SECONDS);
                CountDownLatch[] hold = holds.get(fileName);
                if (hold != null) {
                    hold[0].countDown();
                    hold[1].await(60, TimeUnit.SECONDS);
                }
                if (crashes.containsKey(recipient.id())) {
                    throw crashes.get(recipient.id());
                }
                if (refusals.containsKey(recipient.id())) {
                    throw refusals.get(recipient.id());
                }
                return new Delivered("test:" + recipient.id() + "/" + fileName,
                        answers.getOrDefault(recipient.id(), new byte[0]));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DeliveryException("interrupted", true, e);
            } finally {
                log.add("end " + packageId);
                perRecipient.get(recipient.id()).decrementAndGet();
                inFlight.decrementAndGet();
            }
        }
    }
}
