package org.tipgate.packaging;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tipgate.crypto.UnverifiedContent;
import org.tipgate.evidence.EvidenceSpool;
import org.tipgate.feed.FeedContentListener;
import org.tipgate.feed.FeedContentReader;
import org.tipgate.feed.FeedLedger;
import org.tipgate.format.Ack;
import org.tipgate.format.FeedHeader;
import org.tipgate.format.RejectedException;
import org.tipgate.outbox.Outbox;

/**
 * Checks, before a feed's DELIVERED ack is signed, that no tip routed to a recipient was left
 * out silently: each recipient's package of the feed holds every tip routed to it that the tip
 * ledger does not show in an earlier, delivered package of another feed.
 *
 * <p>What was routed is read again from the evidence and routed again, independently of how the
 * packages were built; what each package holds is what the ledger says it holds, counted against
 * the package's record count. A tip routed to a recipient is accounted for when the ledger puts it
 * in this feed's package for that recipient, or in another feed's package that was delivered. The
 * feed is incomplete when a routed tip is in no package, is said to be in an earlier package that
 * was not delivered (dead) or does not exist, or when a package's record count differs from the
 * tips the ledger puts in it. One read of the feed, streamed: the ledger is queried a chunk of
 * tips at a time, so a feed of a million records is never held in memory.
 */
public final class PackageCompleteness {

    /** Tips looked up in the ledger per query. */
    private static final int CHUNK = 500;
    /** Examples of missing tips kept for the alarm; the count covers all of them. */
    static final int EXAMPLES = 10;

    /** What the check found. */
    public sealed interface Verdict permits Complete, Waiting, Incomplete {
    }

    /** Every routed tip is accounted for. */
    public record Complete(long routed) implements Verdict {
    }

    /** A tip is held in an earlier package that is still pending: ask again once it is settled. */
    public record Waiting(String earlierPackageId) implements Verdict {
    }

    /**
     * Tips routed to a recipient that its package does not hold and no earlier delivered package
     * holds; the ack must not be signed.
     *
     * @param missing how many (recipient, tip) pairs are not accounted for
     * @param examples up to {@value #EXAMPLES} of them, "recipient tipId (line N): why"
     * @param packages per package of the feed whose record count differs from the ledger's rows
     *     naming it: "packageId: N records, ledger M"
     */
    public record Incomplete(long missing, List<String> examples, List<String> packages) implements Verdict {
    }

    private final EvidenceSpool spool;
    private final FeedContentReader reader;
    private final RecordRouter router;
    private final TipLedger tips;
    private final Outbox outbox;

    public PackageCompleteness(EvidenceSpool spool, FeedContentReader reader, RecordRouter router, TipLedger tips,
                               Outbox outbox) {
        this.spool = spool;
        this.reader = reader;
        this.router = router;
        this.tips = tips;
        this.outbox = outbox;
    }

    /**
     * Checks a packaged feed against its packages ({@code packages}: the outbox rows of the feed).
     *
     * @throws IOException when the evidence cannot be read
     * @throws RejectedException when the evidence no longer reads as the feed it was
     */
    public Verdict check(FeedLedger.Feed feed, List<Outbox.Entry> packages) throws IOException, RejectedException {
        Tally tally = new Tally(feed.feedId(), packages);
        spool.read(feed.verification().intakeId(), in -> reader.read(
                UnverifiedContent.content(new BufferedInputStream(in, 1 << 16)), tally));
        tally.flush();
        return tally.verdict();
    }

    /** Routes each accepted record as it streams by, and checks a chunk of tips at a time. */
    private final class Tally implements FeedContentListener {
        private final String feedId;
        private final Map<String, Outbox.Entry> packageOf = new HashMap<>();
        private final Map<String, Long> inPackage = new LinkedHashMap<>();
        private final Map<String, Long> tipLine = new LinkedHashMap<>();
        private final Map<String, List<String>> chunk = new LinkedHashMap<>();
        private final Set<String> earlierPending = new HashSet<>();
        private final Map<String, Outbox.Entry> earlierPackages = new HashMap<>();
        private final List<String> examples = new ArrayList<>();
        private long missing;
        private long routed;

        Tally(String feedId, List<Outbox.Entry> packages) {
            this.feedId = feedId;
            for (Outbox.Entry p : packages) {
                packageOf.put(p.recipient(), p);
                inPackage.put(p.packageId(), 0L);
            }
        }

        @Override
        public void header(FeedHeader header) {
            if (!header.feedId().equals(feedId)) {
                throw new IllegalStateException("evidence of feed " + feedId + " names feed " + header.feedId());
            }
        }

        @Override
        public void accepted(long line, String tipId, byte[] raw, JsonNode record) {
            try {
                chunk.put(tipId, router.recipients(record));
                tipLine.put(tipId, line);
            } catch (RecordRouter.Unroutable e) {
                return;
            }
            if (chunk.size() == CHUNK) {
                flush();
            }
        }

        @Override
        public void rejected(Ack.Rejection rejection) {
            // Refused at intake: never routed, counted in the RECEIVED ack.
        }

        void flush() {
            if (chunk.isEmpty()) {
                return;
            }
            Map<TipLedger.TipKey, String> held = tips.packagesOf(chunk.keySet());
            for (Map.Entry<String, List<String>> tip : chunk.entrySet()) {
                for (String recipient : tip.getValue()) {
                    routed++;
                    String packageId = held.get(new TipLedger.TipKey(recipient, tip.getKey()));
                    Outbox.Entry own = packageOf.get(recipient);
                    if (packageId == null) {
                        miss(recipient, tip.getKey(), "in no package");
                    } else if (own != null && packageId.equals(own.packageId())) {
                        inPackage.merge(packageId, 1L, Long::sum);
                    } else {
                        Outbox.Entry earlier = earlierPackages.computeIfAbsent(packageId,
                                id -> outbox.get(id).orElse(null));
                        if (earlier == null) {
                            miss(recipient, tip.getKey(), "the ledger names " + packageId + ", which does not exist");
                        } else if (earlier.feedId().equals(feedId) || !earlier.recipient().equals(recipient)) {
                            miss(recipient, tip.getKey(), "the ledger names " + packageId + ", not a package of "
                                    + recipient + " from an earlier feed");
                        } else if (earlier.state() == Outbox.State.PENDING) {
                            earlierPending.add(packageId);
                        } else if (earlier.state() != Outbox.State.DELIVERED) {
                            miss(recipient, tip.getKey(), "held back as sent in " + packageId + ", which is "
                                    + earlier.state());
                        }
                    }
                }
            }
            chunk.clear();
            tipLine.clear();
        }

        private void miss(String recipient, String tipId, String why) {
            missing++;
            if (examples.size() < EXAMPLES) {
                examples.add(recipient + " " + tipId + " (line " + tipLine.get(tipId) + "): " + why);
            }
        }

        Verdict verdict() {
            List<String> mismatched = new ArrayList<>();
            for (Outbox.Entry p : packageOf.values()) {
                long ledger = inPackage.get(p.packageId());
                if (ledger != p.records()) {
                    mismatched.add(p.packageId() + ": " + p.records() + " records, ledger " + ledger);
                }
            }
            if (missing > 0 || !mismatched.isEmpty()) {
                return new Incomplete(missing, List.copyOf(examples), mismatched);
            }
            if (!earlierPending.isEmpty()) {
                return new Waiting(earlierPending.iterator().next());
            }
            return new Complete(routed);
        }
    }
}
