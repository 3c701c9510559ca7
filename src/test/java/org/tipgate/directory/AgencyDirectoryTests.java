package org.tipgate.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tipgate.testing.DemoDirectory;

/** One fixture per way the agency directory can be wrong; each finding must name its entry. */
class AgencyDirectoryTests {

    static final Path DEMO = Path.of("config/agencies.yaml");
    static final Path BASE = Path.of(".");
    static final LgdTables LGD = LgdTables.bundled();

    @TempDir
    Path dir;

    /** The directory used to live among the flows, in routes/: left there, or named there, it is refused with its new place. */
    @Test
    void theFormerPlaceOfTheDirectoryIsRefusedWithItsNewOne(@TempDir Path work) throws Exception {
        assertThat(AgencyDirectory.formerLocation(work, Path.of("config/agencies.yaml"))).isEmpty();
        assertThat(AgencyDirectory.formerLocation(work, Path.of("routes/agencies.yaml"))).hasValueSatisfying(
                found -> assertThat(found).contains("move it to config/agencies.yaml"));

        Files.createDirectories(work.resolve("routes"));
        Files.writeString(work.resolve("routes/agencies.yaml"), "version: left-behind\n");

        assertThat(AgencyDirectory.formerLocation(work, Path.of("config/agencies.yaml"))).hasValueSatisfying(
                found -> assertThat(found).startsWith("routes/agencies.yaml: the agency directory no longer lives"
                        + " among the flows in routes/; move it to config/agencies.yaml"));
    }

    @Test
    void loadsTheDemoDirectory() throws Exception {
        AgencyDirectory directory = AgencyDirectory.load(DEMO, BASE, LGD, Clock.systemUTC());

        assertThat(directory.agencies()).extracting(Agency::id).containsExactly("ncrb", "tipgate", "mp-scc", "dl-ifso",
                "mp-indore", "mp-bhopal", "mp-gwalior", "dl-new-delhi", "auditor");
        assertThat(directory.stateNodal(23)).map(Agency::id).contains("mp-scc");
        assertThat(directory.stateNodal(7)).map(Agency::id).contains("dl-ifso");
        assertThat(directory.stateNodal(32)).isEmpty();
        assertThat(directory.district(410)).map(Agency::id).contains("mp-indore");
        assertThat(directory.district(411)).isEmpty();
        assertThat(directory.certificates("mp-indore")).singleElement()
                .satisfies(c -> assertThat(c.getSubjectX500Principal().getName()).startsWith("CN=mp-indore,"));
        assertThat(directory.trust()).hasSize(1);
        assertThat(directory.crls()).hasSize(1);
        assertThat(directory.lgdVersion()).isEqualTo("lgd-2022-03-11");
        assertThat(directory.agencies()).as("the demo sender uploads to the embedded server; none is polled")
                .allSatisfy(agency -> assertThat(agency.outbox()).isEmpty());
    }

    @Test
    void loadsASenderWhoseOwnSftpOutboxIsPolled() throws Exception {
        Path file = Files.writeString(dir.resolve("agencies.yaml"), withSenderEndpoint(
                "{type: SFTP, host: sftp.ncrb.example, user: tipgate, remoteDir: /outgoing/feeds, knownHosts: "
                        + "pins/ncrb.known_hosts}"));

        Agency ncrb = AgencyDirectory.load(file, BASE, LGD, Clock.systemUTC()).agency("ncrb").orElseThrow();

        assertThat(ncrb.outbox()).hasValueSatisfying(outbox -> {
            assertThat(outbox.remoteDir()).isEqualTo("/outgoing/feeds");
            assertThat(outbox.acksFolder()).isEqualTo("/outgoing/acks");
        });
    }

    @Test
    void refusesASenderEndpointThatIsNotAnSftpOutbox() throws IOException {
        assertFinding(withSenderEndpoint("{type: HTTPS, url: 'https://ncrb.example/acks'}"),
                "agency ncrb: endpoint HTTPS is not for a NATIONAL_SENDER, whose only endpoint is the SFTP outbox");
        assertFinding(withSenderEndpoint("{type: DIRECTORY, path: data/outbox/ncrb}"),
                "agency ncrb: endpoint DIRECTORY is not for a NATIONAL_SENDER");
    }

