package org.tipgate.flow;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tipgate.format.Ack;
import org.tipgate.testing.OpenSshSftp;

/**
 * The gateway's own JVM, as an operator starts and stops it: its SFTP and HTTPS ports open only
 * once it can take a feed, and its readiness probe says so no earlier; SIGTERM stops it in order,
 * with no ERROR in its log and no H2 trace file; a start that cannot succeed (a port in use, an
 * agency directory with a typo) says why in one line, with no stack trace. Each test starts the
 * gateway at least once: tagged heavy.
 */
@Tag("heavy")
class GatewayLifecycleTests {

    private static final Duration START = Duration.ofSeconds(180);
    private static final Duration WAIT = Duration.ofSeconds(120);

    @TempDir
    Path work;

    GatewayProcess gateway;

    @AfterEach
    void killGateway() throws Exception {
        if (gateway != null) {
            gateway.kill();
        }
    }

    @Test
    void theSftpAndHttpsPortsOpenOnlyOnceTheFlowsRunAndTheReadinessProbeFollowsThem() throws Exception {
        gateway = new GatewayProcess(work.resolve("gateway"), List.of());
        PortWatch watch = new PortWatch(gateway);
        Thread watcher = new Thread(watch, "port-watch");
        watcher.start();
        try {
            gateway.start(START);
            PipelineFixtures.await("the readiness probe to say UP", WAIT, () -> watch.readyWithPortsOpen.get() != null);
        } finally {
            watch.done.set(true);
            watcher.join();
        }
        assertThat(watch.logWhenFirstOpen.get())
                .as("the gateway's log when a port first took a connection")
                .contains("Apache Camel", "Started TipGate in");
        assertThat(watch.outOfServiceSeen.get()).as("readiness said OUT_OF_SERVICE while the gateway started")
                .isTrue();
        assertThat(watch.readyWithPortsOpen.get()).as("both ports took a connection once readiness said UP")
                .isTrue();
        String log = Files.readString(gateway.log());
        assertThat(log.indexOf("Tomcat started on port " + gateway.httpsPort()))
                .isGreaterThan(log.indexOf("Started TipGate in"));
    }

    @Test
    void aSigtermWithAFeedInFlightStopsInOrderWithNoErrorAndNoTraceFileAndTheFeedIsDeliveredAfter()
            throws Exception {
        Path dir = work.resolve("gateway");
        gateway = new GatewayProcess(dir, List.of());
        gateway.start(START);
        OpenSshSftp sftp = new OpenSshSftp(gateway.sftpPort(), gateway.knownHostsLine(), work);
        PipelineFixtures.SignedFeed feed = PipelineFixtures.feed(work, "sigterm-1", "ncrb", 3000, 17);
        assertThat(sftp.run("ncrb", "ncrb", "put " + feed.feed() + " inbox/sigterm-1.p7m").exit()).isZero();
        PipelineFixtures.awaitAck(gateway.sftpRoot().resolve("ncrb/acks"),
                a -> a.ackId().startsWith("sigterm-1.RECEIVED"), WAIT);

        gateway.stop();

        assertThat(gateway.isAlive()).as("the gateway exited on SIGTERM").isFalse();
        assertThat(gateway.exitValue()).as("exit code of a stop by SIGTERM").isEqualTo(143);
        List<String> lines = Files.readAllLines(gateway.log());
        assertThat(lines).as("the log of a stop by SIGTERM").noneMatch(l -> l.contains(" ERROR "))
                .noneMatch(l -> l.startsWith("\tat ")).noneMatch(l -> l.contains("Database is already closed"));
        String log = String.join("\n", lines);
        assertThat(log.indexOf("Intake closed")).as("the intake closed before the flows stopped")
                .isPositive().isLessThan(log.indexOf("(tipgate) is shutting down"));
        assertThat(dir.resolve("db.trace.db")).doesNotExist();

        gateway.start(START);
        Ack delivered = PipelineFixtures.awaitAck(gateway.sftpRoot().resolve("ncrb/acks"),
                a -> a.ackId().startsWith("sigterm-1.DELIVERED"), WAIT);
        assertThat(delivered.status()).isNotEqualTo(Ack.Status.REJECTED);
        assertThat(delivered.counts().records()).isEqualTo(3000);
    }

