package org.tipgate.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.tipgate.audit.AuditFixtures.event;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The export file of docs/audit.md, byte for byte, written line by line as it is given. */
class ExportWriterTests {

    static final Instant EXPORTED_AT = Instant.parse("2026-11-22T18:00:00Z");
    static final Base64.Encoder B64 = Base64.getEncoder();

    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ExportWriter writer = new ExportWriter(out);

    String written() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void writesEachLineAsTheCanonicalJsonOfItsObject() throws IOException {
        AuditEvent e0 = event(0);
        AuditEvent e1 = event(1);
        SignedCheckpoint checkpoint = AuditFixtures.checkpoint(2, Merkle.root(List.of(e0.leafHash(), e1.leafHash())));

        writer.header("tipgate", 0, 2, EXPORTED_AT);
        assertThat(written()).isEqualTo("{\"exportedAt\":\"2026-11-22T18:00:00.000000Z\",\"from\":0,\"kind\":\"export\","
                + "\"origin\":\"tipgate\",\"to\":2,\"v\":1}\n");
        writer.event(e0, e0.leafHash());
        writer.event(e1, e1.leafHash());
        writer.checkpoint(checkpoint);

        assertThat(written()).isEqualTo("{\"exportedAt\":\"2026-11-22T18:00:00.000000Z\",\"from\":0,\"kind\":\"export\","
                + "\"origin\":\"tipgate\",\"to\":2,\"v\":1}\n"
                + "{\"event\":" + new String(e0.canonical(), StandardCharsets.UTF_8) + ",\"kind\":\"event\",\"leafHash\":\""
                + B64.encodeToString(e0.leafHash()) + "\"}\n"
                + "{\"event\":" + new String(e1.canonical(), StandardCharsets.UTF_8) + ",\"kind\":\"event\",\"leafHash\":\""
                + B64.encodeToString(e1.leafHash()) + "\"}\n"
                + "{\"kind\":\"checkpoint\",\"signed\":\"" + B64.encodeToString(checkpoint.signed()) + "\"}\n");
    }

    @Test
    void writesTheFrontierLargestSubtreeFirst() throws IOException {
        Frontier frontier = Frontier.of(5, List.of(MerkleTests.sha256(new byte[] {4}),
                MerkleTests.sha256(new byte[] {1})));

        writer.header("tipgate", 5, 6, EXPORTED_AT);
        writer.frontier(frontier);

        assertThat(written().split("\n")[1]).isEqualTo("{\"hashes\":[\"" + B64.encodeToString(frontier.hashes().get(0))
                + "\",\"" + B64.encodeToString(frontier.hashes().get(1)) + "\"],\"kind\":\"frontier\",\"treeSize\":5}");
    }

    /** An export shows the log as stored: a leaf hash that does not match is for the verifier to find. */
    @Test
    void writesTheRecordedLeafHashAsGiven() throws IOException {
        byte[] recorded = new byte[32];

        writer.header("tipgate", 0, 1, EXPORTED_AT);
        writer.event(event(0), recorded);

        assertThat(written()).contains("\"leafHash\":\"" + B64.encodeToString(recorded) + "\"");
    }

    @Test
    void refusesCallsOutOfTheFilesOrder() throws IOException {
        assertThatThrownBy(() -> writer.event(event(0), event(0).leafHash())).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> writer.header("tipgate", 3, 3, EXPORTED_AT)).isInstanceOf(IllegalArgumentException.class);
        writer.header("tipgate", 0, 3, EXPORTED_AT);
        assertThatThrownBy(() -> writer.header("tipgate", 0, 3, EXPORTED_AT)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> writer.frontier(Frontier.empty())).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> writer.event(event(1), event(1).leafHash())).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> writer.checkpoint(AuditFixtures.checkpoint(1, new byte[32])))
                .isInstanceOf(IllegalStateException.class);
        writer.event(event(0), event(0).leafHash());
        writer.checkpoint(AuditFixtures.checkpoint(1, new byte[32]));
        assertThatThrownBy(() -> writer.checkpoint(AuditFixtures.checkpoint(1, new byte[32])))
                .isInstanceOf(IllegalStateException.class);
        writer.event(event(1), event(1).leafHash());
        writer.event(event(2), event(2).leafHash());
        assertThatThrownBy(() -> writer.event(event(3), event(3).leafHash())).isInstanceOf(IllegalStateException.class);
        writer.checkpoint(AuditFixtures.checkpoint(3, new byte[32]));
        assertThatThrownBy(() -> writer.checkpoint(AuditFixtures.checkpoint(3, new byte[32])))
                .isInstanceOf(IllegalStateException.class);
        assertThat(written().split("\n")).hasSize(6);
    }

    @Test
    void anExportFromAboveZeroNeedsItsFrontierFirst() throws IOException {
        writer.header("tipgate", 2, 3, EXPORTED_AT);

        assertThatThrownBy(() -> writer.event(event(2), event(2).leafHash())).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> writer.frontier(Frontier.empty())).isInstanceOf(IllegalStateException.class);
        Frontier frontier = Frontier.empty();
        frontier.append(event(0).leafHash(), (h, i, hash) -> { });
        frontier.append(event(1).leafHash(), (h, i, hash) -> { });
        writer.frontier(frontier);
        writer.event(event(2), event(2).leafHash());
    }
}
