package org.tipgate.audit;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tipgate.crypto.PinnedSignature;
import org.tipgate.crypto.UnverifiedContent;
import org.tipgate.format.RejectedException;

/**
 * Reads and checks a signed custody report. A failure of the report as a whole (its signature,
 * its form, its checkpoint) leaves none of its events proven, so it names the first; a failure of
 * one entry names that entry's event, and of several the smallest sequence number.
 */
final class CustodyReader {

    private static final Set<String> MEMBERS = Set.of("v", "kind", "tipId", "requestedBy", "generatedAt", "checkpoint",
            "entries");
    private static final Set<String> ENTRY = Set.of("event", "proof");
    private static final String ROUTED = "RECORD_ROUTED";
    private static final String VERIFIED = "FEED_VERIFIED";

    /** An entry that does not hold, named by the sequence number it claims. */
    private record Failure(long seq, String reason) {
    }

    private final List<Failure> failures = new ArrayList<>();

    private CustodyReader() {
    }

    static CustodyReport read(byte[] signedReport, X509Certificate gatewayCert) throws LogException {
        byte[] content;
        try {
            content = PinnedSignature.verify(signedReport, gatewayCert).content();
        } catch (RejectedException e) {
            throw new LogException(claimedFirstSeq(signedReport), "the report's signature: " + e.code() + ": "
                    + e.reason() + "; none of its events is proven", e);
        }
        Map<String, Object> report = null;
        String tipId;
        String requestedBy;
        Instant generatedAt;
        List<?> entries;
        SignedCheckpoint checkpoint;
        try {
            report = CanonicalJson.parseObject(content);
            if (!CanonicalJson.isCanonical(content)) {
                throw new ProofException("the report is not canonical JSON");
            }
            Members.exactly(report, MEMBERS, "a custody report");
            if (!Long.valueOf(CustodyReport.VERSION).equals(report.get("v")) || !"custody".equals(report.get("kind"))) {
                throw new ProofException("not a custody report of version " + CustodyReport.VERSION);
            }
            tipId = Members.text(report, "tipId");
            requestedBy = Members.text(report, "requestedBy");
            generatedAt = Members.time(report, "generatedAt");
            entries = Members.list(report, "entries");
            checkpoint = SignedCheckpoint.verify(Members.base64(report.get("checkpoint"), "checkpoint"), gatewayCert);
        } catch (ProofException e) {
            throw new LogException(report == null ? -1 : firstSeq(report), "the report: " + e.getMessage()
                    + "; none of its events is proven", e);
        }
        CustodyReader reader = new CustodyReader();
        List<CustodyReport.Entry> read = reader.entries(entries, checkpoint.checkpoint());
        reader.about(tipId, read);
        Failure first = reader.failures.stream().min(Comparator.comparingLong(Failure::seq)).orElse(null);
        if (first != null) {
            throw new LogException(first.seq(), first.reason() + (reader.failures.size() > 1
                    ? " (and " + (reader.failures.size() - 1) + " more)" : ""));
        }
        return new CustodyReport(tipId, requestedBy, generatedAt, checkpoint, read);
    }

    /** Each entry read and its proof checked; those that hold are returned, the others recorded as failures. */
    private List<CustodyReport.Entry> entries(List<?> entries, Checkpoint checkpoint) {
        List<CustodyReport.Entry> read = new ArrayList<>();
        long previous = -1;
        for (Object raw : entries) {
            long claimed = claimedSeq(raw, previous + 1);
            try {
                if (!(raw instanceof Map<?, ?>)) {
                    throw new ProofException("an entry that is not an object");
                }
                @SuppressWarnings("unchecked")
                Map<String, Object> entry = (Map<String, Object>) raw;
                Members.exactly(entry, ENTRY, "an entry");
                AuditEvent event = Members.event(Members.object(entry, "event"));
                List<byte[]> proof = new ArrayList<>();
                for (Object hash : Members.list(entry, "proof")) {
                    proof.add(Members.hash(hash, "a proof hash"));
                }
                Merkle.verifyInclusion(event.seq(), checkpoint.treeSize(), event.leafHash(), proof,
                        checkpoint.rootHash());
                read.add(new CustodyReport.Entry(event, proof));
            } catch (ProofException e) {
                failures.add(new Failure(claimed, "event " + claimed + ": " + e.getMessage()));
            }
            if (claimed <= previous) {
                // Of two events out of order, the one standing too early is out of place.
                failures.add(new Failure(previous, claimed == previous ? "event " + claimed + " appears twice"
                        : "event " + previous + " comes before event " + claimed + ": the events are not in"
                        + " sequence order"));
            }
            previous = Math.max(previous, claimed);
        }
        return read;
    }

