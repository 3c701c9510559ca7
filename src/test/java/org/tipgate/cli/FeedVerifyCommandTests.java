package org.tipgate.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tipgate.cli.Cli.CA;
import static org.tipgate.cli.Cli.cert;
import static org.tipgate.cli.Cli.key;
import static org.tipgate.cli.Cli.tipgate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tipgate.crypto.AgencyNames;
import org.tipgate.crypto.CmsSigner;
import org.tipgate.crypto.Pem;
import org.tipgate.format.WireJson;
import org.tipgate.testing.OpenSsl;
import org.tipgate.testing.TestPki;

/**
 * {@code tipgate feed verify --in FEED.p7m --trust CA [--crl CRL]}: exit 0 when every record is
 * valid, 1 with the rejection code printed when the feed is refused or only partly accepted. One
 * fixture per way a feed can be broken.
 */
class FeedVerifyCommandTests {

    private static final List<String> RECORDS = Cli.records(21, 5);

    @TempDir
    Path dir;

    private static String tipId(String record) throws IOException {
        return WireJson.mapper().readTree(record).path("tipId").asText();
    }

    /** Signs {@code records} with {@code feed sign}, as a sender would. */
    private Path signedByCli(String signer, List<String> records) throws IOException {
        Path file = Files.write(dir.resolve(signer + ".jsonl"), Cli.lines(records));
        Path feed = dir.resolve(signer + ".p7m");
        Cli.Run run = tipgate("feed", "sign", "--in", file, "--cert", cert(signer), "--key", key(signer),
                "--out", feed, "--feed-id", "FEED-VERIFY-1");
        assertThat(run.exitCode()).as(run.err()).isZero();
        return feed;
    }

    private Path signed(String name, CmsSigner signer, byte[] content) throws IOException {
        return Files.write(dir.resolve(name), signer.sign(content));
    }

    private static Cli.Run verify(Path feed, Object... more) {
        List<Object> args = new ArrayList<>(List.of("feed", "verify", "--in", feed, "--trust", CA));
        args.addAll(Arrays.asList(more));
        return tipgate(args.toArray());
    }

    private static void assertRejected(Cli.Run run, String codeAndReason) {
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("REJECTED " + codeAndReason);
        assertThat(run.out()).doesNotContain("status ");
    }

    @Test
    void feedVerifyExitsZeroForAFeedOfValidRecords() throws IOException {
        Cli.Run run = verify(signedByCli("ncrb", RECORDS));

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("status ACCEPTED: records 5, accepted 5, rejected 0" + System.lineSeparator());
        assertThat(run.err()).isEmpty();
    }

    /** What the offline check leaves to the gateway is said as such, and nothing is said to be unbuilt. */
    @Test
    void feedVerifySaysWhatItDoesNotCheckWithoutCallingAnythingUnbuilt() throws IOException {
        List<String> records = new ArrayList<>(RECORDS);
        records.set(1, records.get(1).replace("\"schemaVersion\":\"1\"", "\"schemaVersion\":\"2\""));

        for (Cli.Run run : List.of(verify(signedByCli("ncrb", RECORDS)), verify(signedByCli("ncrb", records)))) {
            assertThat(run.out()).contains(FeedCommand.Verify.NOT_CHECKED + System.lineSeparator())
                    .contains("not checked offline: whether the gateway has taken in this feed before (a replay, by its"
                            + " feed id or its bytes) and routing");
            assertThat(run.out() + run.err()).doesNotContainIgnoringCase("not built")
                    .doesNotContainIgnoringCase("not yet");
        }
    }

    @Test
    void feedVerifyExitsOneAndPrintsTheCodeForAnExpiredSigner() throws IOException {
        Cli.Run run = verify(signedByCli("ncrb-expired", RECORDS));

        assertRejected(run, "CERT_EXPIRED: certificate CN=ncrb, O=National Crime Records Bureau (DEMO), C=IN "
                + "was not valid at the signing time ");
    }

