package org.tipgate.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.tipgate.audit.AuditArchive;
import org.tipgate.audit.AuditExporter;
import org.tipgate.audit.AuditTrail;
import org.tipgate.audit.CanonicalJson;
import org.tipgate.audit.Checkpoints;
import org.tipgate.audit.EventFilter;
import org.tipgate.audit.LogVerifier;
import org.tipgate.audit.LoggedEvent;
import org.tipgate.audit.Viewer;
import org.tipgate.crypto.Digests;
import org.tipgate.crypto.Pem;
import org.tipgate.events.EventType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The audit trail, offline (docs/audit.md): each subcommand is one class registered below. A
 * check that fails exits 1 and prints, on stderr, the first sequence number it cannot vouch for
 * and why.
 */
@Command(name = "audit", description = "The audit trail: export, query and archive it from the gateway's database; "
        + "verify an exported log or a custody report offline.",
        subcommands = {AuditCommand.Export.class, AuditVerifyCommand.class, AuditCommand.Query.class,
                AuditCustodyCommand.class, AuditCommand.Archive.class})
final class AuditCommand {

    /** The certificate that checkpoints and custody reports must be signed with: the gateway's own. */
    static final class GatewayCertificate {

        @Option(names = "--cert", converter = FileOptions.Input.class, required = true, paramLabel = "GATEWAY_CERT",
                description = "PEM certificate of the gateway; only its key is accepted, not any key of a CA.")
        Path cert;

        X509Certificate load() throws IOException {
            return Pem.readCertificate(cert);
        }
    }

    static int failed(OptionalLong firstBadSeq, String reason) {
        System.err.println("first bad sequence number: "
                + (firstBadSeq.isPresent() ? String.valueOf(firstBadSeq.getAsLong()) : "unknown"));
        System.err.println(printable(reason));
        return TipGateCommand.REJECTED;
    }

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
            .withZone(ZoneOffset.UTC);

    static String time(Instant instant) {
        return TIME.format(instant);
    }

    /** Text from a file on one line: control characters escaped, so that no value can pass for a line of output. */
    static String printable(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            if (Character.isISOControl(c) || c == 0x2028 || c == 0x2029) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }

    /** Whom an operator's question is recorded as, in the AUDIT_QUERIED event it appends. */
    static final class Operator {

        @Option(names = "--operator", required = true, paramLabel = "NAME",
                description = "Who asks; recorded in the audit trail as operator:NAME.")
        String name;

        Viewer viewer() {
            return viewer(name);
        }

        static Viewer viewer(String name) {
            if (!name.matches("[A-Za-z0-9._@-]{1,48}")) {
                throw new IllegalArgumentException("--operator: 1 to 48 letters, digits and . _ @ -");
            }
            return Viewer.operator(name);
        }
    }

    @Command(name = "export", description = "Export the log as JSON Lines, from a sequence number to the newest "
            + "checkpoint; works while the gateway runs.")
    static final class Export implements Callable<Integer> {

        @Option(names = "--out", converter = FileOptions.Output.class, required = true, paramLabel = "FILE")
        Path out;

        @Option(names = "--from", paramLabel = "SEQ",
                description = "The first sequence number (default: the oldest event still in the database).")
        Long from;

        @Mixin
        OutboxCommand.Database database;

        @Option(names = "--operator", paramLabel = "NAME", defaultValue = "cli",
                description = "Who exports; recorded in the audit trail as operator:NAME. Default: ${DEFAULT-VALUE}.")
        String operator;

        @Override
        public Integer call() throws Exception {
            Viewer viewer;
            try {
                if (from != null && from < 0) {
                    throw new IllegalArgumentException("--from must be 0 or more");
                }
                viewer = Operator.viewer(operator);
            } catch (IllegalArgumentException e) {
                System.err.println("tipgate: " + e.getMessage());
                return TipGateCommand.USAGE;
            }
            JdbcTemplate jdbc = database.jdbc();
            AuditExporter exporter = new AuditExporter(jdbc, Checkpoints.readOnly(jdbc), Clock.systemUTC());
            AuditExporter.Exported exported;
            try {
                exported = AtomicOutput.write(out, stream -> exporter.export(stream, from));
            } catch (IllegalArgumentException | IllegalStateException e) {
                System.err.println("tipgate: " + e.getMessage());
                return TipGateCommand.USAGE;
            }
            AuditTrail.readOnly(jdbc, database.tx(jdbc), Clock.systemUTC()).queried(viewer, "export",
                    Map.of("from", exported.from(), "to", exported.to(), "returned", exported.to() - exported.from()),
                    "OK");
            System.err.printf("exported events %d to %d (%d events, %d checkpoints) to %s%n", exported.from(),
                    exported.to() - 1, exported.to() - exported.from(), exported.checkpoints(), out);
            return 0;
        }
    }

    @Command(name = "query", description = "Events of the log that match every filter given, in sequence order, "
            + "as JSON Lines (the canonical event and its leafHash); the same filters as GET /api/v1/audit/events.")
    static final class Query implements Callable<Integer> {

