package org.tipgate.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tipgate.crypto.Pem;
import org.tipgate.testing.OpenSsl;

class DemoPkiTests {

    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    @TempDir
    static Path dir;
    private static List<Path> written;

    @BeforeAll
    static void writeDemoPki() throws IOException {
        written = DemoPki.write(dir, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private static List<String> agencyIds() {
        return DemoPki.AGENCIES.stream().map(DemoAgency::id).toList();
    }

    private static List<String> certificateIds() {
        return Stream.concat(agencyIds().stream(), Stream.of("ncrb-expired", "ncrb-revoked", "localhost")).toList();
    }

    private static X509Certificate cert(String id) throws IOException {
        return Pem.readCertificate(dir.resolve(id + ".crt.pem"));
    }

    @Test
    void writesAndReturnsEveryFileOfTheDemoPki() throws IOException {
        List<String> expected = new ArrayList<>(List.of("ca.crt.pem", "ca.crl.pem", "README.md"));
        certificateIds().forEach(id -> expected.addAll(List.of(id + ".crt.pem", id + ".key.pem")));
        agencyIds().forEach(id -> expected.addAll(List.of(id + ".ssh", id + ".ssh.pub")));

        assertThat(written).allSatisfy(file -> assertThat(file).isRegularFile().hasParent(dir));
        assertThat(written.stream().map(f -> f.getFileName().toString())).containsExactlyInAnyOrderElementsOf(expected);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.count()).isEqualTo(expected.size());
        }
    }

    @Test
    void everyKeyBelongsToItsCertificate() throws Exception {
        for (String id : certificateIds()) {
            X509Certificate cert = cert(id);
            PrivateKey key = Pem.readPrivateKey(dir.resolve(id + ".key.pem"));
            String algorithm = key.getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(id.getBytes(StandardCharsets.UTF_8));
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(cert);
            verifier.update(id.getBytes(StandardCharsets.UTF_8));

            assertThat(verifier.verify(signer.sign())).as(id).isTrue();
        }
    }

    @Test
    void agencyCertificatesNameTheAgencyWithItsIdAsCommonName() throws Exception {
        for (DemoAgency agency : DemoPki.AGENCIES) {
            X500Name subject = new JcaX509CertificateHolder(cert(agency.id())).getSubject();

            assertThat(IETFUtils.valueToString(subject.getRDNs(BCStyle.CN)[0].getFirst().getValue())).isEqualTo(agency.id());
            assertThat(IETFUtils.valueToString(subject.getRDNs(BCStyle.O)[0].getFirst().getValue()))
                    .isEqualTo(agency.name() + " (DEMO)");
            assertThat(IETFUtils.valueToString(subject.getRDNs(BCStyle.C)[0].getFirst().getValue())).isEqualTo("IN");
        }
        assertThat(new JcaX509CertificateHolder(cert("ncrb-expired")).getSubject())
                .isEqualTo(new JcaX509CertificateHolder(cert("ncrb")).getSubject());
        assertThat(new JcaX509CertificateHolder(cert("ncrb-revoked")).getSubject())
                .isEqualTo(new JcaX509CertificateHolder(cert("ncrb")).getSubject());
    }

    @Test
    void agencyKeysAreOfTheListedKind() throws IOException {
        for (DemoAgency agency : DemoPki.AGENCIES) {
            X509Certificate cert = cert(agency.id());
            if (agency.kind() == KeyKind.RSA_2048) {
                assertThat(((RSAPublicKey) cert.getPublicKey()).getModulus().bitLength()).as(agency.id()).isEqualTo(2048);
            } else {
                assertThat(((ECPublicKey) cert.getPublicKey()).getParams().getCurve().getField().getFieldSize())
                        .as(agency.id()).isEqualTo(256);
            }
        }
        assertThat(((RSAPublicKey) cert("ca").getPublicKey()).getModulus().bitLength())
                .isEqualTo(3072);
    }

    @Test
    void certificatesAreValidForTenYearsBackdatedOneDay() throws IOException {
        Instant tenYears = NOW.atOffset(ZoneOffset.UTC).plusYears(10).toInstant();
        for (String id : Stream.concat(agencyIds().stream(), Stream.of("ncrb-revoked", "localhost")).toList()) {
            X509Certificate cert = cert(id);

            assertThat(cert.getNotBefore().toInstant()).as(id).isEqualTo(NOW.minus(Duration.ofDays(1)));
            assertThat(cert.getNotAfter().toInstant()).as(id).isEqualTo(tenYears);
        }
        X509Certificate expired = cert("ncrb-expired");
        assertThat(expired.getNotBefore().toInstant()).isEqualTo(NOW.minus(Duration.ofDays(30)));
        assertThat(expired.getNotAfter().toInstant()).isEqualTo(NOW.minus(Duration.ofDays(1)));
        X509CRL crl = Pem.readCrls(dir.resolve("ca.crl.pem")).get(0);
        assertThat(crl.getNextUpdate().toInstant()).isEqualTo(tenYears);
        assertThat(crl.isRevoked(cert("ncrb-revoked"))).isTrue();
        assertThat(crl.isRevoked(cert("ncrb"))).isFalse();
    }