    @Test
    void refusesASenderWithTwoOutboxes() throws IOException {
        String outbox = "{type: SFTP, host: sftp.ncrb.example, user: tipgate, remoteDir: out, knownHosts: k}";
        assertFinding(withSenderEndpoint(outbox + "\n      - " + outbox),
                "agency ncrb: a NATIONAL_SENDER has at most one endpoint, the SFTP outbox the gateway polls");
    }

    @Test
    void refusesAnAckFolderThatIsTheOutboxItself() throws IOException {
        assertFinding(withSenderEndpoint("{type: SFTP, host: sftp.ncrb.example, user: tipgate, remoteDir: out,"
                        + " ackDir: out/, knownHosts: k}"),
                "agency ncrb: endpoint SFTP ackDir out/ is the outbox itself; acks need a folder of their own");
    }

    @Test
    void refusesAnOutboxWithNoFolderBesideItForAcksUnlessAckDirIsGiven() throws IOException {
        assertFinding(withSenderEndpoint("{type: SFTP, host: sftp.ncrb.example, user: tipgate, remoteDir: /,"
                        + " knownHosts: k}"),
                "agency ncrb: endpoint SFTP needs ackDir: remoteDir / has no folder beside it for acks");
    }

    @Test
    void refusesAnAckDirOnARecipientsEndpoint() throws IOException {
        assertFinding(DemoDirectory.withEndpoint(demo(), "mp-gwalior",
                        "{type: SFTP, host: 127.0.0.1, user: tipgate, remoteDir: in, ackDir: acks, knownHosts: k}"),
                "agency mp-gwalior: endpoint SFTP has an ackDir, which only a NATIONAL_SENDER's SFTP outbox has");
    }

    @Test
    void refusesAnUnknownLgdStateCode() throws IOException {
        assertFinding(demo().replace("{stateIso: IN-DL, stateLgd: 7}", "{stateLgd: 99}"),
                "agency dl-ifso: unknown LGD state code 99 (lgd-2022-03-11)");
    }

    @Test
    void refusesAnUnknownDistrictCode() throws IOException {
        assertFinding(demo().replace("districtLgd: 396", "districtLgd: 99999"),
                "agency mp-bhopal: unknown LGD district code 99999 in MADHYA PRADESH (lgd-2022-03-11)");
    }

    @Test
    void refusesADistrictOfAnotherState() throws IOException {
        assertFinding(demo().replace("districtLgd: 79}", "districtLgd: 410}"),
                "agency dl-new-delhi: unknown LGD district code 410 in DELHI (lgd-2022-03-11)");
    }

    @Test
    void refusesIsoAndLgdCodesThatNameDifferentStates() throws IOException {
        assertFinding(demo().replace("{stateIso: IN-DL, stateLgd: 7}", "{stateIso: IN-DL, stateLgd: 23}"),
                "agency dl-ifso: stateIso IN-DL and stateLgd 23 name different states");
    }

    @Test
    void refusesAMissingCertificateFile() throws IOException {
        assertFinding(demo().replace("keys-example/mp-gwalior.crt.pem", "keys-example/nobody.crt.pem"),
                "agency mp-gwalior: certificate keys-example/nobody.crt.pem: ");
    }

    @Test
    void refusesAnAgencyWithoutCertificate() throws IOException {
        assertFinding(demo().replace("    certificates: [keys-example/auditor.crt.pem]\n", ""),
                "agency auditor: no certificate");
    }

    @Test
    void refusesACertificateThatNamesAnotherAgency() throws IOException {
        assertFinding(demo().replace("[keys-example/mp-gwalior.crt.pem]", "[keys-example/mp-bhopal.crt.pem]"),
                "agency mp-gwalior: certificate keys-example/mp-bhopal.crt.pem: its subject CN=mp-bhopal,");
    }

    @Test
    void refusesARevokedCertificate() throws IOException {
        assertFinding(demo().replace("[keys-example/ncrb.crt.pem]", "[keys-example/ncrb-revoked.crt.pem]"),
                "agency ncrb: certificate keys-example/ncrb-revoked.crt.pem: revoked by a CRL");
    }

    @Test
    void refusesAnExpiredCertificate() throws IOException {
        assertFinding(demo().replace("[keys-example/ncrb.crt.pem]", "[keys-example/ncrb-expired.crt.pem]"),
                "agency ncrb: certificate keys-example/ncrb-expired.crt.pem: not valid now");
    }

