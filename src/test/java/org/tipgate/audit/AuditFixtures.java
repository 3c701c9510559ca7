package org.tipgate.audit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tipgate.crypto.CmsSigner;
import org.tipgate.crypto.Pem;

/**
 * Audit logs for tests, signed with the committed demo PKI ({@code keys-example/}): deterministic
 * events about tips, feeds and packages, checkpoints, and whole export files written with
 * {@link ExportWriter} (whose output ExportWriterTests pins byte for byte).
 */
public final class AuditFixtures {

    public static final Path KEYS = Path.of("keys-example");
    public static final Instant T0 = Instant.parse("2026-11-22T17:20:00.000001Z");
    public static final String ORIGIN = "tipgate";

    private AuditFixtures() {
    }

    public static X509Certificate cert(String id) {
        try {
            return Pem.readCertificate(KEYS.resolve(id + ".crt.pem"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static X509Certificate gatewayCert() {
        return cert("tipgate");
    }

    /** The signer of agency {@code id}, its signingTime fixed. */
    public static CmsSigner signer(String id) {
        try {
            return new CmsSigner(Pem.readPrivateKey(KEYS.resolve(id + ".key.pem")), cert(id), List.of(),
                    Clock.fixed(T0, ZoneOffset.UTC));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static CmsSigner gateway() {
        return signer("tipgate");
    }

    public static String tip(long n) {
        return "CT-" + (100000000 + n);
    }

    /**
     * Event {@code seq} of a busy gateway: in each block of ten, a feed arrives (its intake, then its
     * verification), two of its tips
     * are accepted and routed into a package for mp-scc, the package is built and delivered, and
     * an auditor queries. Tip {@code tip(seq / 10)} is the block's first tip.
     */
    public static AuditEvent event(long seq) {
        long block = seq / 10;
        String feed = "NCRB-2026-" + String.format("%06d", block);
        String pkg = "PKG-" + feed + "-mp-scc";
        Instant at = T0.plusMillis(seq * 37).plusNanos(seq % 1000 * 1000);
        Map<String, Object> detail = new LinkedHashMap<>();
        return switch ((int) (seq % 10)) {
            case 0 -> {
                detail.put("sha256", String.format("%064x", seq));
                detail.put("bytes", 1000 + seq);
                detail.put("intakeId", "intake-" + block);
                // Before verification the feed's id is not known: the intake links it to its feed.
                yield new AuditEvent(seq, at, "FEED_RECEIVED", "ncrb", null, null, null, null, "SPOOLED", detail);
            }
            case 1 -> new AuditEvent(seq, at, "FEED_VERIFIED", "system", feed, null, null, null, "VERIFIED",
                    Map.of("records", 2L, "signer", "CN=ncrb", "intakeId", "intake-" + block));
            case 2, 3 -> new AuditEvent(seq, at, "RECORD_ACCEPTED", "system", feed, tip(block * 2 + seq % 2), null,
                    null, "ACCEPTED", Map.of("line", seq % 10));
            case 4, 5 -> new AuditEvent(seq, at, "RECORD_ROUTED", "system", feed, tip(block * 2 + seq % 2), pkg,
                    "mp-scc", "ROUTED", Map.of());
            case 6 -> new AuditEvent(seq, at, "PACKAGE_BUILT", "system", feed, null, pkg, "mp-scc", "BUILT",
                    Map.of("records", 2L));
            case 7 -> new AuditEvent(seq, at, "PACKAGE_DELIVERED", "system", feed, null, pkg, "mp-scc", "DELIVERED",
                    Map.of("transport", "sftp", "attempt", 1L));
            case 8 -> new AuditEvent(seq, at, "RECEIPT_RECORDED", "mp-scc", feed, null, pkg, "mp-scc", "ACCEPTED",
                    Map.of());
            default -> new AuditEvent(seq, at, "AUDIT_QUERIED", "operator:ravi", null, null, null, null, "OK",
                    Map.of("filters", Map.of("tipId", tip(block * 2)), "note", "caf\u00e9 \ud83d\ude00 \"q\"\n"));
        };
    }

    public static List<byte[]> leafHashes(long count) {
        List<byte[]> leaves = new ArrayList<>();
        for (long seq = 0; seq < count; seq++) {
            leaves.add(event(seq).leafHash());
        }
        return leaves;
    }

    public static Instant checkpointTime(long size) {
        return T0.plusSeconds(size);
    }

    public static SignedCheckpoint checkpoint(long size, byte[] root) {
        return SignedCheckpoint.sign(new Checkpoint(ORIGIN, size, root, checkpointTime(size)), gateway());
    }

    /** The events about {@code tip(2 * block)}: its feed's two, its own two, and its package's three. */
    public static List<Long> custodySeqs(long block) {
        long b = block * 10;
        return List.of(b, b + 1, b + 2, b + 4, b + 6, b + 7, b + 8);
    }

    /** Event {@code seq} with its inclusion proof in the log of {@code size} events. */
    public static CustodyReport.Entry entry(long seq, long size) {
        return new CustodyReport.Entry(event(seq), Merkle.inclusionProof(seq, size, MerkleTests.nodes(leafHashes(size),
                size)));
    }

    /** The custody report of {@code tip(2 * block)} under the checkpoint of {@code size}, for the auditor. */
    public static CustodyReport custody(long block, long size) {
        List<CustodyReport.Entry> entries = new ArrayList<>();
        for (long seq : custodySeqs(block)) {
            entries.add(entry(seq, size));
        }
        return new CustodyReport(tip(2 * block), "auditor", checkpointTime(size).plusSeconds(5),
                checkpoint(size, Merkle.root(leafHashes(size))), entries);
    }

    /**
     * An export file, line by line without line feeds; {@code eventLine} and {@code checkpointLine}
     * give the 0-based index of each event's line and of each checkpoint's line, by size.
     */
    public record Export(long from, long to, List<String> lines, Map<Long, Integer> eventLine,
                         Map<Long, Integer> checkpointLine) {

        public byte[] bytes() {
            StringBuilder text = new StringBuilder();
            lines.forEach(line -> text.append(line).append('\n'));
            return text.toString().getBytes(StandardCharsets.UTF_8);
        }

        /** A copy whose lines can be altered. */
        public Export copy() {
            return new Export(from, to, new ArrayList<>(lines), eventLine, checkpointLine);
        }

        /** The 1-based line number of an event's line, as the verifier reports it. */
        public long lineNumberOfEvent(long seq) {
            return eventLine.get(seq) + 1;
        }

        public long lineNumberOfCheckpoint(long size) {
            return checkpointLine.get(size) + 1;
        }
    }

    /** Events {@code from} to {@code to - 1}, a checkpoint after every {@code every} events of the log and at {@code to}. */
    public static Export export(long from, long to, int every) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ExportWriter writer = new ExportWriter(out);
        Map<Long, Integer> eventLine = new LinkedHashMap<>();
        Map<Long, Integer> checkpointLine = new LinkedHashMap<>();
        int line = 0;
        try {
            writer.header(ORIGIN, from, to, T0.plusSeconds(to + 60));
            line++;
            Frontier tree = Frontier.empty();
            for (long seq = 0; seq < from; seq++) {
                tree.append(event(seq).leafHash(), (h, i, hash) -> { });
            }
            if (from > 0) {
                writer.frontier(tree);
                line++;
            }
            for (long seq = from; seq < to; seq++) {
                AuditEvent event = event(seq);
                writer.event(event, event.leafHash());
                eventLine.put(seq, line++);
                tree.append(event.leafHash(), (h, i, hash) -> { });
                long size = seq + 1;
                if (size % every == 0 || size == to) {
                    writer.checkpoint(checkpoint(size, tree.root()));
                    checkpointLine.put(size, line++);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> lines = List.of(out.toString(StandardCharsets.UTF_8).split("\n"));
        return new Export(from, to, new ArrayList<>(lines), Map.copyOf(eventLine), Map.copyOf(checkpointLine));
    }
}
