package org.tipgate.flow;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;
import org.tipgate.TipGate;

/**
 * The gateway as an operator runs it: {@code java -cp <this JVM's class path> org.tipgate.TipGate
 * serve}, in the project folder (so routes/ and keys-example/ are the real ones), with every working
 * file under one folder: an H2 file database, the SFTP root and host key, the spool, the outbox's
 * package files and the recipients' delivery folders ({@link #deliveredPackages}). Started again on the same folder and SFTP
 * port, it resumes from what it left there. Each start logs to its own file in that folder.
 */
final class GatewayProcess implements AutoCloseable {

    /** What the gateway logs once its SFTP and HTTPS ports are open and it takes feeds. */
    private static final Pattern STARTED = Pattern.compile(
            "Intake open: SFTP on port [0-9]+");

    private final Path dir;
    private final int sftpPort;
    private final int httpsPort;
    private final int managementPort;
    private final List<String> extra;
    private final List<String> jvmOptions;
    private final String schema;
    private Process process;
    private Path log;
    private int starts;

    /** {@code extra}: more {@code --key=value} arguments, for every start. */
    GatewayProcess(Path dir, List<String> extra) throws IOException {
        this(dir, extra, List.of());
    }

    /**
     * {@code jvmOptions}: options for the gateway's JVM, after the default {@code -Xmx512m} (so a
     * later {@code -Xmx} wins), e.g. {@code -Xlog:gc:file=...}; for every start.
     */
    GatewayProcess(Path dir, List<String> extra, List<String> jvmOptions) throws IOException {
        this.dir = Files.createDirectories(dir);
        this.sftpPort = freePort();
        this.httpsPort = freePort();
        this.managementPort = freePort();
        this.extra = List.copyOf(extra);
        this.jvmOptions = List.copyOf(jvmOptions);
        this.schema = "PostgreSQL".equalsIgnoreCase(System.getenv("TIPGATE_TEST_GATEWAY_DB"))
                ? "crash_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12) : null;
    }

    /**
     * The gateway's database: an H2 file, or a fresh PostgreSQL schema when
     * {@code TIPGATE_TEST_GATEWAY_DB=PostgreSQL} (the second pass of {@code .ci/run}), so that a kill -9
     * is survived on both.
     */
    String databaseUrl() {
        if (schema != null) {
            String base = System.getenv("TIPGATE_TEST_POSTGRES_URL");
            return base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        }
        return "jdbc:h2:file:" + dir.resolve("db").toAbsolutePath()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;AUTO_SERVER=TRUE";
    }

    String databaseUser() {
        return schema == null ? "tipgate" : System.getenv().getOrDefault("TIPGATE_TEST_POSTGRES_USER", "tipgate");
    }

    String databasePassword() {
        return schema == null ? "" : System.getenv().getOrDefault("TIPGATE_TEST_POSTGRES_PASSWORD", "tipgate");
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection(databaseUrl(), databaseUser(), databasePassword());
    }

    int sftpPort() {
        return sftpPort;
    }

    /** The HTTPS API's port (server.port), fixed for every start so that a test can watch it open. */
    int httpsPort() {
        return httpsPort;
    }

    /** The actuator's port (management.server.port), plain HTTP, fixed for every start. */
    int managementPort() {
        return managementPort;
    }

    Path sftpRoot() {
        return dir.resolve("sftp");
    }

    /**
     * The package files delivered to {@code agencyId} and still there, sorted by name, whatever its
     * endpoint in the directory this gateway runs with: its DIRECTORY folder (the demo directory's
     * {@code data/outbox/<agency>} below this gateway's folder) or the {@code outbox/} of its account
     * on the embedded SFTP server (PULL, the demo districts). Complete packages only, never a
     * temporary file of a delivery in progress. An agency delivered to its own SFTP or HTTPS server
     * is refused: its packages are on that server.
     */
    List<Path> deliveredPackages(String agencyId) {
        return delivered().of(agencyId);
    }

    /** Where the package {@code packageId} of {@code agencyId} is once delivered (DIRECTORY or PULL). */
    Path deliveredPackage(String agencyId, String packageId) {
        return delivered().file(agencyId, packageId);
    }

    /**
     * Every folder this gateway delivers packages into, for all its recipients (DIRECTORY folders,
     * PULL outboxes), and the folder PULL deliveries are staged in: where a watcher sees deliveries
     * being written.
     */
    List<Path> deliveryFolders() {
        return delivered().folders();
    }

