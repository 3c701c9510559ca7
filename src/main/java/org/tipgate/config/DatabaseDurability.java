package org.tipgate.config;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.stereotype.Component;

/**
 * Makes a commit to an H2 database survive a crash of the gateway, before any flow runs.
 *
 * <p>H2 writes committed transactions to its file only after a delay ({@code WRITE_DELAY}, 500 ms
 * by default), so a gateway killed within that delay comes back without commits it had already
 * acted on: the pipeline removes an upload once its intake is recorded, writes acks and delivers
 * packages once their rows are committed. Killed with SIGKILL just after it had recorded an upload,
 * the gateway came back with no intake row, removed the spooled copy as unrecorded, and the feed,
 * its upload already gone, was lost without a word to anyone. With {@code WRITE_DELAY 0} each
 * commit is in the file (the operating system's cache) before it returns. H2 does not keep the
 * setting when the database is opened again, whatever the URL says, so it is set at every start.
 * In-memory H2 has nothing to keep and PostgreSQL makes its commits durable itself.
 */
@Component
class DatabaseDurability implements InitializingBean {

    private static final Logger LOG = LoggerFactory.getLogger(DatabaseDurability.class);

    private final DataSource dataSource;

    DatabaseDurability(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public void afterPropertiesSet() {
        try (Connection connection = dataSource.getConnection()) {
            DatabaseMetaData database = connection.getMetaData();
            if (!"H2".equals(database.getDatabaseProductName()) || database.getURL().startsWith("jdbc:h2:mem:")) {
                return;
            }
            try (Statement statement = connection.createStatement()) {
                statement.execute("SET WRITE_DELAY 0");
            }
            LOG.info("H2 writes every commit to its file before the commit returns (WRITE_DELAY 0)");
        } catch (SQLException e) {
            throw new InvalidConfigurationException("spring.datasource.url: cannot make the H2 database write each"
                    + " commit at once (SET WRITE_DELAY 0 needs an administrator): " + e.getMessage(), e);
        }
    }
}
