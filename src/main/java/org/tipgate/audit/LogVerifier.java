package org.tipgate.audit;

import java.io.IOException;
import java.io.InputStream;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.OptionalLong;

/**
 * Verifies an export file (docs/audit.md "Export files") in one pass, holding one line and the
 * tree's right edge: every event is recomputed into the tree, every checkpoint's signature is
 * checked against the gateway's certificate and its root against the tree. The first rule broken
 * decides the result, which names the first sequence number from which the log is not proven.
 */
public final class LogVerifier {

    /** Far longer than any line the gateway writes: an event, or a checkpoint with its certificate. */
    public static final int MAX_LINE_BYTES = 1024 * 1024;

    /**
     * What verification found. When {@code ok}, {@code treeSize} and {@code root} are those of the
     * checkpoint of size {@code to}; otherwise those of the last checkpoint that held (root null if
     * none did), {@code firstBadSeq} the first sequence number not proven, and {@code line} the
     * line at which the failure was found.
     */
    public record Result(boolean ok, long events, long checkpoints, long treeSize, byte[] root,
                         OptionalLong firstBadSeq, long line, String reason) {

        public Result {
            root = root == null ? null : root.clone();
        }

        @Override
        public byte[] root() {
            return root == null ? null : root.clone();
        }

        @Override
        public String toString() {
            return ok ? "ok: " + events + " events, " + checkpoints + " checkpoints, tree size " + treeSize + ", root "
                    + Base64.getEncoder().encodeToString(root)
                    : "first bad sequence number " + (firstBadSeq.isPresent() ? firstBadSeq.getAsLong() : "unknown")
                    + " (line " + line + "): " + reason;
        }
    }

    private final int maxLineBytes;

    public LogVerifier() {
        this(MAX_LINE_BYTES);
    }

    LogVerifier(int maxLineBytes) {
        this.maxLineBytes = maxLineBytes;
    }

    /**
     * Reads the export to its end, or to the first rule it breaks.
     *
     * @throws IOException only when the stream cannot be read; anything in it is a {@link Result}
     */
    public Result verify(InputStream export, X509Certificate gatewayCert) throws IOException {
        ExportLines lines = new ExportLines(export, maxLineBytes);
        ExportCheck run = new ExportCheck(gatewayCert);
        try {
            for (byte[] line = lines.next(); line != null; line = lines.next()) {
                run.line(line);
            }
            run.end(lines.end(), maxLineBytes);
            return new Result(true, run.events(), run.checkpoints(), run.provenSize(), run.provenRoot(), OptionalLong.empty(),
                    lines.number() - 1, "every rule holds");
        } catch (LogException e) {
            return new Result(false, run.events(), run.checkpoints(), run.provenSize(), run.provenRoot(), e.firstBadSeq(),
                    lines.number(), e.getMessage());
        }
    }
}
