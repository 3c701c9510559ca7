package org.tipgate.flow;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tipgate.format.Ack;
import org.tipgate.testing.OpenSshSftp;

/**
 * What a district did with its package survives a kill -9 of the gateway (its own JVM, on an H2
 * file database or PostgreSQL): the download recorded before the kill still allows the removal
 * after the restart, the package is not put in the outbox a second time, and each of delivered,
 * collected and removed is recorded once. Two starts of the gateway: tagged heavy.
 */
@Tag("heavy")
class PullRestartTests {

    private static final Duration START = Duration.ofSeconds(180);
    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final String FEED = "pull-restart";

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
    void aWholeDownloadRecordedBeforeAKillStillAllowsTheRemovalAndNothingIsPlacedTwice() throws Exception {
        gateway = new GatewayProcess(work.resolve("gateway"), List.of("--tipgate.delivery.poll-millis=200"));
        gateway.start(START);
        OpenSshSftp sftp = new OpenSshSftp(gateway.sftpPort(), gateway.knownHostsLine(), work);
        PipelineFixtures.SignedFeed feed = PipelineFixtures.feed(work, FEED, "ncrb", 300, 71);
        assertThat(sftp.run("ncrb", "ncrb", "put " + feed.feed() + " inbox/" + FEED + ".p7m").exit()).isZero();
        PipelineFixtures.awaitAck(gateway.sftpRoot().resolve("ncrb/acks"),
                a -> a.ackId().equals(FEED + ".DELIVERED") && a.status() != Ack.Status.REJECTED, WAIT);
        String packageId = FEED + ".mp-indore";
        Path pkg = gateway.deliveredPackage("mp-indore", packageId);
        Object placed = Files.readAttributes(pkg, BasicFileAttributes.class).fileKey();
        Path local = Files.createDirectories(work.resolve("indore-desk"));
        OpenSshSftp.Result get = sftp.run("mp-indore", "mp-indore", "get outbox/" + pkg.getFileName() + " " + local);
        assertThat(get.exit()).as(get.output()).isZero();
        assertThat(rows("SELECT COUNT(*) FROM packages WHERE package_id = ? AND collected_at IS NOT NULL",
                packageId)).containsExactly("1");

        gateway.kill();
        gateway.start(START);

        assertThat(gateway.deliveredPackages("mp-indore")).containsExactly(pkg);
        assertThat(Files.readAttributes(pkg, BasicFileAttributes.class).fileKey()).isEqualTo(placed);
        OpenSshSftp.Result rm = sftp.run("mp-indore", "mp-indore", "rm outbox/" + pkg.getFileName());
        assertThat(rm.exit()).as(rm.output()).isZero();
        assertThat(gateway.deliveredPackages("mp-indore")).isEmpty();
        assertThat(local.resolve(pkg.getFileName())).isRegularFile();
        assertThat(rows("SELECT type FROM (SELECT type, package_id FROM events UNION ALL"
                + " SELECT type, package_id FROM event_queue) e WHERE package_id = ? AND type IN"
                + " ('PACKAGE_DELIVERED', 'PACKAGE_COLLECTED', 'PACKAGE_REMOVED') ORDER BY type", packageId))
                .containsExactly("PACKAGE_COLLECTED", "PACKAGE_DELIVERED", "PACKAGE_REMOVED");
    }

    private List<String> rows(String sql, Object... args) throws Exception {
        try (Connection db = gateway.connect(); PreparedStatement statement = db.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                statement.setObject(i + 1, args[i]);
            }
            List<String> rows = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    rows.add(rs.getString(1));
                }
            }
            return rows;
        }
    }
}
