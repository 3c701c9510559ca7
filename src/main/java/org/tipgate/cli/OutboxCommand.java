package org.tipgate.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;
import org.tipgate.events.Event;
import org.tipgate.events.EventLog;
import org.tipgate.events.EventType;
import org.tipgate.feed.FeedLedger;
import org.tipgate.outbox.Outbox;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "outbox", description = "The outbox: see packages and their delivery, put dead ones back, see held feeds.",
        subcommands = {OutboxCommand.ListPackages.class, OutboxCommand.Retry.class, OutboxCommand.Held.class})
final class OutboxCommand {

    /** Where the gateway's database is; the embedded default works while the gateway runs (H2 AUTO_SERVER). */
    static final class Database {

        @Option(names = "--db", paramLabel = "JDBC_URL",
                defaultValue = "jdbc:h2:file:./data/tipgate;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;AUTO_SERVER=TRUE",
                description = "The gateway's database (spring.datasource.url). Default: the embedded H2 under ./data.")
        String url;

        @Option(names = "--db-user", defaultValue = "tipgate", paramLabel = "USER",
                description = "Default: ${DEFAULT-VALUE}.")
        String user;

        @Spec(Spec.Target.MIXEE)
        CommandSpec command;

        /**
         * The database, as it is: an embedded H2 file that is not there is a usage error (the command
         * runs elsewhere than the gateway, or --db names the wrong file), never a new empty database.
         */
        JdbcTemplate jdbc() {
            String effective = url;
            Path h2File = h2File(url);
            if (h2File != null) {
                Path file = h2File.resolveSibling(h2File.getFileName() + ".mv.db");
                if (!Files.isRegularFile(file)) {
                    throw new ParameterException(command.commandLine(), "--db " + url.split(";", 2)[0]
                            + ": no database at " + file + " (run where the gateway runs, or give --db)");
                }
                boolean ifExists = url.toUpperCase(Locale.ROOT).contains(";IFEXISTS=");
                effective = ifExists ? url : url.replaceFirst(";*$", "") + ";IFEXISTS=TRUE";
            }
            DriverManagerDataSource dataSource = new DriverManagerDataSource(effective, user,
                    System.getenv().getOrDefault("TIPGATE_DB_PASSWORD", ""));
            return new JdbcTemplate(dataSource);
        }

        /** The file an embedded H2 URL names ({@code jdbc:h2:file:PATH} or {@code jdbc:h2:PATH}), or null. */
        static Path h2File(String url) {
            if (!url.startsWith("jdbc:h2:")) {
                return null;
            }
            String path = url.substring("jdbc:h2:".length()).split(";", 2)[0];
            if (path.startsWith("file:")) {
                path = path.substring("file:".length());
            } else if (path.matches("[a-z]{2,}:.*")) {
                return null; // mem:, tcp:, ssl:, zip: and the like
            }
            if (path.startsWith("~")) {
                path = System.getProperty("user.home") + path.substring(1);
            }
            return Path.of(path);
        }

        TransactionTemplate tx(JdbcTemplate jdbc) {
            return new TransactionTemplate(new DataSourceTransactionManager(jdbc.getDataSource()));
        }
    }

    private static Outbox outbox(JdbcTemplate jdbc) {
        // The backoff only matters to the delivery loop; listing and retrying do not use it.
        return new Outbox(jdbc, Clock.systemUTC(), new Outbox.Backoff(Duration.ofSeconds(1), Duration.ofSeconds(1), 1),
                "cli");
    }

    @Command(name = "list", description = "List packages in one state (default DEAD: those an operator must look at).")
    static final class ListPackages implements Callable<Integer> {

        @Mixin
        Database database;

        @Option(names = "--state", defaultValue = "DEAD", paramLabel = "STATE",
                description = "PENDING, DELIVERED or DEAD. Default: ${DEFAULT-VALUE}.")
        Outbox.State state;

