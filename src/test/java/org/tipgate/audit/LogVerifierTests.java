package org.tipgate.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tipgate.audit.AuditFixtures.checkpoint;
import static org.tipgate.audit.AuditFixtures.export;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.tipgate.audit.AuditFixtures.Export;
import org.tipgate.testing.Bytes;

/**
 * An export of 95 events (checkpoints at every 10 and at 95), and one of events 37 to 94 after a
 * frontier: each verifies, and each way of breaking them is found at the exact first sequence
 * number that is no longer proven.
 */
class LogVerifierTests {

    static final Export LOG = export(0, 95, 10);
    static final Export PART = export(37, 95, 10);

    static LogVerifier.Result verify(byte[] bytes) {
        try {
            return new LogVerifier().verify(new ByteArrayInputStream(bytes), AuditFixtures.gatewayCert());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static LogVerifier.Result verify(Export export) {
        return verify(export.bytes());
    }

    static void assertFails(LogVerifier.Result result, long firstBadSeq, long line, String... reasons) {
        assertThat(result.ok()).as(result.toString()).isFalse();
        assertThat(result.firstBadSeq()).as(result.toString()).hasValue(firstBadSeq);
        assertThat(result.line()).as(result.toString()).isEqualTo(line);
        assertThat(result.reason()).contains(reasons);
    }

    static Map<String, Object> json(String line) {
        try {
            return new TreeMap<>(CanonicalJson.parseObject(line.getBytes(StandardCharsets.UTF_8)));
        } catch (ProofException e) {
            throw new AssertionError(e);
        }
    }

    static String line(Map<String, Object> object) {
        return CanonicalJson.encodeToString(object);
    }

    /** The event line for {@code seq} with one member of its event changed; its leaf hash recomputed or not. */
    static String edited(Export export, long seq, String member, Object value, boolean recomputeLeafHash) {
        Map<String, Object> object = json(export.lines().get(export.eventLine().get(seq)));
        @SuppressWarnings("unchecked")
        Map<String, Object> event = new TreeMap<>((Map<String, Object>) object.get("event"));
        event.put(member, value);
        object.put("event", event);
        if (recomputeLeafHash) {
            object.put("leafHash", Base64.getEncoder().encodeToString(
                    Merkle.leafHash(CanonicalJson.encode(event))));
        }
        return line(object);
    }

    static String checkpointLine(SignedCheckpoint checkpoint) {
        return "{\"kind\":\"checkpoint\",\"signed\":\"" + Base64.getEncoder().encodeToString(checkpoint.signed()) + "\"}";
    }

    static byte[] root(long size) {
        return Merkle.root(AuditFixtures.leafHashes(size));
    }

    // ---- valid exports ----

    @Test
    void aValidExportVerifies() {
        LogVerifier.Result result = verify(LOG);

        assertThat(result.ok()).as(result.toString()).isTrue();
        assertThat(result.events()).isEqualTo(95);
        assertThat(result.checkpoints()).isEqualTo(10);
        assertThat(result.treeSize()).isEqualTo(95);
        assertThat(result.root()).isEqualTo(root(95));
        assertThat(result.firstBadSeq()).isEmpty();
        assertThat(result.line()).isEqualTo(LOG.lines().size());
    }

    @Test
    void anExportFromAboveZeroVerifiesFromItsFrontier() {
        LogVerifier.Result result = verify(PART);

        assertThat(result.ok()).as(result.toString()).isTrue();
        assertThat(result.events()).isEqualTo(95 - 37);
        assertThat(result.checkpoints()).isEqualTo(7);
        assertThat(result.root()).isEqualTo(root(95));
        assertThat(PART.lines().get(1)).startsWith("{\"hashes\":[").contains("\"treeSize\":37");
    }

    @Test
    void theSmallestExportsVerify() {
        assertThat(verify(export(0, 1, 10)).ok()).isTrue();
        assertThat(verify(export(1, 2, 10)).ok()).isTrue();
        assertThat(verify(export(64, 65, 1)).ok()).isTrue();
        assertThat(verify(export(0, 20, 1)).checkpoints()).isEqualTo(20);
    }

    /** Memory independent of the length: a 30 MB export through a JVM with a 24 MiB heap. */
    @Test
    void anExportLargerThanTheHeapVerifies() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-Xmx24m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                ExportStreamingCheck.class.getName(), "100000").redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(process.waitFor()).as(output).isZero();
        assertThat(output).startsWith("ok: 100000 events, 10 checkpoints, tree size 100000");
        long bytes = Long.parseLong(output.replaceAll("(?s).*; (\\d+) bytes read.*", "$1"));
        long heap = Long.parseLong(output.replaceAll("(?s).*at most (\\d+) bytes.*", "$1"));
        assertThat(bytes).isGreaterThan(heap);
    }

