package org.tipgate.audit;

import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rules of docs/audit.md "Export files", applied line by line: what {@link LogVerifier} keeps
 * between two lines is the header, the tree's right edge and the last checkpoint that held.
 */
final class ExportCheck {

    private enum Phase { HEADER, FRONTIER, BODY, DONE }

    private static final Set<String> HEADER = Set.of("kind", "v", "origin", "from", "to", "exportedAt");
    private static final Set<String> FRONTIER = Set.of("kind", "treeSize", "hashes");
    private static final Set<String> EVENT = Set.of("kind", "leafHash", "event");
    private static final Set<String> CHECKPOINT = Set.of("kind", "signed");

    private final X509Certificate gatewayCert;
    private Phase phase = Phase.HEADER;
    private String origin;
    private long from = -1;
    private long to;
    private Frontier tree;
    private long next;
    private long events;
    private long checkpoints;
    /** The size of the last checkpoint that held, or {@code from}: the events before it are proven. */
    private long provenSize;
    private byte[] provenRoot;
    private Instant provenTime;

    ExportCheck(X509Certificate gatewayCert) {
        this.gatewayCert = gatewayCert;
    }

    void line(byte[] line) throws LogException {
        switch (phase) {
            case HEADER -> header(line);
            case FRONTIER -> frontier(line);
            case BODY -> body(line);
            case DONE -> throw new LogException(to, "content after the checkpoint of size " + to
                    + ", which ends the export");
        }
    }

    void end(ExportLines.End end, int maxLineBytes) throws LogException {
        if (end == ExportLines.End.TOO_LONG) {
            throw new LogException(phase == Phase.DONE ? to : firstUnread(), "a line longer than "
                    + maxLineBytes + " bytes, which no line of an export is");
        }
        String cut = end == ExportLines.End.CUT ? " (its last line has no line feed: the file was cut)" : "";
        switch (phase) {
            case HEADER -> throw LogException.unplaced("an empty file" + cut, null);
            case FRONTIER -> throw new LogException(from, "the file ends before the frontier" + cut);
            case BODY -> throw new LogException(next, (next < to ? "the file ends before event " + next
                    : "the file ends before the checkpoint of size " + to) + cut + unproven());
            case DONE -> {
                if (end == ExportLines.End.CUT) {
                    throw new LogException(to, "content after the checkpoint of size " + to
                            + ", which ends the export");
                }
            }
        }
    }

    private long firstUnread() {
        return phase == Phase.HEADER ? -1 : phase == Phase.FRONTIER ? from : next;
    }

    private String unproven() {
        return provenSize < next ? "; events " + provenSize + " to " + (next - 1)
                + " are under no checkpoint that holds" : "";
    }

    private void header(byte[] line) throws LogException {
        try {
            Map<String, Object> object = CanonicalJson.parseObject(line);
            readableFrom(object);
            requireCanonical(line);
            if (!"export".equals(object.get("kind"))) {
                throw new ProofException("the first line is not an export header");
            }
            Members.exactly(object, HEADER, "a header");
            if (!Long.valueOf(ExportWriter.VERSION).equals(object.get("v"))) {
                throw new ProofException("export version " + object.get("v") + "; this verifier reads "
                        + ExportWriter.VERSION);
            }
            origin = Members.text(object, "origin");
            from = Members.whole(object, "from");
            to = Members.whole(object, "to");
            Members.time(object, "exportedAt");
            if (to <= from) {
                throw new ProofException("an export of events " + from + " to " + to + " holds none");
            }
        } catch (ProofException e) {
            throw new LogException(from, "the header: " + e.getMessage(), e);
        }
        provenSize = from;
        next = from;
        if (from == 0) {
            tree = Frontier.empty();
            phase = Phase.BODY;
        } else {
            phase = Phase.FRONTIER;
        }
    }

    /** A header that names where it begins lets even its own failure be placed. */
    private void readableFrom(Map<String, Object> header) {
        if (header.get("from") instanceof Long f && f >= 0) {
            from = f;
        }
    }

    private void frontier(byte[] line) throws LogException {
        try {
            Map<String, Object> object = CanonicalJson.parseObject(line);
            requireCanonical(line);
            if (!"frontier".equals(object.get("kind"))) {
                throw new ProofException("an export from event " + from + " needs the frontier on line 2");
            }
            Members.exactly(object, FRONTIER, "a frontier");
            if (Members.whole(object, "treeSize") != from) {
                throw new ProofException("a frontier of size " + object.get("treeSize") + " for an export from "
                        + from);
            }
            List<?> hashes = Members.list(object, "hashes");
            if (hashes.size() != Long.bitCount(from)) {
                throw new ProofException(hashes.size() + " frontier hashes; a tree of size " + from + " has "
                        + Long.bitCount(from) + " perfect subtrees");
            }
            List<byte[]> edge = new ArrayList<>();
            for (Object hash : hashes) {
                edge.add(Members.hash(hash, "a frontier hash"));
            }
            tree = Frontier.of(from, edge);
        } catch (ProofException e) {
            throw new LogException(from, "the frontier: " + e.getMessage(), e);
        }
        phase = Phase.BODY;
    }