    @Test
    void refusesACertificateFromACaTheDirectoryDoesNotTrust() throws IOException {
        Path otherCa = dir.resolve("other-ca.crt.pem");
        Files.copy(Path.of("keys-example/mp-scc.crt.pem"), otherCa);

        assertFinding(demo().replace("  - keys-example/ca.crt.pem", "  - " + otherCa),
                "agency ncrb: certificate keys-example/ncrb.crt.pem: not issued by a CA in the directory's trust");
    }

    @Test
    void refusesARecipientWithoutEndpoint() throws IOException {
        assertFinding(DemoDirectory.withoutEndpoints(demo(), "mp-indore"),
                "agency mp-indore: a DISTRICT receives packages but has no endpoint");
    }

    @Test
    void refusesDuplicateIds() throws IOException {
        assertFinding(demo().replace("  - id: mp-gwalior", "  - id: mp-bhopal"), "agency mp-bhopal: duplicate id");
    }

    @Test
    void refusesAnIdThatIsNoPlainName() throws IOException {
        assertFinding(demo().replace("  - id: auditor", "  - id: ../auditor"),
                "agency ../auditor: id must match [a-z0-9][a-z0-9-]{0,63}");
    }

    /**
     * An id with blanks, a colon or a line break would make its findings read as something else
     * ("agency a: fine\n  - agency b: ..."): such an entry is named by its position instead.
     */
    @Test
    void namesAnEntryWhoseIdCannotNameItByItsPosition() throws IOException {
        String demo = demo();
        int position = demo.substring(0, demo.indexOf("  - id: auditor")).split("\n  - id: ", -1).length;

        assertFinding(demo.replace("  - id: auditor", "  - id: \"auditor: all fine\\n  - agency x\""),
                "agency #" + position + ": id must match [a-z0-9][a-z0-9-]{0,63}");
    }

    /**
     * A value quoted in a finding (here a URL whose YAML string holds a line break) is shown on the
     * finding's own line, so that it cannot read as a finding about another entry.
     */
    @Test
    void quotesAValueWithALineBreakOnItsFindingsOwnLine() throws IOException {
        Path file = Files.writeString(dir.resolve("agencies.yaml"), demo().replace(
                "{type: DIRECTORY, path: data/outbox/mp-scc}", "{type: HTTPS, url: \"http://x\\n  - agency ncrb: fine\"}"));

        assertThatThrownBy(() -> AgencyDirectory.load(file, BASE, LGD, Clock.systemUTC()))
                .isInstanceOfSatisfying(DirectoryException.class, e -> {
                    assertThat(e.findings()).contains(
                            "agency mp-scc: endpoint HTTPS url http://x - agency ncrb: fine is not an https:// URL");
                    assertThat(e.findings()).noneMatch(f -> f.contains("\n"));
                    assertThat(e.getMessage().lines()).hasSize(e.findings().size() + 1);
                });
    }

    @Test
    void refusesTwoNodalAgenciesForOneState() throws IOException {
        assertFinding(demo().replace("{stateIso: IN-DL, stateLgd: 7}", "{stateIso: IN-MP, stateLgd: 23}"),
                "agency dl-ifso: agency mp-scc is already the nodal agency of MADHYA PRADESH");
    }

    @Test
    void refusesADistrictWhoseStateHasNoNodalAgency() throws IOException {
        String withoutDelhi = demo().replace("    role: STATE_NODAL\n    jurisdiction: {stateIso: IN-DL, stateLgd: 7}",
                "    role: AUDITOR");
        assertFinding(withoutDelhi, "agency dl-new-delhi: no STATE_NODAL agency for its state (LGD 7)");
    }

    @Test
    void refusesAnSftpEndpointWithoutAPinnedHostKey() throws IOException {
        assertFinding(DemoDirectory.withEndpoint(demo(), "mp-gwalior",
                        "{type: SFTP, host: 127.0.0.1, port: 2223, user: tipgate, remoteDir: inbox}"),
                "agency mp-gwalior: endpoint SFTP needs knownHosts (the pinned host key)");
    }

    @Test
    void refusesAnHttpsEndpointThatIsNotHttps() throws IOException {
        assertFinding(DemoDirectory.withEndpoint(demo(), "mp-gwalior",
                        "{type: HTTPS, url: 'http://127.0.0.1:9443/packages'}"),
                "agency mp-gwalior: endpoint HTTPS url http://127.0.0.1:9443/packages is not an https:// URL");
    }