    @Test
    void openSslVerifiesEveryCurrentCertificateAgainstTheCaAndItsCrl() {
        for (String id : Stream.concat(agencyIds().stream(), Stream.of("localhost")).toList()) {
            OpenSsl.Result result = OpenSsl.run(dir, "verify", "-CAfile", "ca.crt.pem",
                    "-crl_check", "-CRLfile", "ca.crl.pem", id + ".crt.pem");

            assertThat(result.exitCode()).as(result.stderr()).isZero();
            assertThat(result.stdout()).isEqualTo(id + ".crt.pem: OK\n");
        }
    }

    @Test
    void openSslRefusesTheRevokedCertificateWithTheCrl() {
        OpenSsl.run(dir, "verify", "-CAfile", "ca.crt.pem", "ncrb-revoked.crt.pem").assertSuccess();
        OpenSsl.Result result = OpenSsl.run(dir, "verify", "-CAfile", "ca.crt.pem",
                "-crl_check", "-CRLfile", "ca.crl.pem", "ncrb-revoked.crt.pem");

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.stdout() + result.stderr()).contains("certificate revoked");
    }

    @Test
    void openSslRefusesTheExpiredCertificate() {
        OpenSsl.Result result = OpenSsl.run(dir, "verify", "-CAfile", "ca.crt.pem", "ncrb-expired.crt.pem");

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.stdout() + result.stderr()).contains("certificate has expired");
    }

    @Test
    void theServerCertificateIsForLocalhostAndItsAddress() {
        OpenSsl.run(dir, "verify", "-CAfile", "ca.crt.pem", "-purpose", "sslserver",
                "-verify_hostname", "localhost", "localhost.crt.pem").assertSuccess();
        OpenSsl.run(dir, "verify", "-CAfile", "ca.crt.pem", "-purpose", "sslserver",
                "-verify_ip", "127.0.0.1", "localhost.crt.pem").assertSuccess();
        assertThat(OpenSsl.run(dir, "verify", "-CAfile", "ca.crt.pem", "-purpose", "sslserver",
                "-verify_hostname", "example.org", "localhost.crt.pem").exitCode()).isNotZero();
    }

    @Test
    void openSslReadsEveryPrivateKeyAsThePublicKeyOfItsCertificate() {
        for (String id : certificateIds()) {
            String fromKey = OpenSsl.run(dir, "pkey", "-in", id + ".key.pem", "-pubout").assertSuccess().stdout();
            String fromCert = OpenSsl.run(dir, "x509", "-in", id + ".crt.pem", "-pubkey", "-noout").assertSuccess().stdout();

            assertThat(fromKey).as(id).isEqualTo(fromCert);
        }
    }

    @Test
    void sshKeygenAcceptsEveryLoginKeyPair() throws Exception {
        for (String id : agencyIds()) {
            String publicFile = Files.readString(dir.resolve(id + ".ssh.pub"));
            String publicLine = publicFile.strip();
            String fingerprint = sshKeygen("-l", "-f", id + ".ssh.pub");
            String derived = sshKeygen("-y", "-f", id + ".ssh");

            assertThat(publicFile).isEqualTo(publicLine + "\n");
            assertThat(publicLine).startsWith("ecdsa-sha2-nistp256 ").endsWith(" " + id);
            assertThat(fingerprint).startsWith("256 SHA256:").contains(" " + id + " ").endsWith("(ECDSA)\n");
            assertThat(derived.trim().split(" ")).startsWith(publicLine.split(" ")[0], publicLine.split(" ")[1]);
        }
    }

    @Test
    void privateKeysAreReadableOnlyByTheirOwner() throws IOException {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
        for (Path file : written) {
            String name = file.getFileName().toString();
            boolean secret = name.endsWith(".ssh") || name.endsWith(".key.pem");

            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).as(name)
                    .isEqualTo(secret ? "rw-------" : PosixFilePermissions.toString(
                            Files.getPosixFilePermissions(dir.resolve("ca.crt.pem"))));
        }
    }

    @Test
    void theReadmeSaysTheKeysArePublicAndHowTheyWereMade() throws IOException {
        String readme = Files.readString(dir.resolve("README.md"));

        assertThat(readme).contains("must never", "be used in production", "public repository",
                "tipgate keys demo --out keys-example", "ca.crl.pem", "localhost.crt.pem", "Making real keys");
        DemoPki.AGENCIES.forEach(agency -> assertThat(readme).contains("| `" + agency.id() + "` | " + agency.name()));
    }

    @Test
    void theDemoDirectoryHasTheAgenciesOfTheDesign() {
        assertThat(DemoPki.AGENCIES)
                .extracting(DemoAgency::id, DemoAgency::role, DemoAgency::stateIso, DemoAgency::stateLgd, DemoAgency::districtLgd)
                .containsExactly(
                        tuple("ncrb", "NATIONAL_SENDER", null, null, null),
                        tuple("tipgate", "GATEWAY", null, null, null),
                        tuple("mp-scc", "STATE_NODAL", "IN-MP", 23, null),
                        tuple("dl-ifso", "STATE_NODAL", "IN-DL", 7, null),
                        tuple("mp-indore", "DISTRICT", "IN-MP", 23, 410),
                        tuple("mp-bhopal", "DISTRICT", "IN-MP", 23, 396),
                        tuple("mp-gwalior", "DISTRICT", "IN-MP", 23, 407),
                        tuple("dl-new-delhi", "DISTRICT", "IN-DL", 7, 79),
                        tuple("auditor", "AUDITOR", null, null, null));
    }

    private static String sshKeygen(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("ssh-keygen"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("ssh-keygen %s: %s", String.join(" ", args), output).isZero();
        return output;
    }
}