    /**
     * About the tip: its tipId; or no tipId nor packageId and a feed of the tip's own events; or no
     * tipId and a package of the tip's RECORD_ROUTED events; or no tipId, packageId nor feedId and
     * the intake (detail intakeId) of a FEED_VERIFIED event of such a feed: the FEED_RECEIVED
     * appended before the feed's id was known. Only entries that hold count.
     */
    private void about(String tipId, List<CustodyReport.Entry> entries) {
        Set<String> feeds = new HashSet<>();
        Set<String> packages = new HashSet<>();
        for (CustodyReport.Entry entry : entries) {
            AuditEvent event = entry.event();
            if (tipId.equals(event.tipId())) {
                if (event.feedId() != null) {
                    feeds.add(event.feedId());
                }
                if (ROUTED.equals(event.type()) && event.packageId() != null) {
                    packages.add(event.packageId());
                }
            }
        }
        Set<String> intakes = new HashSet<>();
        for (CustodyReport.Entry entry : entries) {
            AuditEvent event = entry.event();
            if (VERIFIED.equals(event.type()) && event.tipId() == null && event.packageId() == null
                    && feeds.contains(event.feedId()) && event.detail().get("intakeId") instanceof String intake) {
                intakes.add(intake);
            }
        }
        for (CustodyReport.Entry entry : entries) {
            AuditEvent e = entry.event();
            String why = null;
            if (e.tipId() != null) {
                why = tipId.equals(e.tipId()) ? null : "its tipId is " + e.tipId();
            } else if (e.packageId() != null) {
                why = packages.contains(e.packageId()) ? null : "its package " + e.packageId()
                        + " is none the tip was routed into";
            } else if (e.feedId() != null) {
                why = feeds.contains(e.feedId()) ? null : "its feed " + e.feedId() + " is none the tip came in";
            } else if (e.detail().get("intakeId") instanceof String intake) {
                why = intakes.contains(intake) ? null : "its intake " + intake + " brought none of the tip's feeds";
            } else {
                why = "it names no tip, feed, package or intake";
            }
            if (why != null) {
                failures.add(new Failure(e.seq(), "event " + e.seq() + " is not about tip " + tipId + ": " + why));
            }
        }
    }

    private static long claimedSeq(Object entry, long otherwise) {
        if (entry instanceof Map<?, ?> m && m.get("event") instanceof Map<?, ?> event
                && event.get("seq") instanceof Long seq && seq >= 0) {
            return seq;
        }
        return otherwise;
    }

    private static long firstSeq(Map<String, Object> report) {
        return report.get("entries") instanceof List<?> entries && !entries.isEmpty()
                ? claimedSeq(entries.get(0), -1) : -1;
    }

    /** For naming only: the first event of a report whose signature failed, read without trusting it. */
    private static long claimedFirstSeq(byte[] signedReport) {
        byte[] content;
        try (InputStream in = UnverifiedContent.content(new ByteArrayInputStream(signedReport))) {
            content = in.readNBytes(PinnedSignature.MAX_BYTES);
        } catch (RejectedException | IOException | RuntimeException e) {
            content = signedReport;
        }
        try {
            return firstSeq(CanonicalJson.parseObject(content));
        } catch (ProofException e) {
            return -1;
        }
    }
}