    @Test
    void feedVerifyExitsOneAndPrintsTheCodeForARevokedSignerWhenGivenTheCrl() throws IOException {
        Cli.Run run = verify(signedByCli("ncrb-revoked", RECORDS), "--crl", Cli.CRL);

        assertRejected(run, "CERT_REVOKED: certificate CN=ncrb, O=National Crime Records Bureau (DEMO), C=IN (serial ");
        assertThat(run.err()).contains(" was revoked on ", "reason KEY_COMPROMISE");
    }

    @Test
    void feedVerifyRejectsAFeedWhoseHeaderNamesASenderOtherThanTheSigner() throws IOException {
        Path feed = signed("wrong-sender.p7m", Cli.signer("mp-scc"),
                Cli.feedContent("FEED-WRONG-SENDER", "ncrb", RECORDS.size(), RECORDS));

        Cli.Run run = verify(feed);

        assertRejected(run, "SIGNER_UNTRUSTED: the signer certificate CN=mp-scc,");
        assertThat(run.err()).contains("is not one of agency ncrb's certificates in the directory");
    }

    @Test
    void feedVerifyRejectsAFeedFromAnAgencyThatSendsNoFeeds() throws IOException {
        Path feed = signed("state-as-sender.p7m", Cli.signer("mp-scc"),
                Cli.feedContent("FEED-STATE", "mp-scc", RECORDS.size(), RECORDS));

        Cli.Run run = verify(feed);

        assertRejected(run, "SIGNER_UNTRUSTED: agency mp-scc is a STATE_NODAL, not a national sender");
    }

    @Test
    void feedVerifyRejectsASenderCertificateTheDirectoryDoesNotList() throws IOException {
        Path feed = signed("unlisted.p7m", Cli.signer("ncrb-revoked"),
                Cli.feedContent("FEED-UNLISTED", "ncrb", RECORDS.size(), RECORDS));

        Cli.Run run = verify(feed);

        assertRejected(run, "SIGNER_UNTRUSTED: the signer certificate CN=ncrb,");
    }

    @Test
    void withAnySenderAnyAgencyOfTheTrustedCaMaySendInItsOwnName() throws IOException {
        Path feed = signed("state-as-sender.p7m", Cli.signer("mp-scc"),
                Cli.feedContent("FEED-STATE", "mp-scc", RECORDS.size(), RECORDS));

        Cli.Run run = tipgate("feed", "verify", "--in", feed, "--trust", CA, "--any-sender");

        assertThat(run.exitCode()).isZero();
    }

    @Test
    void feedVerifyRejectsASignerFromAnUnknownCa() throws IOException {
        TestPki.Credential impostor = TestPki.get().impostor;
        assertThat(AgencyNames.agencyId(impostor.cert())).as("same agency name, another CA").isEqualTo("ncrb");
        CmsSigner signer = new CmsSigner(impostor.key(), impostor.cert(), List.of(), Clock.systemUTC());
        Path feed = signed("impostor.p7m", signer, Cli.feedContent("FEED-IMPOSTOR", "ncrb", RECORDS.size(), RECORDS));

        Cli.Run run = verify(feed);

        assertRejected(run, "SIGNER_UNTRUSTED: no path from CN=ncrb, O=TipGate Test Agency, C=IN "
                + "(issued by CN=TipGate Test Root CA, O=TipGate Test, C=IN) to a trust anchor");
    }

    @Test
    void feedVerifyRejectsTamperedContent() throws IOException {
        Path feed = signedByCli("ncrb", RECORDS);
        String tipId = tipId(RECORDS.get(2));
        String altered = (tipId.charAt(0) == '9' ? "8" : "9") + tipId.substring(1);
        Cli.replaceOnce(feed, "\"tipId\":\"" + tipId + "\"", "\"tipId\":\"" + altered + "\"");

        Cli.Run run = verify(feed);

        assertRejected(run, "SIGNATURE_INVALID: the content does not match the messageDigest attribute");
    }

