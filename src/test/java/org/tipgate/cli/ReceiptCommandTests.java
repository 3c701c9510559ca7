package org.tipgate.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.tipgate.cli.Cli.CA;
import static org.tipgate.cli.Cli.cert;
import static org.tipgate.cli.Cli.key;
import static org.tipgate.cli.Cli.tipgate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tipgate.crypto.SignatureVerifier;
import org.tipgate.crypto.VerificationPolicy;
import org.tipgate.format.Receipt;
import org.tipgate.format.RejectedException;
import org.tipgate.format.RejectionCode;
import org.tipgate.format.WireJson;
import org.tipgate.receipt.ReceiptRecorder;
import org.tipgate.testing.OpenSsl;

/** {@code tipgate receipt make --in PKG.p7m --cert C --key K --out R.p7m}. */
class ReceiptCommandTests {

    private static final List<String> RECORDS = Cli.records(31, 3);

    @TempDir
    Path dir;

    private Path packageFor(String recipient) throws IOException {
        return Cli.buildPackage(dir.resolve("PKG-" + recipient + ".p7m"), "tipgate",
                Cli.packageHeader("PKG-" + recipient + "-0001", recipient, RECORDS.size()), RECORDS, recipient);
    }

    private Cli.Run make(Path pkg, String as, Path receipt) {
        return tipgate("receipt", "make", "--in", pkg, "--cert", cert(as), "--key", key(as), "--out", receipt);
    }

    private static Receipt read(Path receipt, String expectedSigner) throws IOException, RejectedException {
        SignatureVerifier verifier = new SignatureVerifier(
                VerificationPolicy.forDocuments(List.of(Cli.certificate("ca")), List.of(), Clock.systemUTC()));
        return ReceiptRecorder.read(verifier, Files.readAllBytes(receipt), expectedSigner,
                List.of(Cli.certificate(expectedSigner))).receipt();
    }

    @ParameterizedTest
    @ValueSource(strings = {"mp-indore", "mp-bhopal"})
    void theReceiptIsSignedByTheRecipientAndNamesThePackageAndItsHash(String recipient) throws Exception {
        Path pkg = packageFor(recipient);
        Path receipt = dir.resolve("R.p7m");
        Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);

        Cli.Run run = make(pkg, recipient, receipt);

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("receipt for " + pkg + " written to " + receipt + System.lineSeparator());
        Receipt read = read(receipt, recipient);
        assertThat(read.type()).isEqualTo("tipgate-receipt");
        assertThat(read.version()).isEqualTo(1);
        assertThat(read.packageId()).isEqualTo("PKG-" + recipient + "-0001");
        assertThat(read.packageSha256()).isEqualTo(Cli.sha256(pkg)).hasSize(64);
        assertThat(read.receivedAt()).isBetween(before, Instant.now());
    }

    @Test
    void withTrustGivenRefusesToAcknowledgeAPackageTheGatewayDidNotSign() throws Exception {
        Path forged = Cli.buildPackage(dir.resolve("forged.p7m"), "ncrb",
                Cli.packageHeader("PKG-forged", "mp-indore", RECORDS.size()), RECORDS, "mp-indore");
        Path receipt = dir.resolve("R.p7m");

        Cli.Run run = tipgate("receipt", "make", "--in", forged, "--cert", cert("mp-indore"), "--key", key("mp-indore"),
                "--out", receipt, "--trust", CA);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("REJECTED SIGNER_UNTRUSTED");
        assertThat(receipt).doesNotExist();
    }

    @Test
    void withTrustGivenAcknowledgesAPackageTheGatewaySigned() throws Exception {
        Path receipt = dir.resolve("R.p7m");

        Cli.Run run = tipgate("receipt", "make", "--in", packageFor("mp-indore"), "--cert", cert("mp-indore"),
                "--key", key("mp-indore"), "--out", receipt, "--trust", CA, "--crl", Cli.CRL);

        assertThat(run.exitCode()).isZero();
        assertThat(read(receipt, "mp-indore").packageId()).isEqualTo("PKG-mp-indore-0001");
    }

    @Test
    void theReceiptVerifiesWithOpenssl() throws Exception {
        Path pkg = packageFor("mp-indore");
        assertThat(make(pkg, "mp-indore", dir.resolve("R.p7m")).exitCode()).isZero();

        OpenSsl.run(dir, "cms", "-verify", "-binary", "-inform", "DER", "-in", "R.p7m",
                "-CAfile", CA.toAbsolutePath().toString(), "-out", "receipt.json").assertSuccess();

        Receipt content = WireJson.mapper().readValue(dir.resolve("receipt.json").toFile(), Receipt.class);
        assertThat(content).isEqualTo(read(dir.resolve("R.p7m"), "mp-indore"));
        assertThat(content.packageSha256()).isEqualTo(Cli.sha256(pkg));
    }

    @Test
    void theReceiptDoesNotVerifyAsAnotherAgencysReceipt() throws Exception {
        assertThat(make(packageFor("mp-indore"), "mp-indore", dir.resolve("R.p7m")).exitCode()).isZero();

        RejectedException refused = catchThrowableOfType(RejectedException.class,
                () -> read(dir.resolve("R.p7m"), "mp-gwalior"));

        assertThat(refused.code()).isEqualTo(RejectionCode.SIGNER_UNTRUSTED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"mp-gwalior", "mp-bhopal"})
    void anotherRecipientCannotMakeAReceiptForThePackage(String other) throws IOException {
        Path receipt = dir.resolve("R.p7m");

        Path pkg = packageFor("mp-indore");

        Cli.Run run = make(pkg, other, receipt);

        assertThat(run.exitCode()).isEqualTo(4);
        assertThat(run.err()).isEqualTo(PackageCommandTests.notAddressed(pkg, other, "mp-indore")
                + System.lineSeparator());
        assertThat(receipt).doesNotExist();
    }

    @Test
    void noReceiptIsMadeForATamperedPackage() throws IOException {
        Path pkg = packageFor("mp-indore");
        byte[] bytes = Files.readAllBytes(pkg);
        bytes[bytes.length - 100] ^= 0x01;
        Files.write(pkg, bytes);
        Path receipt = dir.resolve("R.p7m");

        Cli.Run run = make(pkg, "mp-indore", receipt);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("REJECTED SIGNATURE_INVALID: authentication tag mismatch");
        assertThat(receipt).doesNotExist();
    }

    @Test
    void aKeyThatDoesNotBelongToTheCertificateIsAUsageError() throws IOException {
        Path receipt = dir.resolve("R.p7m");

        Cli.Run run = tipgate("receipt", "make", "--in", packageFor("mp-indore"), "--cert", cert("mp-indore"),
                "--key", key("mp-gwalior"), "--out", receipt);

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("--key " + key("mp-gwalior") + " does not belong to --cert " + cert("mp-indore"));
        assertThat(receipt).doesNotExist();
    }
}
