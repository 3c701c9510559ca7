package org.tipgate.packaging;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.transaction.support.TransactionTemplate;
import org.tipgate.crypto.ContentSource;
import org.tipgate.crypto.Digests;
import org.tipgate.crypto.SealedSpool;
import org.tipgate.crypto.UnverifiedContent;
import org.tipgate.directory.AgencyDirectory;
import org.tipgate.events.Event;
import org.tipgate.events.EventBatch;
import org.tipgate.events.EventLog;
import org.tipgate.events.EventType;
import org.tipgate.evidence.EvidenceSpool;
import org.tipgate.feed.FeedContentReader;
import org.tipgate.feed.FeedLedger;
import org.tipgate.format.Ack;
import org.tipgate.format.FileNames;
import org.tipgate.format.PackageHeader;
import org.tipgate.format.RejectedException;
import org.tipgate.format.RejectionCode;
import org.tipgate.outbox.Outbox;

/**
 * Turns a verified feed into packages: takes the shares the intake routed while it verified the
 * feed ({@link StagedFeeds}), or else reads the feed back from the evidence spool and routes each
 * accepted record (after a restart, or on another node), leaves out tips a recipient already
 * received (DUPLICATE_TIP when no recipient is left) and quarantines what cannot be routed
 * (UNROUTABLE), then builds one package per recipient (signed by the gateway, encrypted for the
 * recipient) and puts it in the outbox.
 *
 * <p>One feed is one transaction: the packages' rows, the tips they hold, the refused records,
 * the events (FEED_ROUTED; per package PACKAGE_BUILT, then one RECORD_ROUTED per tip in it;
 * RECORD_REFUSED per refused record) and the feed's move to PACKAGED commit together, with the feed's row locked
 * ({@code FOR UPDATE SKIP LOCKED}) so that no other node packages it at the same time. If
 * anything fails, the transaction rolls back, the package files written so far are removed, and
 * the feed is packaged again on the next pass.
 */
public final class FeedPackager {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(FeedPackager.class);
    /** How long a feed whose packaging failed is left aside before it is tried again. */
    static final java.time.Duration RETRY_FAILED_AFTER = java.time.Duration.ofMinutes(1);
    /**
     * Tip deliveries are inserted this many at a time (in the ledger's key order, {@link TipLedgerRows}),
     * so that a million of them never sit in memory at once.
     */
    private static final int TIP_CHUNK = 10_000;

    /** Builds a feed's packages, one per core. */
    private final java.util.concurrent.ExecutorService builders = java.util.concurrent.Executors.newFixedThreadPool(
            Runtime.getRuntime().availableProcessors(), runnable -> {
                Thread thread = new Thread(runnable, "package-builder");
                thread.setDaemon(true);
                return thread;
            });

    /** Feeds whose packaging failed on this node, and until when they are left aside. */
    private final Map<String, Instant> failing = new java.util.concurrent.ConcurrentHashMap<>();

    private final EvidenceSpool spool;
    private final StagedFeeds staged;
    private final FeedContentReader reader;
    private final RecordRouter router;
    private final AgencyDirectory directory;
    private final PackageBuilder builder;
    private final FeedLedger feeds;
    private final Outbox outbox;
    private final TipLedger tips;
    private final EventLog events;
    private final TransactionTemplate tx;
    private final Path packagesDir;
    private final Clock clock;

    public FeedPackager(EvidenceSpool spool, StagedFeeds staged, FeedContentReader reader, RecordRouter router,
                        AgencyDirectory directory, PackageBuilder builder, FeedLedger feeds, Outbox outbox,
                        TipLedger tips, EventLog events, TransactionTemplate tx, Path packagesDir, Clock clock)
            throws IOException {
        this.spool = spool;
        this.staged = staged;
        this.reader = reader;
        this.router = router;
        this.directory = directory;
        this.builder = builder;
        this.feeds = feeds;
        this.outbox = outbox;
        this.tips = tips;
        this.events = events;
        this.tx = tx;
        this.packagesDir = Files.createDirectories(packagesDir);
        this.clock = clock;
    }