    // ---- events ----

    @Test
    void anEventEditedWithItsLeafHashLeftIsFoundAtItsSeq() {
        Export export = LOG.copy();
        export.lines().set(export.eventLine().get(43L), edited(LOG, 43, "outcome", "REJECTED", false));

        assertFails(verify(export), 43, LOG.lineNumberOfEvent(43), "event 43", "does not hash to its recorded leafHash");
    }

    @Test
    void anEventEditedInItsDetailIsFoundAtItsSeq() {
        Export export = LOG.copy();
        export.lines().set(export.eventLine().get(43L), edited(LOG, 43, "detail", Map.of("line", 4L), false));

        assertFails(verify(export), 43, LOG.lineNumberOfEvent(43), "does not hash to its recorded leafHash");
    }

    /** Only the signed root can tell: the verifier names the range between the last good checkpoint and the failing one. */
    @Test
    void anEventEditedWithItsLeafHashIsFoundBetweenTheCheckpointsAroundIt() {
        Export export = LOG.copy();
        export.lines().set(export.eventLine().get(43L), edited(LOG, 43, "detail", Map.of("line", 4L), true));

        assertFails(verify(export), 40, LOG.lineNumberOfCheckpoint(50), "checkpoint of size 50",
                "does not sign the root of the events", "between seq 40 and seq 49");
    }

    @Test
    void anEventEditedInTheFirstStretchIsFoundFromZero() {
        Export export = LOG.copy();
        export.lines().set(export.eventLine().get(3L), edited(LOG, 3, "actor", "mp-scc", true));

        assertFails(verify(export), 0, LOG.lineNumberOfCheckpoint(10), "between seq 0 and seq 9");
    }

    @Test
    void aDeletedEventIsFoundAtItsSeq() {
        Export export = LOG.copy();
        export.lines().remove((int) export.eventLine().get(43L));

        assertFails(verify(export), 43, LOG.lineNumberOfEvent(43), "event 44 where event 43 belongs");
    }

    @Test
    void twoSwappedEventsAreFoundAtTheFirst() {
        Export export = LOG.copy();
        Collections.swap(export.lines(), export.eventLine().get(43L), export.eventLine().get(44L));

        assertFails(verify(export), 43, LOG.lineNumberOfEvent(43), "event 44 where event 43 belongs");
    }

    @Test
    void aRepeatedEventIsFoundWhereTheNextWasExpected() {
        Export export = LOG.copy();
        export.lines().add(export.eventLine().get(43L) + 1, LOG.lines().get(LOG.eventLine().get(43L)));

        assertFails(verify(export), 44, LOG.lineNumberOfEvent(44), "event 43 where event 44 belongs");
    }

    @Test
    void aNonCanonicalEventIsFoundAtItsSeq() {
        String original = LOG.lines().get(LOG.eventLine().get(43L));
        assertThat(original).contains("\"event\":{\"actor\":\"system\",").contains("\"v\":1},");
        List<String> variants = List.of(
                original.replace("\"actor\":", "\"actor\": "),
                original.replace("{\"actor\":\"system\",", "{").replace("\"v\":1},", "\"v\":1,\"actor\":\"system\"},"),
                original.replace("{\"event\":", "{\"kind\":\"event\",\"event\":").replace(",\"kind\":\"event\",", ","),
                original.replace("\"system\"", "\"syst\\u0065m\""),
                original.replace("\"seq\":43", "\"seq\":43.0"),
                original.replace("\"system\"", "\"\\ud800\""),
                original + " ");
        for (String variant : variants) {
            assertThat(variant).isNotEqualTo(original);
            Export export = LOG.copy();
            export.lines().set(export.eventLine().get(43L), variant);

            assertFails(verify(export), 43, LOG.lineNumberOfEvent(43), "event 43");
        }
    }

    @Test
    void anEventOfAnotherVersionOrWithAnUnknownMemberIsFoundAtItsSeq() {
        for (String variant : List.of(edited(LOG, 43, "v", 2L, true), edited(LOG, 43, "signature", "x", true),
                edited(LOG, 43, "at", "2026-02-30T00:00:00.000000Z", true))) {
            Export export = LOG.copy();
            export.lines().set(export.eventLine().get(43L), variant);

            assertFails(verify(export), 43, LOG.lineNumberOfEvent(43), "event 43");
        }
    }

