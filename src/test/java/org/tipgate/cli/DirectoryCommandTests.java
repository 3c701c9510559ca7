package org.tipgate.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tipgate.cli.Cli.tipgate;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tipgate directory check [--file FILE] [--base DIR]}. */
class DirectoryCommandTests {

    @Test
    void theDemoDirectoryHasNoFindings() {
        Cli.Run run = tipgate("directory", "check");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("config/agencies.yaml: directory demo-2026-11-22, 9 agencies, "
                + "LGD tables lgd-2022-03-11: no findings");
    }

    @Test
    void theFormerPlaceOfTheDirectoryIsAUsageErrorThatNamesItsNewOne() {
        Cli.Run run = tipgate("directory", "check", "--file", "routes/agencies.yaml");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--file routes/agencies.yaml: no such file; routes/agencies.yaml: the agency"
                + " directory no longer lives among the flows in routes/; move it to config/agencies.yaml");
    }

    @Test
    void printsEveryFindingNamingItsEntryAndExitsOne(@TempDir Path dir) throws Exception {
        Path broken = Files.writeString(dir.resolve("agencies.yaml"), Files.readString(Path.of("config/agencies.yaml"))
                .replace("  - id: mp-gwalior", "  - id: mp-bhopal")
                .replace("    endpoints:\n      - {type: DIRECTORY, path: data/outbox/dl-ifso}\n", ""));

        Cli.Run run = tipgate("directory", "check", "--file", broken);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).contains("  - agency mp-bhopal: duplicate id")
                .contains("  - agency mp-bhopal: certificate keys-example/mp-gwalior.crt.pem: its subject CN=mp-gwalior,")
                .contains("  - agency dl-ifso: a STATE_NODAL receives packages but has no endpoint");
        assertThat(run.err()).contains("findings");
    }

    @Test
    void aMissingCertificateFileIsNamedWithTheEntryThatNamesItAndSaidToBeNotFound(@TempDir Path dir) throws Exception {
        Path broken = Files.writeString(dir.resolve("agencies.yaml"), Files.readString(Path.of("config/agencies.yaml"))
                .replace("certificates: [keys-example/mp-indore.crt.pem]", "certificates: [keys-example/mp-indore.crt]")
                .replace("sshKeys: [keys-example/mp-scc.ssh.pub]", "sshKeys: [keys-example]"));

        Cli.Run run = tipgate("directory", "check", "--file", broken);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).contains("  - agency mp-indore: certificate keys-example/mp-indore.crt: no such file "
                        + "(not found at " + Path.of("keys-example/mp-indore.crt").toAbsolutePath() + ")")
                .contains("  - agency mp-scc: sshKey keys-example: is a directory, not a file ("
                        + Path.of("keys-example").toAbsolutePath() + ")");
        assertThat(run.err()).isEqualTo("2 findings" + System.lineSeparator());
    }
}