    @Test
    void loadsDistrictsThatCollectFromTheirOwnSftpOutbox() throws Exception {
        AgencyDirectory directory = AgencyDirectory.load(DEMO, BASE, LGD, Clock.systemUTC());

        assertThat(directory.agencies()).filteredOn(a -> a.role() == AgencyRole.DISTRICT).isNotEmpty()
                .allSatisfy(district -> assertThat(district.endpoints()).extracting(Endpoint::type)
                        .containsExactly(Endpoint.Type.PULL));
        assertThat(directory.agencies()).filteredOn(a -> a.role() == AgencyRole.STATE_NODAL).isNotEmpty()
                .allSatisfy(state -> assertThat(state.endpoints()).extracting(Endpoint::type)
                        .containsExactly(Endpoint.Type.DIRECTORY));
    }

    @Test
    void refusesAPullEndpointForAnAgencyWithoutSftpAccount() throws IOException {
        assertFinding(DemoDirectory.withEndpoint(demo(), "mp-gwalior", "{type: PULL}")
                        .replace("    sshKeys: [keys-example/mp-gwalior.ssh.pub]\n", ""),
                "agency mp-gwalior: endpoint PULL needs sshKeys");
    }

    @Test
    void refusesAPullEndpointThatNamesAPlace() throws IOException {
        assertFinding(DemoDirectory.withEndpoint(demo(), "mp-gwalior", "{type: PULL, path: data/outbox/mp-gwalior}"),
                "agency mp-gwalior: endpoint PULL takes no fields");
    }

    @Test
    void refusesAPullEndpointForASender() throws IOException {
        assertFinding(withSenderEndpoint("{type: PULL}"), "agency ncrb: endpoint PULL is not for a NATIONAL_SENDER");
    }

    @Test
    void refusesAMisspeltKeyInsteadOfIgnoringIt() throws IOException {
        assertFinding(DemoDirectory.withEndpoint(demo(), "mp-indore", "{type: PULL}")
                        .replace("    endpoints:\n      - {type: PULL}", "    endpionts:\n      - {type: PULL}"),
                "Unrecognized field \"endpionts\"");
    }

    @Test
    void refusesAMissingSshKeyFile() throws IOException {
        assertFinding(demo().replace("[keys-example/mp-scc.ssh.pub]", "[keys-example/nobody.ssh.pub]"),
                "agency mp-scc: sshKey keys-example/nobody.ssh.pub: no such file");
    }

    @Test
    void refusesADirectoryWithoutGatewayOrSender() throws IOException {
        String changed = demo().replace("    role: GATEWAY", "    role: AUDITOR")
                .replace("    role: NATIONAL_SENDER", "    role: AUDITOR");
        assertFinding(changed, "(file): 0 GATEWAY agencies; exactly one required");
        assertFinding(changed, "(file): no NATIONAL_SENDER agency");
    }

    @Test
    void judgesCertificateValidityByTheClock() {
        Clock in2040 = Clock.fixed(Instant.parse("2040-01-01T00:00:00Z"), ZoneOffset.UTC);

        assertThatThrownBy(() -> AgencyDirectory.load(DEMO, BASE, LGD, in2040))
                .isInstanceOfSatisfying(DirectoryException.class, e -> assertThat(e.findings())
                        .anySatisfy(f -> assertThat(f).startsWith("agency ncrb: certificate keys-example/ncrb.crt.pem: not valid now")));
    }

    /** The demo directory with ncrb given endpoints (one YAML flow mapping per line). */
    private String withSenderEndpoint(String endpoint) throws IOException {
        String demo = demo();
        String changed = demo.replace("    sshKeys: [keys-example/ncrb.ssh.pub]\n",
                "    sshKeys: [keys-example/ncrb.ssh.pub]\n    endpoints:\n      - " + endpoint + "\n");
        assertThat(changed).isNotEqualTo(demo);
        return changed;
    }

    private String demo() throws IOException {
        return Files.readString(DEMO);
    }

    private void assertFinding(String yaml, String finding) throws IOException {
        Path file = Files.writeString(dir.resolve("agencies.yaml"), yaml);
        assertThatThrownBy(() -> AgencyDirectory.load(file, BASE, LGD, Clock.systemUTC()))
                .isInstanceOfSatisfying(DirectoryException.class, e -> {
                    assertThat(e.findings()).anySatisfy(f -> assertThat(f).contains(finding));
                    assertThat(e.getMessage()).contains(finding);
                });
    }
}