    private void body(byte[] line) throws LogException {
        Map<String, Object> object;
        try {
            object = CanonicalJson.parseObject(line);
        } catch (ProofException e) {
            throw new LogException(next, "where event " + next + " belongs, a line that is not a JSON object: "
                    + e.getMessage(), e);
        }
        if ("checkpoint".equals(object.get("kind"))) {
            checkpoint(line, object);
        } else {
            event(line, object);
        }
    }

    private void event(byte[] line, Map<String, Object> object) throws LogException {
        try {
            if (!"event".equals(object.get("kind"))) {
                throw new ProofException("a line of kind " + object.get("kind") + " where event " + next
                        + " belongs");
            }
            Map<String, Object> event = Members.object(object, "event");
            if (!(event.get("seq") instanceof Long seq) || seq != next || next >= to) {
                throw new ProofException(next < to ? "event " + event.get("seq") + " where event " + next
                        + " belongs: an event is missing, repeated or out of order"
                        : "event " + event.get("seq") + " where the checkpoint of size " + to + " belongs");
            }
            Members.exactly(object, EVENT, "an event line");
            byte[] recorded = Members.hash(object.get("leafHash"), "leafHash");
            byte[] canonical = canonical(AuditEvent.fromMap(event));
            // The whole line, rebuilt from the canonical event: proves the line canonical and the event read exactly.
            if (!Arrays.equals(ExportWriter.eventLine(canonical, recorded), line)) {
                throw new ProofException("the line is not the canonical JSON of the event it holds (members sorted,"
                        + " no white space, escapes as RFC 8785 writes them)");
            }
            byte[] leaf = Merkle.leafHash(canonical);
            if (!MessageDigest.isEqual(leaf, recorded)) {
                throw new ProofException("the event's canonical encoding does not hash to its recorded leafHash:"
                        + " the event was changed after it was sequenced");
            }
            tree.append(leaf, (height, index, hash) -> { });
        } catch (ProofException e) {
            throw new LogException(next, "event " + next + ": " + e.getMessage(), e);
        }
        next++;
        events++;
    }

    private void checkpoint(byte[] line, Map<String, Object> object) throws LogException {
        String where = "the checkpoint after event " + (next - 1);
        SignedCheckpoint signed;
        try {
            requireCanonical(line);
            Members.exactly(object, CHECKPOINT, "a checkpoint line");
            signed = SignedCheckpoint.verify(Members.base64(object.get("signed"), "signed"), gatewayCert);
        } catch (ProofException e) {
            throw failed(where + ": " + e.getMessage(), e);
        }
        Checkpoint checkpoint = signed.checkpoint();
        long size = checkpoint.treeSize();
        where = "the checkpoint of size " + size;
        if (!checkpoint.origin().equals(origin)) {
            throw failed(where + " is of the log " + checkpoint.origin() + ", not " + origin, null);
        }
        if (size <= provenSize) {
            throw failed(where + " follows the checkpoint of size " + provenSize
                    + ": checkpoint sizes must strictly increase", null);
        }
        if (size != next) {
            throw failed(where + " stands after event " + (next - 1) + "; it belongs after event " + (size - 1),
                    null);
        }
        if (provenTime != null && checkpoint.time().isBefore(provenTime)) {
            throw failed(where + " is dated " + AuditEvent.TIME.format(checkpoint.time())
                    + ", before the checkpoint of size " + provenSize + " (" + AuditEvent.TIME.format(provenTime)
                    + ")", null);
        }
        byte[] root = tree.root();
        if (!MessageDigest.isEqual(root, checkpoint.rootHash())) {
            throw failed(where + " does not sign the root of the events: an event between seq " + provenSize
                    + " and seq " + (size - 1) + " was changed" + (provenSize == from && from > 0
                    ? ", or the frontier is not that of the tree" : ""), null);
        }
        provenSize = size;
        provenRoot = root;
        provenTime = checkpoint.time();
        checkpoints++;
        if (size == to) {
            phase = Phase.DONE;
        }
    }

    private static byte[] canonical(AuditEvent event) throws ProofException {
        try {
            return event.canonical();
        } catch (IllegalArgumentException e) {
            throw new ProofException("an event with no canonical encoding: " + e.getMessage(), e);
        }
    }

    /** A checkpoint that does not hold proves nothing since the last that did. */
    private LogException failed(String reason, Throwable cause) {
        return new LogException(provenSize, reason + unproven(), cause);
    }

    private static void requireCanonical(byte[] line) throws ProofException {
        if (!CanonicalJson.isCanonical(line)) {
            throw new ProofException("the line is not canonical JSON (members sorted, no white space, "
                    + "escapes as RFC 8785 writes them)");
        }
    }

    long events() {
        return events;
    }

    long checkpoints() {
        return checkpoints;
    }

    long provenSize() {
        return provenSize;
    }

    byte[] provenRoot() {
        return provenRoot;
    }
}
