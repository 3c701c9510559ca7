package org.tipgate.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.tipgate.cli.Cli.CA;
import static org.tipgate.cli.Cli.cert;
import static org.tipgate.cli.Cli.key;
import static org.tipgate.cli.Cli.tipgate;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tipgate.format.WireJson;
import org.tipgate.testing.OpenSsl;

/** {@code tipgate feed sign --in FILE --cert C --key K --out FEED.p7m [--feed-id ID]}. */
class FeedSignCommandTests {

    @TempDir
    Path dir;
    Path records;
    Path feed;

    @BeforeEach
    void writeRecords() throws IOException {
        records = Files.write(dir.resolve("records.jsonl"), Cli.lines(Cli.records(5, 5)));
        feed = dir.resolve("feed.p7m");
    }

    private Cli.Run sign(Object... more) {
        Object[] args = {"feed", "sign", "--in", records, "--cert", cert("ncrb"), "--key", key("ncrb"), "--out", feed};
        Object[] all = Arrays.copyOf(args, args.length + more.length);
        System.arraycopy(more, 0, all, args.length, more.length);
        return tipgate(all);
    }

    @Test
    void aFeedSignedWithTheDemoKeysVerifiesWithExitZeroAndItsCounts() {
        Cli.Run signed = sign("--feed-id", "NCRB-2026-000117");

        assertThat(signed.exitCode()).isZero();
        assertThat(signed.out()).contains("feed NCRB-2026-000117 from ncrb: 5 records signed into " + feed);

        Cli.Run verified = tipgate("feed", "verify", "--in", feed, "--trust", CA, "--crl", Cli.CRL);

        assertThat(verified.exitCode()).isZero();
        assertThat(verified.out())
                .containsPattern("(?m)^feed NCRB-2026-000117 from ncrb: signature valid \\(SHA256withRSA, SHA-256, "
                        + "signed \\S+Z by CN=ncrb,O=National Crime Records Bureau \\(DEMO\\),C=IN\\)$")
                .contains("status ACCEPTED: records 5, accepted 5, rejected 0" + System.lineSeparator())
                .doesNotContain("RECORD_INVALID", "DUPLICATE_TIP");
        assertThat(verified.err()).isEmpty();
    }

    @Test
    void opensslVerifiesTheFeedAndItsContentIsTheHeaderThenTheRecords() throws IOException {
        Instant before = Instant.now().minusSeconds(1);
        assertThat(sign("--feed-id", "NCRB-2026-000118").exitCode()).isZero();

        OpenSsl.run(dir, "cms", "-verify", "-binary", "-inform", "DER", "-in", "feed.p7m",
                "-CAfile", CA.toAbsolutePath().toString(), "-out", "content").assertSuccess();

        byte[] content = Files.readAllBytes(dir.resolve("content"));
        String text = new String(content, UTF_8);
        String headerLine = text.substring(0, text.indexOf('\n'));
        JsonNode header = WireJson.mapper().readTree(headerLine);
        assertThat(header.size()).isEqualTo(6);
        assertThat(header.path("type").asText()).isEqualTo("tipgate-feed");
        assertThat(header.path("version").isInt()).isTrue();
        assertThat(header.path("version").asInt()).isEqualTo(1);
        assertThat(header.path("feedId").asText()).isEqualTo("NCRB-2026-000118");
        assertThat(header.path("sender").asText()).isEqualTo("ncrb");
        assertThat(header.path("recordCount").isIntegralNumber()).isTrue();
        assertThat(header.path("recordCount").asLong()).isEqualTo(5);
        assertThat(Instant.parse(header.path("createdAt").asText())).isBetween(before, Instant.now());
        assertThat(text.substring(headerLine.length() + 1)).isEqualTo(Files.readString(records, UTF_8));
    }

    @Test
    void withoutFeedIdTheIdIsTheSenderAndTheUtcTime() throws IOException {
        assertThat(sign().exitCode()).isZero();

        OpenSsl.run(dir, "cms", "-verify", "-binary", "-inform", "DER", "-in", "feed.p7m",
                "-CAfile", CA.toAbsolutePath().toString(), "-out", "content").assertSuccess();

        JsonNode header = WireJson.mapper().readTree(Files.readAllLines(dir.resolve("content")).get(0));
        assertThat(header.path("feedId").asText()).matches("ncrb-[0-9]{8}T[0-9]{6}Z");
    }

    @Test
    void aLastRecordWithoutLineFeedGetsOneAndIsCounted() throws IOException {
        List<String> lines = Cli.records(6, 3);
        Files.writeString(records, String.join("\n", lines), UTF_8);
        assertThat(sign("--feed-id", "NO-FINAL-LF").exitCode()).isZero();

        OpenSsl.run(dir, "cms", "-verify", "-binary", "-inform", "DER", "-in", "feed.p7m",
                "-CAfile", CA.toAbsolutePath().toString(), "-out", "content").assertSuccess();

        List<String> content = Files.readAllLines(dir.resolve("content"));
        assertThat(WireJson.mapper().readTree(content.get(0)).path("recordCount").asLong()).isEqualTo(3);
        assertThat(content.subList(1, content.size())).isEqualTo(lines);
        assertThat(Files.readString(dir.resolve("content"))).endsWith("}\n");
    }