    /** The directory file this gateway runs with: {@code --tipgate.directory} if given, else the demo one. */
    Path directoryFile() {
        String option = "--tipgate.directory=";
        return extra.stream().filter(a -> a.startsWith(option)).reduce((first, last) -> last)
                .map(a -> Path.of(a.substring(option.length()))).orElse(Path.of("config/agencies.yaml"));
    }

    private DeliveredPackages delivered() {
        return new DeliveredPackages(dir, directoryFile());
    }

    Path packages() {
        return dir.resolve("packages");
    }

    /** Starts the gateway and returns once it takes feeds; fails with its log if it exits instead. */
    Duration start(Duration timeout) throws Exception {
        Instant begun = launch();
        try {
            Awaitility.await("the gateway's start").atMost(timeout).pollInterval(Duration.ofMillis(50))
                    .failFast("the gateway exited", () -> !process.isAlive())
                    .until(() -> STARTED.matcher(Files.readString(log)).find());
        } catch (ConditionTimeoutException | TerminalFailureException e) {
            throw new AssertionError((process.isAlive() ? "the gateway did not start within " + timeout
                    : "the gateway exited with " + process.exitValue()) + ":\n" + tail(), e);
        }
        return Duration.between(begun, Instant.now());
    }

    /**
     * Starts the gateway expecting it not to start; returns its exit code once it has exited (its
     * output is in {@link #log}), fails if it is still running after {@code timeout}.
     */
    int startAndAwaitExit(Duration timeout) throws Exception {
        launch();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            kill();
            throw new AssertionError("the gateway did not exit within " + timeout + ":\n" + tail());
        }
        return process.exitValue();
    }

    /** Starts the gateway's JVM, logging to a new file; returns when. */
    private Instant launch() throws IOException {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("already running");
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx512m"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), TipGate.class.getName(), "serve",
                "--spring.datasource.url=" + databaseUrl(),
                "--spring.datasource.username=" + databaseUser(),
                "--spring.datasource.password=" + databasePassword(),
                "--server.port=" + httpsPort, "--management.server.port=" + managementPort,
                "--tipgate.sftp.port=" + sftpPort,
                "--tipgate.sftp.root=" + sftpRoot(),
                "--tipgate.sftp.host-key=" + dir.resolve("host-key"),
                "--tipgate.spool=" + dir.resolve("spool"),
                "--tipgate.packages=" + packages(),
                "--tipgate.delivery.directory-base=" + dir));
        if (schema != null) {
            command.add("--spring.flyway.schemas=" + schema);
        }
        command.addAll(extra);
        log = dir.resolve("gateway-" + (++starts) + ".log");
        Instant begun = Instant.now();
        Process started = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        process = started;
        // Should the test JVM itself be stopped, its gateway goes with it.
        Runtime.getRuntime().addShutdownHook(new Thread(started::destroyForcibly));
        process.getOutputStream().close();
        return begun;
    }

    /** The process id of the current start's JVM (the {@code java} process itself, no shell between). */
    long pid() {
        if (process == null) {
            throw new IllegalStateException("not started");
        }
        return process.pid();
    }

    boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** The current start's log file. */
    Path log() {
        return log;
    }

    /** kill -9: no shutdown hook runs, nothing is flushed or closed. */
    void kill() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new AssertionError("the gateway did not die");
            }
        }
    }

    /** A normal stop (SIGTERM), so that the database is closed before the test opens it. */
    void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                kill();
            }
        }
    }

    /** The exit code of the current start's JVM once it has exited; fails if it is still running. */
    int exitValue() {
        return process.exitValue();
    }

    /** The last lines of the current start's log. */
    String tail() throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    }

    /** The line the gateway logs for agencies to pin its SFTP host key. */
    String knownHostsLine() throws IOException {
        String marker = "known_hosts line: ";
        return Files.readAllLines(log).stream().filter(l -> l.contains(marker)).findFirst()
                .map(l -> l.substring(l.indexOf(marker) + marker.length()).strip())
                .orElseThrow(() -> new AssertionError("the gateway logged no known_hosts line"));
    }

    @Override
    public void close() throws InterruptedException {
        kill();
    }

    /**
     * A port free now, below Linux's ephemeral range (32768 and up): the gateway binds it again at
     * every restart, and a port from the ephemeral range can meanwhile become the local end of any
     * outgoing connection on the machine (an SFTP client's, a database driver's).
     */
    private static int freePort() throws IOException {
        for (int attempt = 0; attempt < 100; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(20_000, 32_000);
            try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                return socket.getLocalPort();
            } catch (BindException taken) {
                // in use: try another
            }
        }
        throw new IOException("no free port between 20000 and 32000 after 100 tries");
    }
}
