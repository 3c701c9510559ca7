package org.tipgate.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.keyverifier.AcceptAllServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession.ClientSessionEvent;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.util.buffer.Buffer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.tipgate.directory.Agency;
import org.tipgate.directory.AgencyDirectory;
import org.tipgate.directory.LgdTables;
import org.tipgate.events.EventLog;
import org.tipgate.events.EventType;
import org.tipgate.testing.OpenSshSftp;
import org.tipgate.testing.TestDatabases;

/**
 * Every authentication the embedded SFTP server refuses leaves an AUTHENTICATION_FAILED event that
 * names the agency only when the user name is one, and never the client's address.
 */
class SftpAuthenticationEventsTests {

    @TempDir
    static Path dir;
    static EmbeddedSftpServer server;
    static JdbcTemplate jdbc;
    static EventLog events;
    static OpenSshSftp client;

    @BeforeAll
    static void startServer() throws Exception {
        AgencyDirectory directory = AgencyDirectory.load(Path.of("config/agencies.yaml"), Path.of("."),
                LgdTables.bundled(), Clock.systemUTC());
        jdbc = new JdbcTemplate(TestDatabases.h2().dataSource());
        events = new EventLog(jdbc, Clock.systemUTC());
        server = EmbeddedSftpServer.start(new SftpServerSettings("127.0.0.1", 0, dir.resolve("sftp"),
                dir.resolve("host-key")), directory, Path.of("."), upload -> { },
                SftpRefusals.events(events, directory.agencies().stream().map(Agency::id).collect(Collectors.toSet())));
        client = new OpenSshSftp(server.port(), server.knownHostsLine(), dir);
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    @Test
    void anUnknownUserIsRecordedAsUnknownWithTheKeyItOffered() throws Exception {
        int before = refusals().size();
        assertThat(client.run("priya.sharma", "ncrb", "ls").exit()).isNotZero();
        EventLog.Recorded refused = awaitRefusals(before + 1).get(before);
        assertThat(refused.event().actor()).isEqualTo("unknown");
        assertThat(refused.event().outcome()).isEqualTo("REFUSED");
        assertThat(refused.event().detail()).containsEntry("channel", "SFTP").containsEntry("method", "publickey")
                .containsEntry("reason", "no such account").containsEntry("keySha256", fingerprint("ncrb"));
        assertNoAddressOrUserNameInAnyEvent();
    }

    @Test
    void aKeyNotListedForTheAgencyIsRecordedUnderTheAgency() throws Exception {
        int before = refusals().size();
        assertThat(client.run("mp-indore", "ncrb", "ls").exit()).isNotZero();
        EventLog.Recorded refused = awaitRefusals(before + 1).get(before);
        assertThat(refused.event().actor()).isEqualTo("mp-indore");
        assertThat(refused.event().detail()).containsEntry("method", "publickey")
                .containsEntry("reason", "key not listed for the account").containsEntry("keySha256", fingerprint("ncrb"));
        assertNoAddressOrUserNameInAnyEvent();
    }

    /** A password is never offered, so only a client that ignores the offer sends one: it is refused and recorded. */
    @Test
    void aPasswordSentAlthoughNotOfferedIsRecordedWithoutThePassword() throws Exception {
        int before = refusals().size();
        SshClient ssh = SshClient.setUpDefaultClient();
        ssh.setServerKeyVerifier(AcceptAllServerKeyVerifier.INSTANCE);
        ssh.start();
        try (ClientSession session = ssh.connect("ncrb", "127.0.0.1", server.port()).verify(Duration.ofSeconds(10))
                .getSession()) {
            session.waitFor(List.of(ClientSessionEvent.WAIT_AUTH), Duration.ofSeconds(10));
            Buffer request = session.createBuffer(SshConstants.SSH_MSG_USERAUTH_REQUEST);
            request.putString("ncrb");
            request.putString("ssh-connection");
            request.putString("password");
            request.putBoolean(false);
            request.putString("hunter2-secret");
            session.writePacket(request);
            EventLog.Recorded refused = awaitRefusals(before + 1).get(before);
            assertThat(refused.event().actor()).isEqualTo("ncrb");
            assertThat(refused.event().detail()).containsEntry("method", "password")
                    .containsEntry("reason", "method not offered: public key only").doesNotContainKey("keySha256");
        } finally {
            ssh.stop();
        }
        assertThat(rows()).noneMatch(row -> row.contains("hunter2-secret"));
        assertNoAddressOrUserNameInAnyEvent();
    }

    private static List<EventLog.Recorded> refusals() {
        return events.byType(EventType.AUTHENTICATION_FAILED);
    }

    private static List<EventLog.Recorded> awaitRefusals(int count) {
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                .untilAsserted(() -> assertThat(refusals()).hasSizeGreaterThanOrEqualTo(count));
        return refusals();
    }

    /** Every column of every event row, as text. */
    private static List<String> rows() {
        return Stream.concat(jdbc.queryForList("SELECT * FROM events").stream(),
                        jdbc.queryForList("SELECT * FROM event_queue").stream()).map(Map::values)
                .map(values -> values.stream().map(v -> v instanceof byte[] b
                        ? new String(b, StandardCharsets.UTF_8) : String.valueOf(v))
                        .collect(Collectors.joining("|"))).toList();
    }

    private static void assertNoAddressOrUserNameInAnyEvent() {
        for (String forbidden : Set.of("127.0.0.1", "localhost", "priya")) {
            assertThat(rows()).noneMatch(row -> row.contains(forbidden));
        }
    }

    private static String fingerprint(String agency) throws Exception {
        return KeyUtils.getFingerPrint(PublicKeyEntry.parsePublicKeyEntry(
                Files.readString(Path.of("keys-example", agency + ".ssh.pub")).trim())
                .resolvePublicKey(null, null, null));
    }
}