    @Test
    void feedVerifyRejectsATruncatedFile() throws IOException {
        Path feed = signedByCli("ncrb", RECORDS);
        byte[] bytes = Files.readAllBytes(feed);
        Files.write(feed, Arrays.copyOf(bytes, bytes.length - 10));

        assertRejected(verify(feed), "MALFORMED_CMS: truncated: input ends 10 bytes before the length its DER header declares");
    }

    @Test
    void feedVerifyRejectsTrailingGarbage() throws IOException {
        Path feed = signedByCli("ncrb", RECORDS);
        Files.write(feed, "garbage".getBytes(), StandardOpenOption.APPEND);

        assertRejected(verify(feed), "MALFORMED_CMS: trailing data after the ContentInfo");
    }

    @Test
    void feedVerifyRejectsAFileThatIsNotCms() throws IOException {
        Path notCms = Files.write(dir.resolve("records.p7m"), Cli.lines(RECORDS));

        assertRejected(verify(notCms), "MALFORMED_CMS: input starts with tag 0x7b, not a ContentInfo SEQUENCE");
    }

    @Test
    void feedVerifyRejectsAHeaderWhoseRecordCountIsWrong() throws IOException {
        Path feed = signed("miscounted.p7m", Cli.signer("ncrb"),
                Cli.feedContent("FEED-MISCOUNTED", "ncrb", RECORDS.size() + 1, RECORDS));

        Cli.Run run = verify(feed);

        assertRejected(run, "HEADER_INVALID: the header declares recordCount 6 but the content has 5 record lines");
    }

    @Test
    void feedVerifyRejectsASigningTimeOlderThanSevenDays() throws IOException {
        Instant eightDaysAgo = Instant.now().minus(Duration.ofDays(8));
        CmsSigner signer = new CmsSigner(Pem.readPrivateKey(key("ncrb")), Cli.certificate("ncrb"), List.of(),
                Clock.fixed(eightDaysAgo, ZoneOffset.UTC));
        Path feed = signed("old.p7m", signer, Cli.feedContent("FEED-OLD", "ncrb", RECORDS.size(), RECORDS));

        assertRejected(verify(feed), "SIGNING_TIME_OUT_OF_WINDOW: signingTime " + eightDaysAgo.truncatedTo(ChronoUnit.SECONDS) + " is more than PT168H before ");
    }

