package org.tipgate.packaging;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import org.apache.commons.io.output.CountingOutputStream;
import org.springframework.transaction.support.TransactionTemplate;
import org.tipgate.crypto.ContentSource;
import org.tipgate.crypto.Digests;
import org.tipgate.crypto.SealedSpool;
import org.tipgate.directory.AgencyDirectory;
import org.tipgate.feed.FeedLedger;
import org.tipgate.format.FileNames;
import org.tipgate.format.PackageHeader;

/**
 * The {@code package} step of the {@code packaging} flow: one package per recipient of a routed
 * feed, its records signed by the gateway and encrypted for that recipient alone
 * (docs/formats.md#4-delivery-package-tipgate---state-or-district), written to the packages folder
 * under its final name by a rename once complete. Outside any database transaction: the packages
 * are independent, and are built side by side on the {@code package-builder} pool (one thread per
 * core, managed by Spring), while the tip ledger's rows for them are written alongside, each chunk
 * in a short transaction of its own; the flow's next step records the packages, which makes those
 * rows count.
 */
public final class PackageWriter {

    /**
     * Tip deliveries are written this many at a time (in the ledger's key order, {@link TipLedgerRows}),
     * so that a million of them never sit in memory at once.
     */
    static final int TIP_CHUNK = 10_000;

    private final PackageBuilder builder;
    private final AgencyDirectory directory;
    private final ExecutorService builders;
    private final TipLedger tips;
    private final TransactionTemplate tx;
    private final Path packagesDir;

    public PackageWriter(PackageBuilder builder, AgencyDirectory directory, ExecutorService builders, TipLedger tips,
                         TransactionTemplate tx, Path packagesDir) throws IOException {
        this.builder = builder;
        this.directory = directory;
        this.builders = builders;
        this.tips = tips;
        this.tx = tx;
        this.packagesDir = Files.createDirectories(packagesDir);
    }

    /** The folder the outbox's package files live in. */
    public Path packagesDir() {
        return packagesDir;
    }

    static String packageId(String feedId, FeedShares.Share share) {
        return feedId + "." + share.recipient();
    }

    /**
     * Builds the routed feed's packages, in recipient order. While they are built, this thread
     * writes the tip ledger's rows for them (which tip goes to which recipient in which package), a
     * chunk per transaction: they count as deliveries for other feeds only once the record step has
     * put the packages in the outbox, and a failed attempt takes them back ({@link FeedPackager#failed}).
     * If anything fails, waits for every builder to end before throwing, so that none still writes
     * a file when the failure is cleaned up.
     */
    public FeedPackaging build(FeedPackaging packaging) throws IOException {
        List<Future<FeedPackaging.Built>> building = new ArrayList<>();
        for (Map.Entry<FeedShares.Share, BitSet> entry : packaging.keptOf().entrySet()) {
            building.add(builders.submit(() -> build(packaging, entry.getKey(), entry.getValue())));
        }
        RuntimeException failure = null;
        try {
            TipLedgerRows.inKeyOrder(packaging.shares(), packaging.keptOf(), packaging.feedId(), TIP_CHUNK,
                    rows -> tx.executeWithoutResult(status -> tips.add(rows)));
        } catch (RuntimeException e) {
            failure = e;
        }
        List<FeedPackaging.Built> built = new ArrayList<>();
        IOException ioFailure = null;
        for (Future<FeedPackaging.Built> future : building) {
            try {
                built.add(await(future));
            } catch (IOException e) {
                ioFailure = ioFailure == null ? e : ioFailure;
            } catch (RuntimeException e) {
                failure = failure == null ? e : failure;
            }
        }
        if (failure != null) {
            throw failure;
        }
        if (ioFailure != null) {
            throw ioFailure;
        }
        packaging.built(built);
        return packaging;
    }

    private static FeedPackaging.Built await(Future<FeedPackaging.Built> future) throws IOException {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while packages were built", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException("building a package failed", e.getCause());
        }
    }

    private FeedPackaging.Built build(FeedPackaging packaging, FeedShares.Share share, BitSet kept)
            throws IOException {
        FeedLedger.Feed feed = packaging.feed();
        String feedId = feed.feedId();
        String packageId = packageId(feedId, share);
        String fileName = FileNames.of(packageId, ".p7m");
        int records = kept.cardinality();
        try (SealedSpool filtered = records == share.size() ? null : SealedSpool.create()) {
            ContentSource source = filtered == null ? share.source() : keptLines(share, kept, filtered);
            PackageHeader header = new PackageHeader(PackageHeader.TYPE, PackageHeader.VERSION, packageId, feedId,
                    feed.entry().feedSha256(), feed.entry().sender(), feed.verification().signerCertSha256(),
                    feed.verification().verifiedAt(), share.recipient(), records);
            Path target = packagesDir.resolve(fileName);
            Path partial = packagesDir.resolve(fileName + ".partial");
            packaging.writing(partial);
            packaging.writing(target);
            MessageDigest sha256 = Digests.sha256();
            long bytes;
            try (FileChannel channel = FileChannel.open(partial, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
                CountingOutputStream counting = new CountingOutputStream(new DigestOutputStream(
                        new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16), sha256));
                builder.build(header, source, directory.certificates(share.recipient()).get(0), counting);
                counting.flush();
                channel.force(true);
                bytes = counting.getByteCount();
            }
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return new FeedPackaging.Built(share, packageId, fileName, records, Digests.hex(sha256.digest()), bytes,
                    kept);
        }
    }

    /**
     * The share's kept lines, copied into {@code filtered}; the share is read to its end, so that
     * its tag is checked before a byte of it is signed.
     */
    private static ContentSource keptLines(FeedShares.Share share, BitSet kept, SealedSpool filtered)
            throws IOException {
        try (InputStream in = share.source().open(); OutputStream out = filtered.output()) {
            for (int i = 0; i < share.size(); i++) {
                byte[] line = in.readNBytes(share.length(i));
                if (line.length != share.length(i)) {
                    throw new IOException("the staged share of " + share.recipient() + " ends inside line " + i);
                }
                if (kept.get(i)) {
                    out.write(line);
                }
            }
            if (in.read() != -1) {
                throw new IOException("the staged share of " + share.recipient() + " is longer than its lines");
            }
        }
        return new ContentSource() {
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
}
