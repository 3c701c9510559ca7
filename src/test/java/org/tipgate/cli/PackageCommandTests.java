package org.tipgate.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.tipgate.cli.Cli.CA;
import static org.tipgate.cli.Cli.cert;
import static org.tipgate.cli.Cli.key;
import static org.tipgate.cli.Cli.tipgate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tipgate.format.PackageHeader;
import org.tipgate.format.WireJson;
import org.tipgate.testing.OpenSsl;

/** {@code tipgate package open --in PKG.p7m --cert C --key K --trust CA --out FILE [--gateway ID]}. */
class PackageCommandTests {

    private static final List<String> RECORDS = Cli.records(17, 4);

    @TempDir
    Path dir;
    /** Where --out goes: a directory of its own, so that a test sees every file the command leaves. */
    Path outDir;
    Path out;

    @BeforeEach
    void outputDirectory() throws IOException {
        outDir = Files.createDirectory(dir.resolve("opened"));
        out = outDir.resolve("records.jsonl");
    }

    private Path packageFor(String recipient) throws IOException {
        return Cli.buildPackage(dir.resolve(recipient + ".p7m"), "tipgate",
                Cli.packageHeader("PKG-" + recipient, recipient, RECORDS.size()), RECORDS, recipient);
    }

    private Cli.Run open(Path pkg, String as) {
        return tipgate("package", "open", "--in", pkg, "--cert", cert(as), "--key", key(as), "--trust", CA,
                "--out", out);
    }

    @ParameterizedTest
    @ValueSource(strings = {"mp-indore", "mp-bhopal"})
    void opensAPackageForItsRecipientAndWritesExactlyTheRecords(String recipient) throws IOException {
        Cli.Run run = open(packageFor(recipient), recipient);

        assertThat(run.exitCode()).isZero();
        assertThat(out).hasBinaryContent(Cli.lines(RECORDS));
        assertThat(run.out()).containsPattern("(?m)^package PKG-" + recipient + " from feed FEED-CLI-1 \\(sender ncrb\\) for "
                + recipient + ": 4 records, signed by CN=tipgate,O=TipGate gateway \\(DEMO\\),C=IN at \\S+Z$");
        try (Stream<Path> files = Files.list(outDir)) {
            assertThat(files).containsExactly(out);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"mp-indore", "mp-bhopal"})
    void theSamePackageOpensWithTheOpensslPipelineOfTheDesign(String recipient) throws IOException {
        packageFor(recipient);
        Path keys = Cli.KEYS.toAbsolutePath();

        OpenSsl.run(dir, "cms", "-decrypt", "-inform", "DER", "-in", recipient + ".p7m",
                "-recip", keys.resolve(recipient + ".crt.pem").toString(),
                "-inkey", keys.resolve(recipient + ".key.pem").toString(), "-out", "signed.der").assertSuccess();
        OpenSsl.run(dir, "cms", "-verify", "-inform", "DER", "-in", "signed.der",
                "-CAfile", keys.resolve("ca.crt.pem").toString(), "-out", "content").assertSuccess();

        String content = Files.readString(dir.resolve("content"), UTF_8);
        String headerLine = content.substring(0, content.indexOf('\n'));
        PackageHeader header = WireJson.mapper().readValue(headerLine, PackageHeader.class);
        assertThat(header.type()).isEqualTo("tipgate-package");
        assertThat(header.packageId()).isEqualTo("PKG-" + recipient);
        assertThat(header.recipient()).isEqualTo(recipient);
        assertThat(header.recordCount()).isEqualTo(4);
        assertThat(content.substring(headerLine.length() + 1)).isEqualTo(new String(Cli.lines(RECORDS), UTF_8));
    }

    @ParameterizedTest
    @ValueSource(strings = {"mp-gwalior", "mp-bhopal"})
    void anotherRecipientsKeySaysThePackageIsNotAddressedToItAndNamesWhomItIsFor(String other) throws IOException {
        Path pkg = packageFor("mp-indore");

        Cli.Run run = open(pkg, other);

        assertThat(run.exitCode()).isEqualTo(4);
        assertThat(run.err()).isEqualTo(notAddressed(pkg, other, "mp-indore") + System.lineSeparator());
        assertThat(run.err()).doesNotContain("MALFORMED_CMS");
        assertThat(outDir).isEmptyDirectory();
    }

