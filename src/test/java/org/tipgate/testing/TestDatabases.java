package org.tipgate.testing;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Assumptions;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The databases the suite runs against: H2 always, PostgreSQL when {@code TIPGATE_TEST_POSTGRES_URL}
 * (with {@code _USER} and {@code _PASSWORD}) names one, as {@code .ci/run} does. Each call gives a
 * fresh, migrated schema, so tests never see each other's rows.
 */
public final class TestDatabases {

    /** A named database for parameterized tests. */
    public record Database(String name, DataSource dataSource) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static final String POSTGRES_URL = System.getenv("TIPGATE_TEST_POSTGRES_URL");

    private TestDatabases() {
    }

    /** Both databases, for {@code @MethodSource}; PostgreSQL is reported as skipped when not configured. */
    public static Stream<String> names() {
        return Stream.of("H2", "PostgreSQL");
    }

    public static Database fresh(String name) {
        return "H2".equals(name) ? h2() : postgres();
    }

    public static Database h2() {
        DriverManagerDataSource dataSource = new DriverManagerDataSource(
                "jdbc:h2:mem:" + UUID.randomUUID() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1",
                "tipgate", "");
        migrate(dataSource, null);
        return new Database("H2", dataSource);
    }

    public static Database postgres() {
        Assumptions.assumeTrue(POSTGRES_URL != null,
                "PostgreSQL tests skipped: TIPGATE_TEST_POSTGRES_URL is not set (.ci/run sets it)");
        String schema = "test_" + UUID.randomUUID().toString().replace("-", "");
        DriverManagerDataSource dataSource = new DriverManagerDataSource(
                POSTGRES_URL + (POSTGRES_URL.contains("?") ? "&" : "?") + "currentSchema=" + schema,
                System.getenv().getOrDefault("TIPGATE_TEST_POSTGRES_USER", "tipgate"),
                System.getenv().getOrDefault("TIPGATE_TEST_POSTGRES_PASSWORD", "tipgate"));
        migrate(dataSource, schema);
        return new Database("PostgreSQL", dataSource);
    }

    private static void migrate(DataSource dataSource, String schema) {
        var configuration = Flyway.configure().dataSource(dataSource).locations("classpath:db/migration");
        if (schema != null) {
            configuration.schemas(schema).createSchemas(true);
        }
        configuration.load().migrate();
    }

    /**
     * Gives a Spring Boot test's gateway scratch folders of its own under {@code work} (SFTP homes
     * under {@code work/sftp}, where PULL deliveries go, host key, evidence spool, packages, DIRECTORY
     * deliveries under {@code work/data/outbox}) and its own database ({@link #register}).
     */
    public static void registerGateway(DynamicPropertyRegistry registry,
                                       Path work, String database) {
        registry.add("tipgate.sftp.root", () -> work.resolve("sftp").toString());
        registry.add("tipgate.spool", () -> work.resolve("spool").toString());
        registry.add("tipgate.packages", () -> work.resolve("packages").toString());
        registry.add("tipgate.delivery.directory-base", () -> work.toString());
        registry.add("tipgate.sftp.host-key", () -> work.resolve("host-key").toString());
        register(registry, database);
    }

    /**
     * Points a Spring Boot test's gateway at its own database: an in-memory H2 named {@code name} by
     * default, or a fresh PostgreSQL schema when {@code TIPGATE_TEST_GATEWAY_DB=PostgreSQL} (the
     * second pass of {@code .ci/run}), so that the end-to-end suite runs on both.
     */
    public static void register(DynamicPropertyRegistry registry, String name) {
        if (!"PostgreSQL".equalsIgnoreCase(System.getenv("TIPGATE_TEST_GATEWAY_DB"))) {
            registry.add("spring.datasource.url",
                    () -> "jdbc:h2:mem:" + name + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1");
            return;
        }
        if (POSTGRES_URL == null) {
            throw new IllegalStateException("TIPGATE_TEST_GATEWAY_DB=PostgreSQL needs TIPGATE_TEST_POSTGRES_URL");
        }
        String schema = "gw_" + name.replaceAll("[^A-Za-z0-9]", "_").toLowerCase(Locale.ROOT) + "_"
                + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        registry.add("spring.datasource.url",
                () -> POSTGRES_URL + (POSTGRES_URL.contains("?") ? "&" : "?") + "currentSchema=" + schema);
        registry.add("spring.datasource.username",
                () -> System.getenv().getOrDefault("TIPGATE_TEST_POSTGRES_USER", "tipgate"));
        registry.add("spring.datasource.password",
                () -> System.getenv().getOrDefault("TIPGATE_TEST_POSTGRES_PASSWORD", "tipgate"));
        registry.add("spring.flyway.schemas", () -> schema);
        registry.add("spring.flyway.create-schemas", () -> "true");
        // Spring keeps the contexts of earlier test classes (and their pools) for reuse: with Hikari's
        // default of ten idle connections each, some thirty contexts used up PostgreSQL's 100
        // connections and later contexts could not start. An idle context keeps one.
        registry.add("spring.datasource.hikari.minimum-idle", () -> "1");
        registry.add("spring.datasource.hikari.idle-timeout", () -> "10000");
    }

    /** Every migration on the classpath, for tests that check they all apply. */
    public static List<String> migrations() {
        return List.of("V1__feeds.sql", "V2__pipeline.sql", "V3__lease_owner.sql", "V4__audit.sql",
                "V5__tip_ledger_key.sql", "V6__package_collection.sql", "V7__feed_lease.sql");
    }
}