    @Test
    void feedVerifyReportsAFeedWithOneInvalidRecordAsPartialWithTheLineAndCode() throws IOException {
        List<String> records = new ArrayList<>(RECORDS);
        records.set(2, records.get(2).replace("\"schemaVersion\":\"1\"", "\"schemaVersion\":\"2\""));
        assertThat(records.get(2)).isNotEqualTo(RECORDS.get(2));

        Cli.Run run = verify(signedByCli("ncrb", records));

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).contains("status PARTIAL: records 5, accepted 4, rejected 1" + System.lineSeparator())
                .containsPattern("(?m)^line 4 tipId " + tipId(RECORDS.get(2)) + ": RECORD_INVALID .*schemaVersion.*$");
        assertThat(run.out().lines().filter(l -> l.startsWith("line "))).hasSize(1);
        assertThat(run.err()).contains("PARTIAL: 1 of 5 records refused");
    }

    @Test
    void feedVerifyReportsADuplicateTipIdAsPartialWithTheLineAndCode() throws IOException {
        List<String> records = new ArrayList<>(RECORDS);
        records.add(RECORDS.get(0));

        Cli.Run run = verify(signedByCli("ncrb", records));

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).contains("status PARTIAL: records 6, accepted 5, rejected 1" + System.lineSeparator())
                .contains("line 7 tipId " + tipId(RECORDS.get(0))
                        + ": DUPLICATE_TIP the tipId appears on an earlier line of this feed" + System.lineSeparator());
    }

    @Test
    void feedVerifyExitsOneWhenEveryRecordIsInvalid() throws IOException {
        List<String> records = RECORDS.stream().map(r -> r.replace("\"schemaVersion\":\"1\"", "\"schemaVersion\":\"2\""))
                .toList();

        Cli.Run run = verify(signedByCli("ncrb", records));

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).contains("status REJECTED: records 5, accepted 0, rejected 5" + System.lineSeparator());
        assertThat(run.out().lines().filter(l -> l.matches("line [2-6] tipId [0-9]+: RECORD_INVALID .*"))).hasSize(5);
    }

    @Test
    void feedVerifyRejectsAFeedSignedByOpensslWithSha1() throws IOException {
        Path content = Files.write(dir.resolve("content.jsonl"), Cli.feedContent("FEED-SHA1", "ncrb", RECORDS.size(), RECORDS));
        opensslSign(content, "sha1", "sha1.p7m");

        assertRejected(verify(dir.resolve("sha1.p7m")), "ALGORITHM_REJECTED: digest algorithm SHA-1 is not allowed");
    }

    @Test
    void feedVerifyAcceptsAFeedSignedByOpensslAsTheDesignShowsSendersHow() throws IOException {
        Path content = Files.write(dir.resolve("content.jsonl"), Cli.feedContent("FEED-OPENSSL", "ncrb", RECORDS.size(), RECORDS));
        opensslSign(content, "sha256", "openssl.p7m");

        Cli.Run run = verify(dir.resolve("openssl.p7m"));

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("feed FEED-OPENSSL from ncrb: signature valid (SHA256withRSA, SHA-256, ")
                .contains("status ACCEPTED: records 5, accepted 5, rejected 0" + System.lineSeparator());
    }

    @Test
    void aMissingInputFileIsAUsageError() {
        Path missing = dir.resolve("no-such-feed.p7m");

        Cli.Run run = verify(missing);

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("Invalid value for option '--in': no such file: " + missing
                + " (see: tipgate feed verify --help)" + System.lineSeparator());
    }

    @Test
    void withoutTrustItIsAUsageError() throws IOException {
        Cli.Run run = tipgate("feed", "verify", "--in", signedByCli("ncrb", RECORDS));

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("Missing required option: '--trust=CA'");
    }

    /** docs/design.md: one state received 30,000 tips in one dispatch. */
    @Test
    void signsAndVerifiesAThirtyThousandRecordDispatch() throws IOException {
        Path records = dir.resolve("dispatch.jsonl");
        Path feed = dir.resolve("dispatch.p7m");
        assertThat(tipgate("feed", "generate", "--records", 30_000, "--out", records, "--seed", 30_000).exitCode()).isZero();

        long start = System.nanoTime();
        Cli.Run sign = tipgate("feed", "sign", "--in", records, "--cert", cert("ncrb"), "--key", key("ncrb"),
                "--out", feed, "--feed-id", "DISPATCH-30000");
        long signed = System.nanoTime();
        Cli.Run verify = verify(feed);
        long verified = System.nanoTime();
        System.out.printf("feed sign: 30,000 records (%,d bytes) in %,d ms; feed verify: %,d ms%n", Files.size(feed),
                (signed - start) / 1_000_000, (verified - signed) / 1_000_000);

        assertThat(sign.exitCode()).isZero();
        assertThat(verify.exitCode()).isZero();
        assertThat(verify.out()).contains("status ACCEPTED: records 30000, accepted 30000, rejected 0");
    }

    private void opensslSign(Path content, String digest, String out) {
        OpenSsl.run(dir, "cms", "-sign", "-binary", "-nodetach", "-outform", "DER", "-md", digest,
                "-in", content.getFileName().toString(),
                "-signer", cert("ncrb").toAbsolutePath().toString(), "-inkey", key("ncrb").toAbsolutePath().toString(),
                "-out", out).assertSuccess();
    }
}
