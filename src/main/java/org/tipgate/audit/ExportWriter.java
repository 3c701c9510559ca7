package org.tipgate.audit;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes an export file (docs/audit.md "Export files"): JSON Lines, each line the canonical JSON
 * of its object followed by a line feed, streamed as it is given. It writes what it is given, the
 * recorded leaf hash included, without recomputing anything: a log altered in the database must
 * come out altered, for {@link LogVerifier} to find. It refuses only calls out of the file's order,
 * which are bugs of the exporter. Give it a buffered stream; it neither flushes nor closes it.
 */
public final class ExportWriter {

    static final int VERSION = 1;

    private final OutputStream out;
    private long from = -1;
    private long to;
    private long next;
    private long checkpointed;
    private boolean frontierDue;
    private boolean ended;

    public ExportWriter(OutputStream out) {
        this.out = out;
    }

    /** The first line: the events {@code from} (inclusive) to {@code to} (exclusive), {@code to} a checkpoint's size. */
    public void header(String origin, long from, long to, Instant exportedAt) throws IOException {
        if (this.from >= 0) {
            throw new IllegalStateException("the header was written already");
        }
        if (from < 0 || to <= from) {
            throw new IllegalArgumentException("an export of events " + from + " to " + to + " holds none");
        }
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("kind", "export");
        line.put("v", (long) VERSION);
        line.put("origin", origin);
        line.put("from", from);
        line.put("to", to);
        line.put("exportedAt", AuditEvent.TIME.format(exportedAt));
        write(line);
        this.from = from;
        this.to = to;
        this.next = from;
        this.checkpointed = from;
        this.frontierDue = from > 0;
    }

    /** The edge of the tree of the first {@code from} leaves; right after the header, when {@code from > 0}. */
    public void frontier(Frontier frontier) throws IOException {
        if (!frontierDue || frontier.size() != from) {
            throw new IllegalStateException("a frontier of size " + frontier.size() + " where "
                    + (frontierDue ? "one of size " + from : "none") + " belongs");
        }
        List<String> hashes = new ArrayList<>();
        for (byte[] hash : frontier.hashes()) {
            hashes.add(Base64.getEncoder().encodeToString(hash));
        }
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("kind", "frontier");
        line.put("treeSize", frontier.size());
        line.put("hashes", hashes);
        write(line);
        frontierDue = false;
    }

    /** The next event, with the leaf hash the gateway recorded for it. */
    public void event(AuditEvent event, byte[] recordedLeafHash) throws IOException {
        ready();
        if (event.seq() != next || next >= to) {
            throw new IllegalStateException("event " + event.seq() + " where " + (next < to ? "event " + next
                    : "the checkpoint of size " + to) + " belongs");
        }
        write(eventLine(event.canonical(), recordedLeafHash));
        next++;
    }

    /** A checkpoint of the size of the events written so far; the one of size {@code to} ends the file. */
    public void checkpoint(SignedCheckpoint checkpoint) throws IOException {
        ready();
        long size = checkpoint.checkpoint().treeSize();
        if (size != next || size <= checkpointed) {
            throw new IllegalStateException("a checkpoint of size " + size + " after " + (next - from) + " of events "
                    + from + " to " + to);
        }
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("kind", "checkpoint");
        line.put("signed", Base64.getEncoder().encodeToString(checkpoint.signed()));
        write(line);
        checkpointed = size;
        ended = size == to;
    }

    private void ready() {
        if (from < 0 || frontierDue || ended) {
            throw new IllegalStateException(from < 0 ? "the header comes first" : frontierDue
                    ? "the frontier comes right after the header" : "the checkpoint of size " + to + " ended the file");
        }
    }

    /**
     * The canonical JSON of {@code {"event":..., "kind":"event", "leafHash":...}}, put together
     * from the canonical event (members in this order are sorted already), without the line feed.
     */
    static byte[] eventLine(byte[] canonicalEvent, byte[] leafHash) {
        byte[] head = "{\"event\":".getBytes(StandardCharsets.US_ASCII);
        byte[] tail = (",\"kind\":\"event\",\"leafHash\":\"" + Base64.getEncoder().encodeToString(leafHash) + "\"}")
                .getBytes(StandardCharsets.US_ASCII);
        byte[] line = Arrays.copyOf(head, head.length + canonicalEvent.length + tail.length);
        System.arraycopy(canonicalEvent, 0, line, head.length, canonicalEvent.length);
        System.arraycopy(tail, 0, line, head.length + canonicalEvent.length, tail.length);
        return line;
    }

    private void write(Map<String, Object> line) throws IOException {
        write(CanonicalJson.encode(line));
    }

    private void write(byte[] json) throws IOException {
        byte[] bytes = new byte[json.length + 1];
        System.arraycopy(json, 0, bytes, 0, json.length);
        bytes[json.length] = '\n';
        out.write(bytes);
    }
}
