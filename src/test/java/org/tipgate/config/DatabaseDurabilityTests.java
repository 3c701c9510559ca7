package org.tipgate.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.jdbc.core.JdbcTemplate;
import org.tipgate.GatewayApplication;

/**
 * A gateway on an H2 file database writes each commit to the file before the commit returns, so
 * that a crash loses no commit it already acted on. (CrashRecoveryTests, tagged heavy, kills the
 * gateway with SIGKILL: with H2's default write delay a feed recorded just before the kill was lost.)
 */
class DatabaseDurabilityTests {

    @Test
    void anH2FileDatabaseWritesEveryCommitAtOnceWhateverItsUrlSays(@TempDir Path dir) {
        String url = "jdbc:h2:file:" + dir.resolve("db").toAbsolutePath()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;AUTO_SERVER=TRUE";

        for (int start = 1; start <= 2; start++) {
            try (var context = new SpringApplicationBuilder(GatewayApplication.class).run("--server.port=0",
                    "--management.server.port=0", "--camel.main.routes-include-pattern=classpath:test-routes/*.yaml",
                    "--spring.datasource.url=" + url, "--tipgate.sftp.root=" + dir.resolve("sftp"),
                    "--tipgate.spool=" + dir.resolve("spool"), "--tipgate.packages=" + dir.resolve("packages"))) {
                assertThat(writeDelay(context.getBean(JdbcTemplate.class))).as("start " + start).isEqualTo("0");
            }
        }
    }

    private static String writeDelay(JdbcTemplate jdbc) {
        return jdbc.queryForObject("SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME ="
                + " 'WRITE_DELAY'", String.class);
    }
}