    /**
     * Packages the oldest verified feed that no other node holds and that did not just fail here;
     * empty when none is waiting.
     */
    public Optional<String> packNext() {
        List<Path> written = java.util.Collections.synchronizedList(new ArrayList<>());
        String[] claimed = new String[1];
        Instant now = clock.instant();
        failing.values().removeIf(until -> until.isBefore(now));
        try {
            return Optional.ofNullable(tx.execute(status -> feeds.claim(FeedLedger.State.RECEIVED, failing.keySet())
                    .map(feedId -> {
                        claimed[0] = feedId;
                        return pack(feedId, written);
                    }).orElse(null)));
        } catch (RuntimeException e) {
            for (Path file : List.copyOf(written)) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException cleanup) {
                    e.addSuppressed(cleanup);
                }
            }
            if (claimed[0] == null) {
                throw e;
            }
            // One feed that cannot be packaged must not hold up the feeds behind it: it is tried
            // again after a pause, and the log says why each time.
            failing.put(claimed[0], now.plus(RETRY_FAILED_AFTER));
            LOG.error("Packaging feed {} failed; it stays verified and is tried again in {}", claimed[0],
                    RETRY_FAILED_AFTER, e);
            return Optional.of(claimed[0]);
        }
    }

    /** Packages every feed waiting; returns how many were tried. */
    public int packAll() {
        staged.expire();
        int n = 0;
        while (packNext().isPresent()) {
            n++;
        }
        return n;
    }

    /** Stops the package builders (the gateway is stopping). */
    public void close() {
        builders.shutdownNow();
    }

    /** The folder the outbox's package files live in. */
    public Path packagesDir() {
        return packagesDir;
    }

    private String pack(String feedId, List<Path> written) {
        FeedLedger.Feed feed = feeds.feed(feedId).orElseThrow();
        long t0 = System.nanoTime();
        Optional<FeedShares> handedOver = staged.take(feed.verification().intakeId());
        try (FeedShares shares = handedOver.isPresent() ? handedOver.get() : readBack(feed)) {
            long tRead = System.nanoTime();
            if (shares.accepted() != feed.verification().accepted()) {
                throw new IllegalStateException("feed " + feedId + " reads back with " + shares.accepted()
                        + " accepted records, but " + feed.verification().accepted() + " were acknowledged");
            }
            List<Ack.Rejection> refused = new ArrayList<>(shares.quarantined());
            TipLedger.Packaged ledger = tips.alreadyPackaged(shares.routedTipIds(), feedId);
            if (!ledger.ofThisFeed().isEmpty()) {
                // Not an earlier delivery: this feed has no package yet. Left in, the row would keep
                // the tip out of the package being rebuilt, and the ledger would say it was sent.
                int removed = tips.forget(feedId, ledger.ofThisFeed());
                LOG.warn("Feed {}: the tip ledger held {} rows naming this feed's packages, which no committed"
                        + " packaging wrote (left by an attempt that did not commit); removed {}, and their tips"
                        + " are packaged now", feedId, ledger.ofThisFeed().size(), removed);
            }
            Map<String, Set<String>> packagedBefore = ledger.earlier();
            long tDuplicates = System.nanoTime();
            long duplicateRecords = 0;
            if (!packagedBefore.isEmpty()) {
                for (int record = 0; record < shares.routed(); record++) {
                    String tipId = shares.tipId(record);
                    List<String> recipients = shares.recipients(record);
                    if (recipients.stream().allMatch(r -> packagedBefore.getOrDefault(r, Set.of()).contains(tipId))) {
                        refused.add(new Ack.Rejection(shares.line(record), tipId, RejectionCode.DUPLICATE_TIP,
                                "already sent in an earlier feed to " + String.join(", ", recipients)));
                        duplicateRecords++;
                    }
                }
            }
            // The packages are independent: built on every core, recorded here in recipient order.
            List<java.util.concurrent.Future<Built>> building = new ArrayList<>();
            Map<FeedShares.Share, java.util.BitSet> keptOf = new LinkedHashMap<>();
            for (FeedShares.Share share : shares.shares()) {
                Set<String> before = packagedBefore.getOrDefault(share.recipient(), Set.of());
                java.util.BitSet kept = new java.util.BitSet(share.size());
                for (int i = 0; i < share.size(); i++) {
                    kept.set(i, before.isEmpty() || !before.contains(shares.tipId(share.record(i))));
                }
                if (!kept.isEmpty()) {
                    keptOf.put(share, kept);
                    building.add(builders.submit(() -> build(feed, share, kept, written)));
                }
            }
            // While the packages are built: the tip ledger, whose rows need only the package ids.
            TipLedgerRows.inKeyOrder(shares, keptOf, feedId, TIP_CHUNK, tips::add);
            long tTips = System.nanoTime();
            List<Built> builtAll = awaitAll(building);
            long tBuilt = System.nanoTime();
            Map<String, Object> perRecipient = new LinkedHashMap<>();
            for (Built built : builtAll) {
                perRecipient.put(built.share.recipient(), built.records);
            }
            // In batches: a feed of a million records has a million RECORD_ROUTED events or more.
            EventBatch log = new EventBatch(events);
            log.add(Event.feed(EventType.FEED_ROUTED, feedId, "ROUTED", Map.of("recipients", perRecipient,
                    "quarantined", shares.quarantined().size(), "duplicates", duplicateRecords)));
            for (Built built : builtAll) {
                FeedShares.Share share = built.share;
                outbox.add(built.packageId, feedId, share.recipient(), built.records, built.sha256, built.bytes,
                        built.fileName);
                log.add(Event.pkg(EventType.PACKAGE_BUILT, feedId, built.packageId, share.recipient(), "BUILT",
                        Map.of("records", built.records, "sha256", built.sha256, "bytes", built.bytes)));
                for (int i = built.kept.nextSetBit(0); i >= 0; i = built.kept.nextSetBit(i + 1)) {
                    int record = share.record(i);
                    log.add(new Event(EventType.RECORD_ROUTED, Event.SYSTEM, feedId, shares.tipId(record),
                            built.packageId, share.recipient(), "ROUTED", Map.of("line", shares.line(record))));
                }
            }
            refused.sort(java.util.Comparator.comparing(Ack.Rejection::line));
            tips.refused(feedId, refused);
            feeds.routed(feedId, shares.quarantined().size(), duplicateRecords);
            for (Ack.Rejection r : refused) {
                log.add(new Event(EventType.RECORD_REFUSED, Event.SYSTEM, feedId, r.tipId(), null, null,
                        r.code().name(), Map.of("line", r.line())));
            }
            log.flush();
            if (!feeds.advance(feedId, FeedLedger.State.RECEIVED, FeedLedger.State.PACKAGED)) {
                throw new IllegalStateException("feed " + feedId + " left RECEIVED while it was being packaged");
            }
            long tRecorded = System.nanoTime();
            LOG.info("Packaged feed {}: {} packages; {} in {} ms, duplicates looked up in {} ms, packages signed"
                    + " and encrypted in {} ms (tip ledger recorded meanwhile in {} ms), the rest recorded in {} ms",
                    feedId, perRecipient.size(), handedOver.isPresent() ? "routed while verified, handed over"
                            : "read back from the evidence, validated and routed",
                    (tRead - t0) / 1_000_000, (tDuplicates - tRead) / 1_000_000, (tBuilt - tDuplicates) / 1_000_000,
                    (tTips - tDuplicates) / 1_000_000, (tRecorded - tBuilt) / 1_000_000);
            return feedId;
        } catch (IOException e) {
            throw new UncheckedIOException("packaging feed " + feedId + " failed: " + e.getMessage(), e);
        } catch (RejectedException e) {
            throw new IllegalStateException("feed " + feedId + " no longer reads back from the evidence spool: "
                    + e.getMessage(), e);
        }
    }

    static String packageId(String feedId, FeedShares.Share share) {
        return feedId + "." + share.recipient();
    }

    /** Reads the feed back from the evidence and routes each accepted record into its recipients' shares. */
    private FeedShares readBack(FeedLedger.Feed feed) throws IOException, RejectedException {
        FeedShares shares = new FeedShares(router, feed.feedId());
        try {
            spool.read(feed.verification().intakeId(), in -> reader.read(
                    UnverifiedContent.content(new BufferedInputStream(in, 1 << 16)), shares));
            shares.finish();
            return shares;
        } catch (IOException | RejectedException | RuntimeException e) {
            try {
                shares.close();
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    /** A package written: {@code kept} marks the positions of its share it holds (not packaged before). */
    private record Built(FeedShares.Share share, String packageId, String fileName, long records, String sha256,
                         long bytes, java.util.BitSet kept) {
    }

    /**
     * The built packages, in submission order. If one failed, waits for the others to end before
     * throwing, so that no builder still writes a file when the caller removes what was written.
     */
    private static List<Built> awaitAll(List<java.util.concurrent.Future<Built>> futures) throws IOException {
        List<Built> built = new ArrayList<>();
        IOException ioFailure = null;
        RuntimeException failure = null;
        for (java.util.concurrent.Future<Built> future : futures) {
            try {
                built.add(await(future));
            } catch (IOException e) {
                ioFailure = ioFailure == null ? e : ioFailure;
            } catch (RuntimeException e) {
                failure = failure == null ? e : failure;
            }
        }
        if (ioFailure != null) {
            throw ioFailure;
        }
        if (failure != null) {
            throw failure;
        }
        return built;
    }

    private static Built await(java.util.concurrent.Future<Built> future) throws IOException {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while packages were built", e);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException("building a package failed", e.getCause());
        }
    }

    private Built build(FeedLedger.Feed feed, FeedShares.Share share, java.util.BitSet kept, List<Path> written)
            throws IOException {
        String feedId = feed.feedId();
        String packageId = packageId(feedId, share);
        String fileName = FileNames.of(packageId, ".p7m");
        int records = kept.cardinality();
        try (SealedSpool filtered = records == share.size() ? null : SealedSpool.create()) {
            ContentSource source = share.source();
            if (filtered != null) {
                try (InputStream in = source.open(); OutputStream out = filtered.output()) {
                    for (int i = 0; i < share.size(); i++) {
                        byte[] line = in.readNBytes(share.length(i));
                        if (line.length != share.length(i)) {
                            throw new IOException("the staged share of " + share.recipient() + " ends inside line " + i);
                        }
                        if (kept.get(i)) {
                            out.write(line);
                        }
                    }
                    // Read to its end, so that the share's tag is checked before a byte of it is signed.
                    if (in.read() != -1) {
                        throw new IOException("the staged share of " + share.recipient() + " is longer than its lines");
                    }
                }
                source = new ContentSource() {
                    @Override
                    public long length() {
                        return filtered.length();
                    }

                    @Override
                    public InputStream open() throws IOException {
                        return filtered.input();
                    }
                };
            }
            PackageHeader header = new PackageHeader(PackageHeader.TYPE, PackageHeader.VERSION, packageId, feedId,
                    feed.entry().feedSha256(), feed.entry().sender(), feed.verification().signerCertSha256(),
                    feed.verification().verifiedAt(), share.recipient(), records);
            Path target = packagesDir.resolve(fileName);
            Path partial = packagesDir.resolve(fileName + ".partial");
            written.add(partial);
            written.add(target);
            MessageDigest sha256 = Digests.sha256();
            long bytes;
            try (FileChannel channel = FileChannel.open(partial, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
                CountingOutput counting = new CountingOutput(new DigestOutputStream(
                        new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16), sha256));
                builder.build(header, source, directory.certificates(share.recipient()).get(0), counting);
                counting.flush();
                channel.force(true);
                bytes = counting.count;
            }
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return new Built(share, packageId, fileName, records, Digests.hex(sha256.digest()), bytes, kept);
        }
    }

    private static final class CountingOutput extends java.io.FilterOutputStream {
        long count;

        CountingOutput(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }
    }
}