    @Test
    void aFeedIdOutsideTheGrammarIsAUsageError() {
        Cli.Run run = sign("--feed-id", "../x");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("--feed-id must match [A-Za-z0-9][A-Za-z0-9._-]{0,127}");
        assertThat(feed).doesNotExist();
    }

    @Test
    void aFeedIdOfMoreThan128CharactersIsAUsageError() {
        Cli.Run run = sign("--feed-id", "F".repeat(129));

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("--feed-id must match ");
        assertThat(feed).doesNotExist();
    }

    /**
     * feed sign reads the records three times (to count them, to digest, to write): its progress
     * says which pass it is in, counts each pass against that pass's own size, and speaks in each.
     */
    @Test
    void progressSpeaksInEveryPassAndCountsEachAgainstItsRealSize() throws IOException {
        Files.write(records, Cli.lines(Cli.records(6, 60)));
        long fileSize = Files.size(records);
        Cli.Run run;
        System.setProperty("tipgate.progress.interval-ms", "0");
        try {
            run = sign("--feed-id", "PROGRESS-1");
        } finally {
            System.clearProperty("tipgate.progress.interval-ms");
        }
        assertThat(run.exitCode()).as(run.err()).isZero();

        Pattern line = Pattern.compile(
                "feed sign, pass (\\d) of 3 \\(([a-z ]+)\\): ([\\d,]+) of ([\\d,]+) bytes \\((\\d+)%\\)");
        Map<Integer, List<long[]>> passes = new TreeMap<>();
        Map<Integer, String> names = new TreeMap<>();
        List<String> lines = run.err().lines().toList();
        for (String l : lines.subList(0, lines.size() - 1)) {
            Matcher m = line.matcher(l);
            assertThat(m.matches()).as(l).isTrue();
            long done = Long.parseLong(m.group(3).replace(",", ""));
            long total = Long.parseLong(m.group(4).replace(",", ""));
            assertThat(done).as(l).isLessThanOrEqualTo(total);
            assertThat(Integer.parseInt(m.group(5))).as(l).isEqualTo(done * 100 / total);
            names.put(Integer.parseInt(m.group(1)), m.group(2));
            passes.computeIfAbsent(Integer.parseInt(m.group(1)), k -> new ArrayList<>()).add(new long[] {done, total});
        }
        assertThat(names).containsExactly(Map.entry(1, "counting the records"), Map.entry(2, "digesting"),
                Map.entry(3, "writing the signed feed"));
        long content = passes.get(2).get(0)[1];
        assertThat(passes.get(1)).allSatisfy(p -> assertThat(p[1]).isEqualTo(fileSize));
        assertThat(content - fileSize).as("the header line").isBetween(50L, 1024L);
        assertThat(passes.get(3)).allSatisfy(p -> assertThat(p[1]).isEqualTo(content));
        assertThat(passes.get(1).get(passes.get(1).size() - 1)[0]).isEqualTo(fileSize);
        assertThat(passes.get(2).get(passes.get(2).size() - 1)[0]).isEqualTo(content);
        assertThat(passes.get(3).get(passes.get(3).size() - 1)[0]).isEqualTo(content);
        assertThat(lines.get(lines.size() - 1))
                .isEqualTo(String.format("feed sign: %,d bytes, all passes done", content));
    }

    @Test
    void aMissingInputFileIsAUsageError() {
        Path missing = dir.resolve("no-such-records.jsonl");

        Cli.Run run = tipgate("feed", "sign", "--in", missing, "--cert", cert("ncrb"), "--key", key("ncrb"),
                "--out", feed);

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("Invalid value for option '--in': no such file: " + missing
                + " (see: tipgate feed sign --help)" + System.lineSeparator());
        assertThat(feed).doesNotExist();
    }

    @Test
    void missingRequiredOptionsAreAUsageError() {
        Cli.Run run = tipgate("feed", "sign", "--in", records);

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("Missing required options: '--out=FEED.p7m', '--cert=CERT', '--key=KEY'");
        assertThat(feed).doesNotExist();
    }

    @Test
    void aBlankLineInTheRecordsIsAUsageError() throws IOException {
        List<String> lines = Cli.records(8, 2);
        Files.writeString(records, lines.get(0) + "\n\n" + lines.get(1) + "\n", UTF_8);

        Cli.Run run = sign("--feed-id", "BLANK");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("tipgate: " + records + ": line 2 is blank; one record per line"
                + System.lineSeparator());
        assertThat(feed).doesNotExist();
    }

    @Test
    void aCertificateFileWithoutACertificateIsAUsageError() {
        Cli.Run run = tipgate("feed", "sign", "--in", records, "--cert", key("ncrb"), "--key", key("ncrb"),
                "--out", feed);

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("tipgate: " + key("ncrb") + ": no PEM certificate found" + System.lineSeparator());
        assertThat(feed).doesNotExist();
    }

    @Test
    void aKeyThatDoesNotBelongToTheCertificateIsAUsageError() {
        Cli.Run run = tipgate("feed", "sign", "--in", records, "--cert", cert("ncrb"), "--key", key("mp-scc"),
                "--out", feed);

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("--key " + key("mp-scc") + " does not belong to --cert " + cert("ncrb"));
        assertThat(feed).doesNotExist();
    }
}
