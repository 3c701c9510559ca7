package org.tipgate.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.tipgate.crypto.Digests;
import org.tipgate.crypto.Pem;
import org.tipgate.directory.AgencyDirectory;
import org.tipgate.directory.LgdTables;
import org.tipgate.events.EventLog;
import org.tipgate.events.EventType;
import org.tipgate.testing.TestDatabases;

/** What the gateway runs with is put on record at start-up when it differs from what it last recorded. */
class ConfigurationFingerprintsTests {

    @TempDir
    Path work;

    private final DataSource db = TestDatabases.h2().dataSource();
    private final JdbcTemplate jdbc = new JdbcTemplate(db);
    private final EventLog events = new EventLog(jdbc, Clock.systemUTC());

    @Test
    void theFirstStartRecordsBothARestartNothingAndAChangedDirectoryItsPreviousHash() throws Exception {
        Path file = Files.copy(Path.of("config/agencies.yaml"), work.resolve("agencies.yaml"));
        AgencyDirectory directory = AgencyDirectory.load(file, Path.of("."), LgdTables.bundled(), Clock.systemUTC());
        String first = Digests.sha256Hex(file);
        String gatewayCert = Digests.sha256Hex(Pem.readCertificate(Path.of("keys-example/tipgate.crt.pem")));
        String ca = Digests.sha256Hex(Pem.readCertificate(Path.of("keys-example/ca.crt.pem")));

        start(file, directory);
        assertThat(events.byType(EventType.DIRECTORY_CHANGED)).singleElement().satisfies(e -> {
            assertThat(e.event().actor()).isEqualTo("system");
            assertThat(e.event().outcome()).isEqualTo("CHANGED");
            assertThat(e.event().detail()).containsEntry("sha256", first).containsEntry("previous", "none")
                    .containsEntry("agencies", directory.agencies().size());
        });
        assertThat(events.byType(EventType.KEY_CHANGED)).singleElement().satisfies(e -> {
            assertThat(e.event().outcome()).isEqualTo("CHANGED");
            assertThat(e.event().detail()).containsEntry("gatewayCert", gatewayCert)
                    .containsEntry("previousGatewayCert", "none").containsEntry("trustAnchors", List.of(ca))
                    .containsEntry("previousTrustAnchors", "none");
        });

        start(file, directory);
        assertThat(events.byType(EventType.DIRECTORY_CHANGED)).as("a restart with the same directory").hasSize(1);
        assertThat(events.byType(EventType.KEY_CHANGED)).as("a restart with the same keys").hasSize(1);

        Files.writeString(file, Files.readString(file) + "\n# an operator's note\n");
        String second = Digests.sha256Hex(file);
        start(file, directory);
        assertThat(events.byType(EventType.DIRECTORY_CHANGED)).hasSize(2).last().satisfies(e ->
                assertThat(e.event().detail()).containsEntry("sha256", second).containsEntry("previous", first));
        assertThat(events.byType(EventType.KEY_CHANGED)).as("the keys did not change").hasSize(1);
        assertThat(jdbc.queryForObject("SELECT setting_value FROM audit_settings WHERE name = ?", String.class,
                ConfigurationFingerprints.DIRECTORY)).isEqualTo(second);
    }

    private void start(Path file, AgencyDirectory directory) {
        new ConfigurationFingerprints(file, directory, directory.certificates(directory.gateway().id()).get(0), jdbc,
                events, new TransactionTemplate(new DataSourceTransactionManager(db))).afterPropertiesSet();
    }
}