    @Test
    void aLineThatIsNotJsonWhereAnEventBelongsIsFoundAtThatSeq() {
        Export export = LOG.copy();
        export.lines().set(export.eventLine().get(43L), "garbage");

        assertFails(verify(export), 43, LOG.lineNumberOfEvent(43), "where event 43 belongs");
    }

    /**
     * A flipped bit anywhere in an event line is found, at that event; anywhere at all, the
     * verifier answers with a result rather than an exception. (A checkpoint's CMS carries parts
     * its signature does not cover, such as the certificate, so a flip there may leave the same
     * signed checkpoint; and the header's exportedAt is proven by nothing.)
     */
    @Test
    void aFlippedBitInAnyLineIsFoundAtItsEvent() {
        Random random = new Random(6962);
        Map<Integer, Long> seqOfLine = new TreeMap<>();
        LOG.eventLine().forEach((seq, line) -> seqOfLine.put(line, seq));
        for (int line = 0; line < LOG.lines().size(); line++) {
            byte[] bytes = LOG.lines().get(line).getBytes(StandardCharsets.UTF_8);
            for (int probe = 0; probe < 3; probe++) {
                byte[] flipped = bytes.clone();
                flipped[random.nextInt(flipped.length)] ^= (byte) (1 << random.nextInt(8));
                byte[] file = LOG.bytes().clone();
                System.arraycopy(flipped, 0, file, indexOf(file, LOG.lines().get(line)), flipped.length);

                LogVerifier.Result result = verify(file);

                if (seqOfLine.containsKey(line)) {
                    assertThat(result.ok()).as("line %d: %s", line + 1, result).isFalse();
                    assertThat(result.firstBadSeq()).as("line %d: %s", line + 1, result).hasValue(seqOfLine.get(line));
                }
            }
        }
    }

    // ---- truncation and trailing content ----

    @Test
    void aLogCutMidwayIsFoundAtTheFirstMissingSeq() {
        byte[] bytes = LOG.bytes();
        String eventLine = LOG.lines().get(LOG.eventLine().get(57L));
        int lineStart = indexOf(bytes, eventLine);

        assertFails(verify(Arrays.copyOf(bytes, lineStart + eventLine.length() / 2)), 57, LOG.lineNumberOfEvent(57),
                "the file ends before event 57", "was cut", "events 50 to 56 are under no checkpoint");
        assertFails(verify(Arrays.copyOf(bytes, lineStart)), 57, LOG.lineNumberOfEvent(57),
                "the file ends before event 57");
    }

    @Test
    void aLogCutJustBeforeItsFinalCheckpointIsFoundAtTo() {
        byte[] bytes = LOG.bytes();
        int finalCheckpoint = indexOf(bytes, LOG.lines().get(LOG.checkpointLine().get(95L)));

        assertFails(verify(Arrays.copyOf(bytes, finalCheckpoint)), 95, LOG.lineNumberOfCheckpoint(95),
                "the file ends before the checkpoint of size 95", "events 90 to 94 are under no checkpoint");
        assertFails(verify(Arrays.copyOf(bytes, bytes.length - 1)), 95, LOG.lineNumberOfCheckpoint(95),
                "the file ends before the checkpoint of size 95", "no line feed");
    }

    @Test
    void anythingAfterTheFinalCheckpointIsFoundAtToWithItsLine() {
        long after = LOG.lines().size() + 1;
        for (String trailing : List.of("garbage", "", " ", LOG.lines().get(LOG.eventLine().get(94L)),
                LOG.lines().get(LOG.checkpointLine().get(95L)))) {
            Export export = LOG.copy();
            export.lines().add(trailing);

            assertFails(verify(export), 95, after, "after the checkpoint of size 95");
        }
        byte[] unterminated = Arrays.copyOf(LOG.bytes(), LOG.bytes().length + 1);
        unterminated[unterminated.length - 1] = 'x';
        assertFails(verify(unterminated), 95, after, "after the checkpoint of size 95");
    }

    @Test
    void aLineLongerThanAnyExportLineIsRefusedWithoutReadingItAll() {
        Export export = LOG.copy();
        export.lines().add(export.eventLine().get(43L), "{\"kind\":\"event\",\"x\":\"" + "a".repeat(2 * 1024 * 1024) + "\"}");

        assertFails(verify(export), 43, LOG.lineNumberOfEvent(43), "a line longer than 1048576 bytes");
    }

    // ---- checkpoints ----

