package org.tipgate.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.tipgate.format.Ack;
import org.tipgate.format.FeedHeader;
import org.tipgate.format.RejectionCode;

/**
 * Records are checked on worker threads and applied in line order on the reading thread: whatever
 * the number of workers, the batches and the feeds read at the same time, the listener and the
 * summary must see exactly what {@link SequentialReference}, checking one record after another,
 * sees.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class FeedContentReaderParallelTests {

    private static final Function<JsonNode, List<String>> SCHEMA = Feeds.VALIDATOR::validate;
    private static final FeedLimits DEFAULTS = FeedLimits.defaults();

    @Test
    void givesTheSequentialResultForMixedFeedsWhateverTheNumberOfWorkers() throws IOException {
        for (long seed = 1; seed <= 3; seed++) {
            byte[] content = mixedFeed(seed, 1_500 + (int) seed * 400);
            SequentialReference.Result expected = SequentialReference.read(content, DEFAULTS);
            assertThat(expected.summary().rejected()).as("the feed mixes verdicts").isGreaterThan(100);
            assertThat(expected.summary().accepted()).isGreaterThan(500);
            for (int workers = 1; workers <= 3; workers++) {
                FeedContentReader reader = new FeedContentReader(SCHEMA, DEFAULTS, workers);
                SequentialReference.Calls calls = new SequentialReference.Calls();
                FeedContent summary = reader.read(new ByteArrayInputStream(content), calls);
                assertSame(expected, summary, calls, "seed " + seed + ", " + workers + " workers");
                assertThat(calls.threads).containsExactly(Thread.currentThread());
            }
        }
    }

    @Test
    void tellsTheListenerInLineOrderOnTheReadingThread() throws IOException {
        byte[] content = mixedFeed(9, 2_000);
        List<Long> lines = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        FeedContentListener listener = new FeedContentListener() {
            @Override
            public void header(FeedHeader header) {
                threads.add(Thread.currentThread());
                lines.add(1L);
            }

            @Override
            public void accepted(long line, String tipId, byte[] raw, JsonNode record) {
                threads.add(Thread.currentThread());
                lines.add(line);
            }

            @Override
            public void rejected(Ack.Rejection rejection) {
                threads.add(Thread.currentThread());
                lines.add(rejection.line());
            }
        };

        FeedContent summary = new FeedContentReader(SCHEMA, DEFAULTS, 2).read(new ByteArrayInputStream(content), listener);

        assertThat(lines).hasSize((int) summary.records() + 1).isSorted().doesNotHaveDuplicates();
        assertThat(threads).containsOnly(Thread.currentThread());
    }

    @Test
    void decidesDuplicatesThatAreAlsoBrokenAsBeforeAcrossBatchBoundaries() throws IOException {
        List<String> good = Feeds.generated(41, 600);
        List<String> lines = new ArrayList<>(good);
        // Each copy lands in a later batch than its original (a batch holds at most 256 lines).
        lines.add(good.get(5));                                   // duplicate
        lines.add(invalid(good.get(6)));                          // duplicate and invalid: DUPLICATE_TIP
        lines.add(good.get(7).substring(0, 100));                 // duplicate but unparseable: RECORD_INVALID "the line ..."
        lines.add(invalid(good.get(599)));                        // duplicate of a line a few lines up
        lines.add("");                                            // blank, between records
        lines.add(good.get(300).replace("\"tipId\":\"", "\"tipId\":\"x")); // no usable tipId, invalid
        lines.add(good.get(0));
        byte[] content = Feeds.content(lines);

        SequentialReference.Calls calls = new SequentialReference.Calls();
        FeedContent summary = new FeedContentReader(SCHEMA, DEFAULTS, 2).read(new ByteArrayInputStream(content), calls);

        assertSame(SequentialReference.read(content, DEFAULTS), summary, calls, "duplicates");
        assertThat(summary.rejections()).extracting(Ack.Rejection::line, Ack.Rejection::code).containsExactly(
                tuple(602L, RejectionCode.DUPLICATE_TIP),
                tuple(603L, RejectionCode.DUPLICATE_TIP),
                tuple(604L, RejectionCode.RECORD_INVALID),
                tuple(605L, RejectionCode.DUPLICATE_TIP),
                tuple(606L, RejectionCode.RECORD_INVALID),
                tuple(607L, RejectionCode.RECORD_INVALID),
                tuple(608L, RejectionCode.DUPLICATE_TIP));
        assertThat(summary.rejections().get(2).reason()).startsWith("the line ");
        assertThat(summary.rejections().get(3).tipId()).isEqualTo(FeedContentReaderTests.tipId(good.get(599)));
        assertThat(summary.rejections().get(4).reason()).isEqualTo("the line is blank");
    }

    @Test
    void stopsAtTheRecordLimitInTheMiddleOfABatch() throws IOException {
        byte[] content = withHeader(mixedFeed(12, 700), 300);
        FeedLimits limits = new FeedLimits(DEFAULTS.maxLineBytes(), 300, DEFAULTS.maxContentBytes());
        SequentialReference.Result expected = SequentialReference.read(content, limits);
        SequentialReference.Calls calls = new SequentialReference.Calls();

        FeedContent summary = new FeedContentReader(SCHEMA, limits, 2).read(new ByteArrayInputStream(content), calls);

        assertSame(expected, summary, calls, "record limit");
        assertThat(summary.feedRejection()).isEqualTo(new Ack.Rejection(null, null, RejectionCode.TOO_LARGE,
                "the content has more than the limit of 300 records"));
        assertThat(summary.records()).isEqualTo(300);
        assertThat(summary.accepted() + summary.rejected()).isEqualTo(300);
        assertThat(summary.contentBytes()).isEqualTo(content.length);
    }

    @Test
    void stopsAtALineTooLongInTheMiddleOfABatch() throws IOException {
        List<String> lines = new ArrayList<>(Feeds.generated(43, 700));
        lines.set(400, Feeds.line(Feeds.exampleRecord().put("padding", "x".repeat(10_000))));
        lines.add(401, "");
        lines.add(399, "");
        byte[] content = Feeds.content(lines);
        FeedLimits limits = new FeedLimits(8_192, 1_000, DEFAULTS.maxContentBytes());
        SequentialReference.Calls calls = new SequentialReference.Calls();

        FeedContent summary = new FeedContentReader(SCHEMA, limits, 2).read(new ByteArrayInputStream(content), calls);

        assertSame(SequentialReference.read(content, limits), summary, calls, "line too long");
        // Line 403 holds the long record; line 401 is blank and counts, since a record follows it.
        assertThat(summary.feedRejection()).isEqualTo(new Ack.Rejection(null, null, RejectionCode.TOO_LARGE,
                "line 403 is longer than the limit of 8192 bytes"));
        assertThat(summary.records()).isEqualTo(401);
        assertThat(summary.accepted()).isEqualTo(400);
        assertThat(summary.rejections()).containsExactly(
                new Ack.Rejection(401L, null, RejectionCode.RECORD_INVALID, "the line is blank"));
    }

    @Test
    void stopsAtTheContentLimitInTheMiddleOfABatch() throws IOException {
        byte[] content = mixedFeed(14, 1_000);
        long limit = 1_000_000;
        SequentialReference.Calls calls = new SequentialReference.Calls();

        FeedContent summary = new FeedContentReader(SCHEMA, new FeedLimits(DEFAULTS.maxLineBytes(), 10_000, limit), 2)
                .read(new ByteArrayInputStream(content), calls);

        // The stream is read 64 KiB at a time: the limit shows when the read that passes it is made,
        // and the line that read was for is where reading stops.
        long chunk = 64 * 1024;
        long passing = (limit / chunk) * chunk;
        List<byte[]> lines = SequentialReference.lines(content);
        int stop = lineHolding(content, passing);
        byte[] before = prefix(content, lines, stop);
        SequentialReference.Result reference = SequentialReference.read(before, DEFAULTS);
        assertThat(calls.calls).as("listener calls").isEqualTo(reference.calls());
        FeedContent unlimited = reference.summary();
        assertThat(summary).isEqualTo(new FeedContent(unlimited.header(), new Ack.Rejection(null, null,
                RejectionCode.TOO_LARGE, "the content is longer than the limit of 1000000 bytes"), unlimited.records(),
                unlimited.accepted(), unlimited.rejected(), unlimited.rejections(), content.length));
        assertThat(summary.records()).isGreaterThan(RecordBatch.MAX_RECORDS);
    }

    @Test
    void readsSeveralFeedsAtOnceOnOneReader() throws Exception {
        FeedContentReader reader = new FeedContentReader(SCHEMA, DEFAULTS, 2);
        int feeds = 4;
        List<byte[]> contents = new ArrayList<>();
        List<SequentialReference.Result> expected = new ArrayList<>();
        for (int i = 0; i < feeds; i++) {
            contents.add(mixedFeed(20 + i, 1_200 + 300 * i));
            expected.add(SequentialReference.read(contents.get(i), DEFAULTS));
        }
        CyclicBarrier start = new CyclicBarrier(feeds);
        ExecutorService readers = Executors.newFixedThreadPool(feeds);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < feeds; i++) {
                int feed = i;
                done.add(readers.submit(() -> {
                    SequentialReference.Calls calls = new SequentialReference.Calls();
                    start.await();
                    // A slow listener on one feed must not hold up the others.
                    FeedContentListener listener = feed == 0 ? slow(calls) : calls;
                    FeedContent summary = reader.read(new ByteArrayInputStream(contents.get(feed)), listener);
                    assertSame(expected.get(feed), summary, calls, "feed " + feed);
                    assertThat(calls.threads).containsExactly(Thread.currentThread());
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(120, TimeUnit.SECONDS);
            }
        } finally {
            readers.shutdownNow();
        }
    }

    @Test
    void throwsTheStreamsFailureAfterTellingTheListenerAboutEveryLineBeforeItAndLeavesNoWorkerBusy() throws Exception {
        byte[] content = mixedFeed(30, 2_000);
        int failAt = content.length / 2;
        IOException failure = new IOException("connection reset");
        // Slow checks, so that the window is full of batches when the stream fails.
        Function<JsonNode, List<String>> slow = record -> {
            LockSupport.parkNanos(200_000);
            return SCHEMA.apply(record);
        };
        FeedContentReader reader = new FeedContentReader(slow, DEFAULTS, 2);
        SequentialReference.Calls calls = new SequentialReference.Calls();

        assertThatThrownBy(() -> reader.read(new FailingStream(content, failAt, failure), calls)).isSameAs(failure);

        List<byte[]> lines = SequentialReference.lines(content);
        byte[] before = prefix(content, lines, lineHolding(content, failAt));
        assertThat(calls.calls).isEqualTo(SequentialReference.read(before, DEFAULTS).calls());
        assertThat(calls.threads).containsExactly(Thread.currentThread());
        awaitIdle(reader);
        // The reader is still fine for the next feed.
        SequentialReference.Calls next = new SequentialReference.Calls();
        byte[] other = mixedFeed(31, 800);
        assertSame(SequentialReference.read(other, DEFAULTS), reader.read(new ByteArrayInputStream(other), next), next,
                "after a failure");
    }

    @Test
    void throwsAFailureOfTheCheckWhereCheckingOneRecordAfterAnotherWould() throws Exception {
        List<String> good = Feeds.generated(50, 900);
        List<String> lines = new ArrayList<>(good);
        String trap = FeedContentReaderTests.tipId(good.get(700));
        // A duplicate whose check would fail is still only a duplicate, as before.
        lines.set(650, good.get(3).replaceFirst("\\{", "{\"trap\":1,"));
        byte[] content = Feeds.content(lines);
        for (Throwable thrown : List.of(new IllegalStateException("check failed"), new StackOverflowError())) {
            // Throws for the record on line 702, and for the duplicate on line 652.
            Function<JsonNode, List<String>> check = record -> {
                if (record.has("trap") || record.path("tipId").asText().equals(trap)) {
                    throw sneaky(thrown);
                }
                return SCHEMA.apply(record);
            };
            FeedContentReader reader = new FeedContentReader(check, DEFAULTS, 2);
            SequentialReference.Calls calls = new SequentialReference.Calls();

            assertThatThrownBy(() -> reader.read(new ByteArrayInputStream(content), calls)).isSameAs(thrown);

            byte[] before = prefix(content, SequentialReference.lines(content), 702);
            assertThat(calls.calls).isEqualTo(SequentialReference.read(before, DEFAULTS).calls());
            assertThat(calls.calls.get(calls.calls.size() - 1).line()).isEqualTo(701L);
            assertThat(calls.calls).filteredOn(c -> c.rejection() != null).singleElement()
                    .satisfies(c -> assertThat(c.rejection().code()).isEqualTo(RejectionCode.DUPLICATE_TIP));
            awaitIdle(reader);
        }
    }

    @Test
    void stopsReadingAheadWhileItsBatchesWaitForWorkers() throws Exception {
        byte[] content = Feeds.content(Feeds.generated(60, 3_000));
        CountDownLatch release = new CountDownLatch(1);
        Function<JsonNode, List<String>> held = record -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return SCHEMA.apply(record);
        };
        FeedContentReader reader = new FeedContentReader(held, DEFAULTS, 1);
        AtomicLong consumed = new AtomicLong();
        InputStream counting = new ByteArrayInputStream(content) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                int n = super.read(b, off, len);
                consumed.addAndGet(Math.max(n, 0));
                return n;
            }
        };
        ExecutorService caller = Executors.newSingleThreadExecutor();
        try {
            Future<FeedContent> read = caller.submit(() -> reader.read(counting, FeedContentListener.NONE));
            Awaitility.await("the reader's first read").atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(10)).until(() -> consumed.get() > 0);
            long seen;
            do {
                seen = consumed.get();
                Thread.sleep(300);
            } while (consumed.get() != seen);
            // One worker: two batches handed over, one being filled, one buffer of the stream.
            long bound = 3L * (RecordBatch.MAX_BYTES + 16 * 1024) + 64 * 1024;
            assertThat(seen).isLessThan(bound).isLessThan(content.length / 4);
            assertThat(read).isNotDone();
            release.countDown();
            assertThat(read.get(60, TimeUnit.SECONDS).accepted()).isEqualTo(3_000);
        } finally {
            release.countDown();
            caller.shutdownNow();
        }
    }

    @Test
    void namesItsWorkersAndMakesThemDaemons() throws IOException {
        new FeedContentReader(SCHEMA, DEFAULTS, 2).read(new ByteArrayInputStream(mixedFeed(70, 600)), FeedContentListener.NONE);
        List<Thread> workers = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("record-validator-")).toList();
        assertThat(workers).isNotEmpty().allSatisfy(t -> assertThat(t.isDaemon()).isTrue());
    }

    // ---------------------------------------------------------------------------------------------

    /** A feed with valid, invalid, unparseable, blank and duplicate lines, LF or CRLF, at random. */
    static byte[] mixedFeed(long seed, int size) {
        SplittableRandom random = new SplittableRandom(seed);
        List<String> generated = Feeds.generated(seed, size);
        List<byte[]> lines = new ArrayList<>();
        for (String record : generated) {
            int kind = random.nextInt(100);
            byte[] line;
            if (kind < 55 || lines.isEmpty()) {
                line = utf8(record);
            } else if (kind < 65) {
                line = utf8(invalid(record));
            } else if (kind < 75) {
                line = unparseable(record, random);
            } else if (kind < 82) {
                line = utf8(List.of("", " ", "\t", "  \t ").get(random.nextInt(4)));
            } else {
                // The tipId of an earlier record, as it was, broken, or unparseable.
                String earlier = generated.get(random.nextInt(Math.max(1, lines.size())));
                int how = random.nextInt(3);
                line = how == 0 ? utf8(earlier) : how == 1 ? utf8(invalid(earlier)) : unparseable(earlier, random);
            }
            lines.add(line);
        }
        int trailingBlanks = random.nextInt(3);
        for (int i = 0; i < trailingBlanks; i++) {
            lines.add(utf8(" "));
        }
        int recordCount = lines.size() - trailingBlanks + (random.nextInt(4) == 0 ? 1 : 0);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(utf8(Feeds.header(recordCount)));
        out.writeBytes(utf8("\n"));
        for (int i = 0; i < lines.size(); i++) {
            out.writeBytes(lines.get(i));
            boolean last = i == lines.size() - 1;
            if (!last || random.nextBoolean()) {
                out.writeBytes(utf8(random.nextInt(5) == 0 ? "\r\n" : "\n"));
            }
        }
        return out.toByteArray();
    }

    /** Breaks the schema (several ways at random by content) but keeps the tipId. */
    static String invalid(String record) {
        return switch (Math.floorMod(record.hashCode(), 3)) {
            case 0 -> record.replace("\"schemaVersion\":\"1\"", "\"schemaVersion\":\"2\"");
            case 1 -> record.replaceFirst("\\{", "{\"unknown\":true,");
            default -> record.replace("\"receivedAt\":\"", "\"receivedAt\":\"x");
        };
    }

    private static byte[] unparseable(String record, SplittableRandom random) {
        return switch (random.nextInt(5)) {
            case 0 -> utf8(record.substring(0, record.length() / 2));
            case 1 -> utf8(record + " {}");
            case 2 -> utf8("\uFEFF" + record);
            case 3 -> {
                byte[] bytes = utf8(record);
                bytes[bytes.length / 2] = (byte) 0xff;
                yield bytes;
            }
            default -> utf8(record.replaceFirst("\\{", "{\"tipId\":\"1\","));
        };
    }

    /** The content with a header that declares {@code recordCount} records. */
    private static byte[] withHeader(byte[] content, long recordCount) {
        int newline = 0;
        while (content[newline] != '\n') {
            newline++;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(utf8(Feeds.header(recordCount)));
        out.write(content, newline, content.length - newline);
        return out.toByteArray();
    }

    /** The 1-based number of the line that byte {@code offset} of the content belongs to. */
    private static int lineHolding(byte[] content, long offset) {
        int line = 1;
        for (int i = 0; i < offset; i++) {
            if (content[i] == '\n') {
                line++;
            }
        }
        return line;
    }

    /** The content up to the end of the line before line {@code stop}, with its terminator. */
    private static byte[] prefix(byte[] content, List<byte[]> lines, int stop) {
        int end = 0;
        for (int line = 1; line < stop; line++) {
            while (content[end] != '\n') {
                end++;
            }
            end++;
        }
        assertThat(lines.size()).isGreaterThanOrEqualTo(stop - 1);
        return Arrays.copyOf(content, end);
    }

    private static void assertSame(SequentialReference.Result expected, FeedContent summary,
            SequentialReference.Calls calls, String what) {
        List<SequentialReference.Call> want = expected.calls();
        for (int i = 0; i < Math.min(want.size(), calls.calls.size()); i++) {
            if (!want.get(i).equals(calls.calls.get(i))) {
                fail(what + ": listener call " + i + " differs: expected " + brief(want.get(i)) + " but got "
                        + brief(calls.calls.get(i)));
            }
        }
        assertThat(calls.calls).as(what + ": listener calls").hasSameSizeAs(want);
        assertThat(summary).as(what + ": summary").isEqualTo(expected.summary());
    }

    private static String brief(SequentialReference.Call call) {
        return call.kind() + " line " + call.line() + " tipId " + call.tipId()
                + (call.rejection() != null ? " " + call.rejection() : "");
    }

    private static FeedContentListener slow(FeedContentListener listener) {
        return new FeedContentListener() {
            @Override
            public void header(FeedHeader header) {
                listener.header(header);
            }

            @Override
            public void accepted(long line, String tipId, byte[] raw, JsonNode record) {
                LockSupport.parkNanos(50_000);
                listener.accepted(line, tipId, raw, record);
            }

            @Override
            public void rejected(Ack.Rejection rejection) {
                listener.rejected(rejection);
            }
        };
    }

    private static void awaitIdle(FeedContentReader reader) {
        Awaitility.await("the reader's workers idle").atMost(Duration.ofSeconds(30)).pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(10)).until(() -> reader.busyWorkers() == 0);
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> RuntimeException sneaky(Throwable t) throws T {
        throw (T) t;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Serves the first bytes of the content, then fails. */
    private static final class FailingStream extends InputStream {
        private final byte[] content;
        private final int failAt;
        private final IOException failure;
        private int position;

        FailingStream(byte[] content, int failAt, IOException failure) {
            this.content = content;
            this.failAt = failAt;
            this.failure = failure;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (position == failAt) {
                throw failure;
            }
            int n = Math.min(len, failAt - position);
            System.arraycopy(content, position, b, off, n);
            position += n;
            return n;
        }
    }
}