        @Option(names = "--tip-id", paramLabel = "TIP_ID")
        String tipId;
        @Option(names = "--feed-id", paramLabel = "FEED_ID")
        String feedId;
        @Option(names = "--agency", paramLabel = "AGENCY_ID", description = "The event's actor or recipient.")
        String agency;
        @Option(names = "--type", paramLabel = "TYPE")
        EventType type;
        @Option(names = "--outcome", paramLabel = "OUTCOME")
        String outcome;
        @Option(names = "--from", paramLabel = "TIME", description = "RFC 3339, inclusive.")
        Instant from;
        @Option(names = "--to", paramLabel = "TIME", description = "RFC 3339, exclusive.")
        Instant to;
        @Option(names = "--cursor", paramLabel = "SEQ", description = "Continue after this sequence number.")
        Long cursor;
        @Option(names = "--limit", paramLabel = "N", defaultValue = "1000",
                description = "Most events printed. Default: ${DEFAULT-VALUE}; the next cursor is printed on stderr.")
        int limit;

        @Mixin
        Operator operator;

        @Mixin
        OutboxCommand.Database database;

        @Override
        public Integer call() {
            EventFilter filter;
            Viewer viewer;
            try {
                filter = new EventFilter(tipId, feedId, agency, type == null ? null : type.name(), outcome, from, to);
                viewer = operator.viewer();
                if (limit < 1 || limit > 100_000) {
                    throw new IllegalArgumentException("--limit must be 1 to 100000");
                }
            } catch (IllegalArgumentException e) {
                System.err.println("tipgate: " + e.getMessage());
                return TipGateCommand.USAGE;
            }
            JdbcTemplate jdbc = database.jdbc();
            AuditTrail trail = AuditTrail.readOnly(jdbc, database.tx(jdbc), Clock.systemUTC());
            AuditTrail.Page page = trail.events(filter, viewer, cursor, limit);
            Map<String, Object> detail = new TreeMap<>(filter.toDetail());
            detail.put("returned", page.events().size());
            trail.queried(viewer, "events", detail, "OK");
            for (LoggedEvent e : page.events()) {
                Map<String, Object> line = new TreeMap<>(e.event().toMap());
                line.put("leafHash", Base64.getEncoder().encodeToString(e.leafHash()));
                System.out.println(CanonicalJson.encodeToString(line));
            }
            System.err.println(page.events().size() + " events" + (page.next() == null ? ""
                    : "; more after --cursor " + page.next()));
            return 0;
        }
    }

    @Command(name = "archive", description = "Move the events older than the retention period (at least 180 days) "
            + "out of the database into a verified export file; later exports and proofs are unchanged.")
    static final class Archive implements Callable<Integer> {

        @Option(names = "--out", converter = FileOptions.Output.class, required = true, paramLabel = "FILE")
        Path out;

        @Option(names = "--retention", defaultValue = "180d", paramLabel = "DURATION",
                description = "Keep events younger than this: 180d or more (days, d). Default: ${DEFAULT-VALUE}.")
        String retention;

        @Mixin
        GatewayCertificate gateway;

        @Mixin
        Operator operator;

        @Mixin
        OutboxCommand.Database database;

        @Override
        public Integer call() throws Exception {
            Duration keep;
            Viewer viewer;
            try {
                if (!retention.matches("[0-9]{1,6}d")) {
                    throw new IllegalArgumentException("--retention: a number of days, such as 180d");
                }
                keep = Duration.ofDays(Long.parseLong(retention.substring(0, retention.length() - 1)));
                if (keep.compareTo(AuditArchive.MIN_RETENTION) < 0) {
                    throw new IllegalArgumentException("--retention: audit events are kept at least 180 days");
                }
                viewer = operator.viewer();
            } catch (IllegalArgumentException e) {
                System.err.println("tipgate: " + e.getMessage());
                return TipGateCommand.USAGE;
            }
            X509Certificate cert = gateway.load();
            JdbcTemplate jdbc = database.jdbc();
            AuditArchive archive = new AuditArchive(jdbc, database.tx(jdbc), Checkpoints.readOnly(jdbc),
                    Clock.systemUTC());
            long from = archive.archived();
            long to = archive.archivable(keep);
            if (to <= from) {
                System.err.println("nothing to archive: no checkpoint covers only events older than " + retention);
                return 0;
            }
            AtomicOutput.write(out, stream -> archive.write(stream, to));
            // The file must be on disk and verify before anything leaves the database.
            try (FileChannel channel = FileChannel.open(out,
                    StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            LogVerifier.Result verified;
            try (InputStream in = Files.newInputStream(out)) {
                verified = new LogVerifier().verify(in, cert);
            }
            if (!verified.ok() || verified.treeSize() != to) {
                return failed(verified.firstBadSeq(), "the archive file does not verify, nothing was removed: line "
                        + verified.line() + ": " + verified.reason());
            }
            String sha256 = Digests.sha256Hex(out);
            AuditArchive.Archived archived = archive.prune(from, to, viewer.id(), sha256);
            System.err.printf("archived events %d to %d (%d checkpoints) to %s, sha256 %s; keep this file with the "
                    + "earlier archives%n", archived.from(), archived.to() - 1, archived.checkpoints(), out, sha256);
            return 0;
        }
    }
}