    @Test
    void aForgedCheckpointSignatureIsFoundFromTheLastGoodCheckpoint() {
        byte[] cms = checkpoint(50, root(50)).signed();
        // The CMS ends with the SignerInfo's signature value: change its last byte.
        cms[cms.length - 1] ^= 0x01;
        Export export = LOG.copy();
        export.lines().set(export.checkpointLine().get(50L), "{\"kind\":\"checkpoint\",\"signed\":\""
                + Base64.getEncoder().encodeToString(cms) + "\"}");

        assertFails(verify(export), 40, LOG.lineNumberOfCheckpoint(50), "SIGNATURE_INVALID",
                "events 40 to 49 are under no checkpoint that holds");
    }

    @Test
    void aCheckpointSignedByAnotherKeyIsFoundFromTheLastGoodCheckpoint() {
        Checkpoint honest = new Checkpoint("tipgate", 50, root(50), AuditFixtures.checkpointTime(50));
        Export export = LOG.copy();
        export.lines().set(export.checkpointLine().get(50L),
                checkpointLine(SignedCheckpoint.sign(honest, AuditFixtures.signer("mp-scc"))));

        assertFails(verify(export), 40, LOG.lineNumberOfCheckpoint(50), "SIGNER_UNTRUSTED");
    }

    @Test
    void aCheckpointWhoseSignedSizeOrRootWasEditedIsFoundFromTheLastGoodCheckpoint() {
        String b64Root = Base64.getEncoder().encodeToString(root(50));
        String otherRoot = Base64.getEncoder().encodeToString(root(49));
        for (String[] edit : List.of(new String[] {"\"treeSize\":50", "\"treeSize\":51"},
                new String[] {b64Root, otherRoot})) {
            byte[] cms = checkpoint(50, root(50)).signed();
            byte[] from = edit[0].getBytes(StandardCharsets.UTF_8);
            byte[] to = edit[1].getBytes(StandardCharsets.UTF_8);
            System.arraycopy(to, 0, cms, indexOf(cms, edit[0]), from.length);
            Export export = LOG.copy();
            export.lines().set(export.checkpointLine().get(50L), "{\"kind\":\"checkpoint\",\"signed\":\""
                    + Base64.getEncoder().encodeToString(cms) + "\"}");

            assertFails(verify(export), 40, LOG.lineNumberOfCheckpoint(50), "messageDigest");
        }
    }

    @Test
    void aSignedCheckpointOfAnotherRootIsFoundAsAnEditBetweenCheckpoints() {
        Export export = LOG.copy();
        export.lines().set(export.checkpointLine().get(50L), checkpointLine(checkpoint(50, root(49))));

        assertFails(verify(export), 40, LOG.lineNumberOfCheckpoint(50), "between seq 40 and seq 49");
    }

    @Test
    void aSignedCheckpointOfAnotherSizeOrInTheWrongPlaceIsFound() {
        Export wrongSize = LOG.copy();
        wrongSize.lines().set(wrongSize.checkpointLine().get(50L), checkpointLine(checkpoint(51, root(51))));
        assertFails(verify(wrongSize), 40, LOG.lineNumberOfCheckpoint(50), "checkpoint of size 51", "after event 49");

        Export moved = LOG.copy();
        Collections.swap(moved.lines(), moved.checkpointLine().get(50L), moved.eventLine().get(50L));
        assertFails(verify(moved), 40, LOG.lineNumberOfCheckpoint(50) + 1, "stands after event 50");
    }

    @Test
    void aDuplicatedCheckpointLineIsFound() {
        Export export = LOG.copy();
        int line = export.checkpointLine().get(50L);
        export.lines().add(line + 1, export.lines().get(line));

        assertFails(verify(export), 50, line + 2, "sizes must strictly increase");
    }

    @Test
    void checkpointTimesMustNotGoBackwards() {
        Checkpoint early = new Checkpoint("tipgate", 50, root(50), AuditFixtures.checkpointTime(40).minusNanos(1000));
        Export export = LOG.copy();
        export.lines().set(export.checkpointLine().get(50L), checkpointLine(SignedCheckpoint.sign(early,
                AuditFixtures.gateway())));

        assertFails(verify(export), 40, LOG.lineNumberOfCheckpoint(50), "before the checkpoint of size 40");
        Checkpoint same = new Checkpoint("tipgate", 50, root(50), AuditFixtures.checkpointTime(40));
        export.lines().set(export.checkpointLine().get(50L), checkpointLine(SignedCheckpoint.sign(same,
                AuditFixtures.gateway())));
        assertThat(verify(export).ok()).isTrue();
    }