    @Test
    void anSftpPortInUseIsNamedInOneLineWithItsPropertyAndNoStackTrace() throws Exception {
        gateway = new GatewayProcess(work.resolve("gateway"), List.of());
        try (ServerSocket taken = occupy(gateway.sftpPort())) {
            assertThat(gateway.startAndAwaitExit(START)).isEqualTo(2);
        }
        assertOneLineReason("cannot start: port " + gateway.sftpPort() + " (tipgate.sftp.port) is in use");
    }

    @Test
    void anHttpsPortInUseIsNamedInOneLineWithItsPropertyAndNoStackTrace() throws Exception {
        gateway = new GatewayProcess(work.resolve("gateway"), List.of());
        try (ServerSocket taken = occupy(gateway.httpsPort())) {
            assertThat(gateway.startAndAwaitExit(START)).isEqualTo(2);
        }
        assertOneLineReason("cannot start: port " + gateway.httpsPort() + " (server.port) is in use");
    }

    @Test
    void aTypoInTheAgencyDirectoryIsNamedInOneLineWithTheFileAndNoStackTrace() throws Exception {
        Path typo = work.resolve("agencies.yaml");
        Files.writeString(typo, Files.readString(Path.of("config/agencies.yaml"))
                .replaceFirst("(?m)^version:", "versoin:"));
        gateway = new GatewayProcess(work.resolve("gateway"), List.of("--tipgate.directory=" + typo));
        assertThat(gateway.startAndAwaitExit(START)).isEqualTo(2);
        String log = Files.readString(gateway.log());
        assertThat(log).containsPattern("tipgate: cannot start: the agency directory " + Pattern.quote(
                typo.toString()) + " is not valid: .*line [0-9]+.*versoin");
        assertNoStackTrace();
    }

    private void assertOneLineReason(String reason) throws IOException {
        List<String> lines = Files.readAllLines(gateway.log());
        assertThat(lines).as("stderr's last word").contains("tipgate: " + reason);
        assertThat(lines.stream().filter(l -> l.contains(" ERROR ")).toList()).as("the log's ERROR lines")
                .singleElement().asString().endsWith(reason);
        assertNoStackTrace();
    }

    private void assertNoStackTrace() throws IOException {
        assertThat(Files.readAllLines(gateway.log())).as("the output of a start that failed")
                .noneMatch(l -> l.startsWith("\tat ") || l.startsWith("Caused by:"))
                .noneMatch(l -> l.contains("APPLICATION FAILED TO START"));
    }

    private static ServerSocket occupy(int port) throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.bind(new InetSocketAddress("127.0.0.1", port));
        return socket;
    }

    /**
     * Watches, every 20 ms while the gateway starts, whether its SFTP and HTTPS ports take a
     * connection and what its readiness probe says.
     */
    private static final class PortWatch implements Runnable {

        private final GatewayProcess gateway;
        private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        final AtomicBoolean done = new AtomicBoolean();
        /** The gateway's log at the moment one of its intake ports first took a connection. */
        final AtomicReference<String> logWhenFirstOpen = new AtomicReference<>();
        final AtomicBoolean outOfServiceSeen = new AtomicBoolean();
        /** Set when readiness first says UP: whether both ports took a connection right after. */
        final AtomicReference<Boolean> readyWithPortsOpen = new AtomicReference<>();

        PortWatch(GatewayProcess gateway) {
            this.gateway = gateway;
        }

        @Override
        public void run() {
            while (!done.get()) {
                try {
                    if (logWhenFirstOpen.get() == null
                            && (connects(gateway.sftpPort()) || connects(gateway.httpsPort()))) {
                        logWhenFirstOpen.set(Files.readString(gateway.log()));
                    }
                    int readiness = readiness();
                    if (readiness == 503) {
                        outOfServiceSeen.set(true);
                    } else if (readiness == 200 && readyWithPortsOpen.get() == null) {
                        readyWithPortsOpen.set(connects(gateway.sftpPort()) && connects(gateway.httpsPort()));
                    }
                    Thread.sleep(20);
                } catch (IOException e) {
                    // the log file is not there yet
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }

        private static boolean connects(int port) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return true;
            } catch (IOException e) {
                return false;
            }
        }

        private int readiness() throws InterruptedException {
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                        + gateway.managementPort() + "/actuator/health/readiness")).timeout(Duration.ofSeconds(5))
                        .build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 503 && !response.body().contains("OUT_OF_SERVICE")) {
                    return -1;
                }
                return response.statusCode();
            } catch (IOException e) {
                return -1;
            }
        }
    }
}
