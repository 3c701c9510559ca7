package org.tipgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;
import org.tipgate.audit.Sequencer;
import org.tipgate.events.Event;
import org.tipgate.events.EventLog;
import org.tipgate.events.EventType;
import org.tipgate.testing.TestDatabases;

/** {@code tipgate audit query|export|archive} against a gateway's database. */
class AuditDatabaseCommandTests {

    @TempDir
    Path dir;

    @Test
    void queryPrintsTheMatchingEventsAndIsItselfRecorded() throws Exception {
        var db = TestDatabases.h2();
        String url = ((DriverManagerDataSource) db.dataSource()).getUrl();
        JdbcTemplate jdbc = new JdbcTemplate(db.dataSource());
        TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(db.dataSource()));
        EventLog events = new EventLog(jdbc, Clock.systemUTC());
        tx.executeWithoutResult(status -> {
            for (int i = 0; i < 5; i++) {
                events.appendAll(List.of(
                        new Event(EventType.RECORD_ROUTED, Event.SYSTEM, "F-1", "T-" + i, "F-1.mp-scc", "mp-scc",
                                "ROUTED", Map.of("line", i + 2)),
                        new Event(EventType.RECORD_ROUTED, Event.SYSTEM, "F-1", "T-" + i, "F-1.mp-indore", "mp-indore",
                                "ROUTED", Map.of("line", i + 2))));
            }
        });
        new Sequencer(jdbc, tx, Clock.systemUTC(), 100).integrate();

        Cli.Run run = Cli.tipgate("audit", "query", "--tip-id", "T-3", "--agency", "mp-indore", "--operator", "asha",
                "--db", url, "--db-user", "tipgate");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(events(run)).singleElement().satisfies(line -> assertThat(line)
                .contains("\"tipId\":\"T-3\"", "\"recipient\":\"mp-indore\"", "\"leafHash\":"));
        assertThat(run.err()).contains("1 events");
        assertThat(events.byType(EventType.AUDIT_QUERIED)).singleElement().satisfies(e -> {
            assertThat(e.event().actor()).isEqualTo("operator:asha");
            assertThat(e.event().detail()).containsEntry("tipId", "T-3").containsEntry("returned", 1);
        });

        Cli.Run paged = Cli.tipgate("audit", "query", "--type", "RECORD_ROUTED", "--limit", "4", "--operator", "asha",
                "--db", url);
        assertThat(events(paged)).hasSize(4);
        assertThat(paged.err()).contains("more after --cursor 3");

        assertThat(Cli.tipgate("audit", "query", "--tip-id", "T-3", "--db", url).exitCode()).isEqualTo(2);
        assertThat(Cli.tipgate("audit", "query", "--limit", "0", "--operator", "asha", "--db", url).exitCode())
                .isEqualTo(2);
        assertThat(Cli.tipgate("audit", "query", "--type", "NO_SUCH", "--operator", "asha", "--db", url).exitCode())
                .isEqualTo(2);

        // Nothing is exported before a checkpoint, and nothing archived that is not 180 days old.
        Cli.Run export = Cli.tipgate("audit", "export", "--out", dir.resolve("x.jsonl").toString(), "--db", url);
        assertThat(export.exitCode()).isEqualTo(2);
        assertThat(export.err()).contains("no checkpoint has been signed yet");
        assertThat(Files.exists(dir.resolve("x.jsonl"))).isFalse();
        Cli.Run archive = Cli.tipgate("audit", "archive", "--out", dir.resolve("a.jsonl").toString(), "--cert",
                "keys-example/tipgate.crt.pem", "--operator", "asha", "--db", url);
        assertThat(archive.exitCode()).as(archive.err()).isZero();
        assertThat(archive.err()).contains("nothing to archive");
        assertThat(Cli.tipgate("audit", "archive", "--out", dir.resolve("a.jsonl").toString(), "--cert",
                "keys-example/tipgate.crt.pem", "--operator", "asha", "--retention", "90d", "--db", url).exitCode())
                .isEqualTo(2);
    }

    /**
     * The events a query printed: its output's JSON lines. In this JVM other tests' gateways may
     * log to the same System.out meanwhile (see {@link Cli#tipgate}).
     */
    private static List<String> events(Cli.Run run) {
        return run.out().lines().filter(line -> line.startsWith("{")).toList();
    }
}
