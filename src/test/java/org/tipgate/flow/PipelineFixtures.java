package org.tipgate.flow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.tipgate.ack.AckReader;
import org.tipgate.crypto.CmsSigner;
import org.tipgate.crypto.Pem;
import org.tipgate.crypto.SignatureVerifier;
import org.tipgate.crypto.VerificationPolicy;
import org.tipgate.directory.LgdTables;
import org.tipgate.feed.FeedAssembler;
import org.tipgate.format.Ack;
import org.tipgate.format.FeedHeader;
import org.tipgate.format.WireJson;
import org.tipgate.synthetic.FeedGenerator;
import org.tipgate.testing.OpenSsl;

/** Feeds signed with the demo keys, acks read back, packages opened with OpenSSL. */
final class PipelineFixtures {

    private PipelineFixtures() {
    }

    /** The records file and the signed feed of {@code records} generated records. */
    record SignedFeed(Path records, Path feed) {

        List<String> lines() throws Exception {
            return Files.readAllLines(records, StandardCharsets.UTF_8).stream().filter(l -> !l.isEmpty()).toList();
        }
    }

    static SignedFeed feed(Path work, String feedId, String signer, int records, long seed) throws Exception {
        Path recordsFile = work.resolve(feedId + ".jsonl");
        try (OutputStream out = Files.newOutputStream(recordsFile)) {
            new FeedGenerator(LgdTables.bundled()).write(seed, records, out);
        }
        return sign(work, feedId, signer, recordsFile, records);
    }

    static SignedFeed sign(Path work, String feedId, String signer, Path recordsFile, long records) throws Exception {
        FeedHeader header = FeedHeader.of(feedId, "ncrb", Instant.now().toString(), records);
        Path feed = work.resolve(feedId + ".p7m");
        try (OutputStream out = Files.newOutputStream(feed)) {
            new CmsSigner(Pem.readPrivateKey(Path.of("keys-example", signer + ".key.pem")),
                    Pem.readCertificate(Path.of("keys-example", signer + ".crt.pem")), List.of(), Clock.systemUTC())
                    .sign(FeedAssembler.content(header, recordsFile), out);
        }
        return new SignedFeed(recordsFile, feed);
    }

    static Ack readAck(byte[] cms) throws Exception {
        return new AckReader(new SignatureVerifier(VerificationPolicy.forDocuments(
                List.of(Pem.readCertificate(Path.of("keys-example/ca.crt.pem"))), List.of(), Clock.systemUTC())),
                "tipgate").read(cms).ack();
    }

    /** Waits for an ack in {@code acks} that {@code wanted} accepts. */
    static Ack awaitAck(Path acks, Predicate<Ack> wanted, Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (Files.isDirectory(acks)) {
                try (var files = Files.list(acks)) {
                    for (Path file : files.filter(f -> f.toString().endsWith(".p7m")).toList()) {
                        Ack ack = readAck(Files.readAllBytes(file));
                        if (wanted.test(ack)) {
                            return ack;
                        }
                    }
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no such ack in " + acks + " within " + timeout);
    }

    /** A package opened with OpenSSL alone: decrypted with the recipient's key, verified against the CA. */
    record Opened(JsonNode header, List<String> records) {
    }

    static Opened openWithOpenSsl(Path work, Path pkg, String recipient) throws Exception {
        Path signed = work.resolve(pkg.getFileName() + ".signed");
        Path content = work.resolve(pkg.getFileName() + ".content");
        Path keys = Path.of("keys-example").toAbsolutePath();
        OpenSsl.run(work, "cms", "-decrypt", "-inform", "DER", "-in", pkg.toAbsolutePath().toString(),
                "-recip", keys.resolve(recipient + ".crt.pem").toString(),
                "-inkey", keys.resolve(recipient + ".key.pem").toString(), "-out", signed.toString()).assertSuccess();
        OpenSsl.run(work, "cms", "-verify", "-inform", "DER", "-in", signed.toString(),
                "-CAfile", keys.resolve("ca.crt.pem").toString(), "-out", content.toString()).assertSuccess();
        List<String> lines = new ArrayList<>(Files.readAllLines(content, StandardCharsets.UTF_8));
        assertThat(lines).isNotEmpty();
        JsonNode header = WireJson.mapper().readTree(lines.remove(0));
        return new Opened(header, lines);
    }
}