        @Override
        public Integer call() {
            List<Outbox.Entry> entries = outbox(database.jdbc()).inState(state);
            for (Outbox.Entry e : entries) {
                System.out.printf("%s\t%s\t%s\t%d records\t%d attempts\t%s%n", e.packageId(), e.recipient(), e.state(),
                        e.records(), e.attempts(), e.state() == Outbox.State.DELIVERED ? delivered(e)
                                : e.lastError() == null ? "due " + e.nextAttemptAt() : e.lastError());
            }
            System.err.printf("%d packages %s%n", entries.size(), state);
            return 0;
        }

        /** Where it went and, for a package its recipient collects itself, whether it has yet. */
        private static String delivered(Outbox.Entry e) {
            String where = "delivered " + e.deliveredAt() + " to " + e.endpoint();
            if (e.collectedAt() != null) {
                where += ", collected " + e.collectedAt();
            }
            if (e.removedAt() != null) {
                where += ", removed " + e.removedAt();
            }
            return where;
        }
    }

    /**
     * Feeds whose DELIVERED ack was held because their packages leave out routed tips: an operator
     * alarm, so the command exits 1 when there is any (a monitoring check can run it).
     */
    @Command(name = "held", description = "List feeds HELD because their packages leave out tips routed to their"
            + " recipients (no DELIVERED ack was signed); exit 1 when there is any.")
    static final class Held implements Callable<Integer> {

        @Mixin
        Database database;

        @Override
        public Integer call() {
            JdbcTemplate jdbc = database.jdbc();
            // The FEED_HELD event is in the log, or still in the queue the sequencer takes it from.
            List<Map<String, Object>> held = jdbc.queryForList("SELECT f.feed_id, f.sender, f.received_at,"
                    + " COALESCE((SELECT MAX(e.detail) FROM events e WHERE e.feed_id = f.feed_id AND e.type = ?),"
                    + " (SELECT MAX(q.detail) FROM event_queue q WHERE q.feed_id = f.feed_id AND q.type = ?)) AS detail"
                    + " FROM feeds f WHERE f.state = ? ORDER BY f.received_at", EventType.FEED_HELD.name(),
                    EventType.FEED_HELD.name(), FeedLedger.State.HELD.name());
            for (Map<String, Object> feed : held) {
                System.out.printf("%s\t%s\treceived %s\t%s%n", feed.get("feed_id"), feed.get("sender"),
                        feed.get("received_at"), feed.get("detail") == null ? "(no FEED_HELD event found)"
                                : feed.get("detail"));
            }
            System.err.printf("%d feeds HELD%s%n", held.size(), held.isEmpty() ? ""
                    : ": no DELIVERED ack was signed for them; see docs/recovery.md#a-held-feed");
            return held.isEmpty() ? 0 : TipGateCommand.REJECTED;
        }
    }

    @Command(name = "retry", description = "Put a DEAD package back in the outbox, due now, with its attempts reset.")
    static final class Retry implements Callable<Integer> {

        @Mixin
        Database database;

        @Option(names = "--package", required = true, paramLabel = "PACKAGE_ID")
        String packageId;

        @Option(names = "--operator", required = true, paramLabel = "NAME",
                description = "Who asks for the retry; recorded in the event log.")
        String operator;

        @Override
        public Integer call() {
            JdbcTemplate jdbc = database.jdbc();
            Outbox outbox = outbox(jdbc);
            EventLog events = new EventLog(jdbc, Clock.systemUTC());
            Boolean retried = database.tx(jdbc).execute(status -> {
                Outbox.Entry entry = outbox.get(packageId).orElse(null);
                if (entry == null || !outbox.retry(packageId)) {
                    return false;
                }
                events.append(new Event(EventType.DELIVERY_RETRIED, "operator:" + operator, entry.feedId(), null,
                        packageId, entry.recipient(), "PENDING", Map.of("attemptsBefore", entry.attempts())));
                return true;
            });
            if (!Boolean.TRUE.equals(retried)) {
                System.err.println("No DEAD package " + packageId + " (see: tipgate outbox list)");
                return TipGateCommand.REJECTED;
            }
            System.out.println(packageId + " is due again");
            return 0;
        }
    }
}