    @Test
    void aCheckpointOfAnotherLogIsFound() {
        Checkpoint other = new Checkpoint("tipgate-dr", 50, root(50), AuditFixtures.checkpointTime(50));
        Export export = LOG.copy();
        export.lines().set(export.checkpointLine().get(50L), checkpointLine(SignedCheckpoint.sign(other,
                AuditFixtures.gateway())));

        assertFails(verify(export), 40, LOG.lineNumberOfCheckpoint(50), "of the log tipgate-dr, not tipgate");
    }

    // ---- header and frontier ----

    @Test
    void aFrontierWithAWrongHashIsFoundFromTheExportsStart() {
        Map<String, Object> frontier = json(PART.lines().get(1));
        @SuppressWarnings("unchecked")
        List<String> hashes = new ArrayList<>((List<String>) frontier.get("hashes"));
        byte[] hash = Base64.getDecoder().decode(hashes.get(1));
        hash[0] ^= 0x01;
        hashes.set(1, Base64.getEncoder().encodeToString(hash));
        frontier.put("hashes", hashes);
        Export export = PART.copy();
        export.lines().set(1, line(frontier));

        assertFails(verify(export), 37, PART.lineNumberOfCheckpoint(40), "between seq 37 and seq 39",
                "or the frontier is not that of the tree");
    }

    @Test
    void aFrontierThatIsMissingOrOfTheWrongShapeIsFoundAtTheExportsStart() {
        Export missing = PART.copy();
        missing.lines().remove(1);
        assertFails(verify(missing), 37, 2, "frontier");

        Map<String, Object> frontier = json(PART.lines().get(1));
        @SuppressWarnings("unchecked")
        List<String> hashes = (List<String>) frontier.get("hashes");
        for (Object wrong : List.of(hashes.subList(0, 2), List.of(hashes.get(0), hashes.get(1), hashes.get(2),
                hashes.get(2)), List.of(hashes.get(0), hashes.get(1), hashes.get(2).substring(4)))) {
            Map<String, Object> altered = new TreeMap<>(frontier);
            altered.put("hashes", wrong);
            Export export = PART.copy();
            export.lines().set(1, line(altered));
            assertFails(verify(export), 37, 2, "the frontier");
        }
        Map<String, Object> otherSize = new TreeMap<>(frontier);
        otherSize.put("treeSize", 38L);
        Export export = PART.copy();
        export.lines().set(1, line(otherSize));
        assertFails(verify(export), 37, 2, "a frontier of size 38");
    }

    @Test
    void aBrokenHeaderIsFoundBeforeAnyEvent() {
        Map<String, Object> header = json(LOG.lines().get(0));
        for (Object[] change : List.of(new Object[] {"v", 2L}, new Object[] {"kind", "log"},
                new Object[] {"to", 0L}, new Object[] {"exportedAt", "yesterday"}, new Object[] {"extra", 1L})) {
            Map<String, Object> altered = new TreeMap<>(header);
            altered.put((String) change[0], change[1]);
            Export export = LOG.copy();
            export.lines().set(0, line(altered));
            assertFails(verify(export), 0, 1, "header");
        }
        LogVerifier.Result notJson = verify("garbage\n".getBytes(StandardCharsets.UTF_8));
        assertThat(notJson.ok()).isFalse();
        assertThat(notJson.firstBadSeq()).isEmpty();
        assertThat(verify(new byte[0]).reason()).contains("an empty file");
    }

    @Test
    void aHeaderThatDoesNotMatchTheCheckpointsIsFound() {
        Map<String, Object> header = json(LOG.lines().get(0));
        Map<String, Object> shorter = new TreeMap<>(header);
        shorter.put("to", 90L);
        Export ending = LOG.copy();
        ending.lines().set(0, line(shorter));
        assertFails(verify(ending), 90, LOG.lineNumberOfEvent(90), "after the checkpoint of size 90");

        Map<String, Object> longer = new TreeMap<>(header);
        longer.put("to", 100L);
        Export unfinished = LOG.copy();
        unfinished.lines().set(0, line(longer));
        assertFails(verify(unfinished), 95, LOG.lines().size() + 1, "the file ends before event 95");

        Map<String, Object> otherOrigin = new TreeMap<>(header);
        otherOrigin.put("origin", "tipgate-dr");
        Export export = LOG.copy();
        export.lines().set(0, line(otherOrigin));
        assertFails(verify(export), 0, LOG.lineNumberOfCheckpoint(10), "of the log tipgate, not tipgate-dr");
    }

    static int indexOf(byte[] bytes, String text) {
        return Bytes.indexOf(bytes, text.getBytes(StandardCharsets.UTF_8));
    }
}