    /** What package open and receipt make print for a package of {@code owner}'s, opened by {@code reader}. */
    static String notAddressed(Path pkg, String reader, String owner) {
        X509Certificate mine = Cli.certificate(reader);
        X509Certificate theirs = Cli.certificate(owner);
        return "tipgate: " + pkg + " is not addressed to " + mine.getSubjectX500Principal().getName() + " (serial "
                + mine.getSerialNumber().toString(16) + " issued by " + mine.getIssuerX500Principal().getName()
                + "); it is for the certificate with serial " + theirs.getSerialNumber().toString(16) + " issued by "
                + theirs.getIssuerX500Principal().getName()
                + ". Nothing is wrong with it: it opens only with the key of the agency it is for.";
    }

    @Test
    void aPackageSignedByAnAgencyOtherThanTheGatewayIsRejected() throws IOException {
        Path pkg = Cli.buildPackage(dir.resolve("forged.p7m"), "ncrb",
                Cli.packageHeader("PKG-FORGED", "mp-indore", RECORDS.size()), RECORDS, "mp-indore");

        Cli.Run run = open(pkg, "mp-indore");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("REJECTED SIGNER_UNTRUSTED: package signed by CN=ncrb,")
                .contains("not by the gateway tipgate");
        assertThat(outDir).isEmptyDirectory();
    }

    @Test
    void theGatewayOptionNamesTheAgencyThatMustHaveSigned() throws IOException {
        Path pkg = Cli.buildPackage(dir.resolve("other-gateway.p7m"), "auditor",
                Cli.packageHeader("PKG-AUDITOR", "mp-indore", RECORDS.size()), RECORDS, "mp-indore");

        Cli.Run run = tipgate("package", "open", "--in", pkg, "--cert", cert("mp-indore"), "--key", key("mp-indore"),
                "--trust", CA, "--out", out, "--gateway", "auditor");

        assertThat(run.exitCode()).isZero();
        assertThat(out).hasBinaryContent(Cli.lines(RECORDS));
    }

    @Test
    void aPackageWhoseHeaderNamesAnotherRecipientIsRejected() throws IOException {
        Path pkg = Cli.buildPackage(dir.resolve("misaddressed.p7m"), "tipgate",
                Cli.packageHeader("PKG-MISADDRESSED", "mp-bhopal", RECORDS.size()), RECORDS, "mp-indore");

        Cli.Run run = open(pkg, "mp-indore");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("REJECTED HEADER_INVALID: package is addressed to mp-bhopal, not to mp-indore"
                + System.lineSeparator());
        assertThat(outDir).isEmptyDirectory();
    }

    @Test
    void aPackageWhoseHeaderMiscountsItsRecordsIsRejected() throws IOException {
        Path pkg = Cli.buildPackage(dir.resolve("miscounted.p7m"), "tipgate",
                Cli.packageHeader("PKG-MISCOUNTED", "mp-indore", RECORDS.size() + 1), RECORDS, "mp-indore");

        Cli.Run run = open(pkg, "mp-indore");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("REJECTED HEADER_INVALID: header says 5 records, package holds 4"
                + System.lineSeparator());
        assertThat(outDir).isEmptyDirectory();
    }

    @Test
    void aTamperedPackageIsRejected() throws IOException {
        Path pkg = packageFor("mp-indore");
        byte[] bytes = Files.readAllBytes(pkg);
        bytes[bytes.length - 100] ^= 0x01;
        Files.write(pkg, bytes);

        Cli.Run run = open(pkg, "mp-indore");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("REJECTED SIGNATURE_INVALID: authentication tag mismatch");
        assertThat(outDir).isEmptyDirectory();
    }

    @Test
    void aFailedOpenLeavesAnEarlierFileOfThatNameUntouchedAndNothingElse() throws IOException {
        Files.writeString(out, "records opened earlier\n");

        Cli.Run run = open(packageFor("mp-indore"), "mp-gwalior");

        assertThat(run.exitCode()).isEqualTo(4);
        assertThat(out).hasContent("records opened earlier");
        try (var files = Files.list(outDir)) {
            assertThat(files).containsExactly(out);
        }
    }

    @Test
    void aKeyThatDoesNotBelongToTheCertificateIsAUsageError() throws IOException {
        Path pkg = packageFor("mp-indore");

        Cli.Run run = tipgate("package", "open", "--in", pkg, "--cert", cert("mp-indore"), "--key", key("mp-bhopal"),
                "--trust", CA, "--out", out);

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("--key " + key("mp-bhopal") + " does not belong to --cert " + cert("mp-indore"));
        assertThat(outDir).isEmptyDirectory();
    }
}
