package org.tipgate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.tipgate.GatewayApplication;
import org.tipgate.crypto.CmsSigner;
import org.tipgate.crypto.SignatureVerifier;
import org.tipgate.crypto.VerificationPolicy;
import org.tipgate.directory.AgencyDirectory;
import org.tipgate.directory.DirectoryException;

/** What stops the gateway at start-up, naming what is wrong; and what it loads when all is right. */
class StartupChecksTests {

    static final String[] TEST_ARGS = {"--server.port=0", "--management.server.port=0",
        "--camel.main.routes-include-pattern=classpath:test-routes/*.yaml"};

    @Test
    void gatewayDoesNotStartWithAKeyThatIsNotItsCertificates() {
        assertThatThrownBy(() -> new SpringApplicationBuilder(GatewayApplication.class)
                .run(with("--tipgate.gateway.key=keys-example/mp-bhopal.key.pem")))
                .hasStackTraceContaining("tipgate.gateway.key: keys-example/mp-bhopal.key.pem does not belong to the "
                        + "certificate of the GATEWAY agency tipgate in the directory");
    }

    @Test
    void gatewayDoesNotStartWithoutItsKey() {
        assertThatThrownBy(() -> new SpringApplicationBuilder(GatewayApplication.class)
                .run(with("--tipgate.gateway.key=keys-example/nobody.key.pem")))
                .rootCause().hasMessageContaining("nobody.key.pem");
    }

    @Test
    void gatewaySignsWithTheKeyOfItsDirectoryCertificate() throws Exception {
        try (var context = new SpringApplicationBuilder(GatewayApplication.class).run(TEST_ARGS)) {
            byte[] signed = context.getBean(CmsSigner.class).sign("ack".getBytes());
            var verified = new SignatureVerifier(VerificationPolicy.forDocuments(
                    context.getBean(AgencyDirectory.class).trust(), List.of(),
                    Clock.systemUTC())).verify(signed);
            assertThat(verified.signature().signer().getSubjectX500Principal().getName()).startsWith("CN=tipgate,");
        }
    }

    @Test
    void gatewayDoesNotStartWithoutThreadsToDeliverOn() {
        assertThatThrownBy(() -> new SpringApplicationBuilder(GatewayApplication.class)
                .run(with("--tipgate.delivery.parallelism=0")))
                .hasStackTraceContaining("tipgate.delivery.parallelism");
    }

    @Test
    void gatewayDoesNotStartWhenASendersScratchSpaceCannotHoldTheLargestFeed() {
        assertThatThrownBy(() -> new SpringApplicationBuilder(GatewayApplication.class)
                .run(with("--tipgate.limits.max-scratch-bytes-per-sender=2147483647")))
                .hasStackTraceContaining("tipgate.limits.max-scratch-bytes-per-sender: 2147483647 bytes cannot hold the"
                        + " largest post a sender may make, 2148597760 bytes");
    }

    private static String[] with(String argument) {
        String[] args = Arrays.copyOf(TEST_ARGS, TEST_ARGS.length + 1);
        args[TEST_ARGS.length] = argument;
        return args;
    }


    @Test
    void gatewayDoesNotStartOnADirectoryWithFindingsAndNamesTheEntry(@TempDir Path dir) throws Exception {
        Path broken = Files.writeString(dir.resolve("agencies.yaml"), Files.readString(Path.of("config/agencies.yaml"))
                .replace("districtLgd: 407", "districtLgd: 4070"));

        assertThatThrownBy(() -> new SpringApplicationBuilder(GatewayApplication.class)
                .run("--server.port=0", "--management.server.port=0", "--tipgate.directory=" + broken,
                        "--camel.main.routes-include-pattern=classpath:test-routes/*.yaml"))
                .hasRootCauseInstanceOf(DirectoryException.class)
                .rootCause().hasMessageContaining("agency mp-gwalior: unknown LGD district code 4070");
    }

    @Test
    void gatewayDoesNotStartWhenThePinOfAPolledSendersServerCannotBeRead(@TempDir Path dir) throws Exception {
        Path directory = Files.writeString(dir.resolve("agencies.yaml"), Files.readString(Path.of("config/agencies.yaml"))
                .replace("    sshKeys: [keys-example/ncrb.ssh.pub]\n", "    sshKeys: [keys-example/ncrb.ssh.pub]\n"
                        + "    endpoints:\n      - {type: SFTP, host: 127.0.0.1, port: 2022, user: tipgate,"
                        + " remoteDir: outbox, knownHosts: " + dir.resolve("nowhere.known_hosts") + "}\n"));

        assertThatThrownBy(() -> new SpringApplicationBuilder(GatewayApplication.class)
                .run(with("--tipgate.directory=" + directory)))
                .hasStackTraceContaining("agency ncrb (" + directory + "): SFTP outbox knownHosts "
                        + dir.resolve("nowhere.known_hosts") + " is not a readable file");
    }

    @Test
    void gatewayDoesNotStartOnTheDirectoryWhereItUsedToLiveAndSaysWhereItGoes() {
        assertThatThrownBy(() -> new SpringApplicationBuilder(GatewayApplication.class)
                .run(with("--tipgate.directory=routes/agencies.yaml")))
                .hasStackTraceContaining("routes/agencies.yaml: the agency directory no longer lives among the flows"
                        + " in routes/; move it to config/agencies.yaml");
    }

    @Test
    void gatewayLoadsTheDemoDirectory() {
        try (var context = new SpringApplicationBuilder(GatewayApplication.class)
                .run("--server.port=0", "--management.server.port=0",
                        "--camel.main.routes-include-pattern=classpath:test-routes/*.yaml")) {
            assertThat(context.getBean(AgencyDirectory.class).agency("mp-indore")).isPresent();
        }
    }
}
