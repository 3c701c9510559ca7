package org.tipgate.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A checkpoint is read back exactly as the gateway signed it, or refused. */
class CheckpointTests {

    static final byte[] ROOT = MerkleTests.sha256("root".getBytes(StandardCharsets.UTF_8));
    static final Checkpoint CHECKPOINT = new Checkpoint("tipgate", 1200, ROOT, Instant.parse("2026-11-22T17:21:00Z"));
    static final String JSON = "{\"origin\":\"tipgate\",\"rootHash\":\"" + Base64.getEncoder().encodeToString(ROOT)
            + "\",\"time\":\"2026-11-22T17:21:00.000000Z\",\"treeSize\":1200,\"v\":1}";

    @Test
    void isWrittenAsDocsAuditMdShowsAndReadBack() throws ProofException {
        assertThat(new String(CHECKPOINT.canonical(), StandardCharsets.UTF_8)).isEqualTo(JSON);
        assertThat(Checkpoint.parse(JSON.getBytes(StandardCharsets.UTF_8))).isEqualTo(CHECKPOINT);
    }

    @Test
    void aSignedCheckpointVerifiesWithTheGatewaysCertificateOnly() throws ProofException {
        SignedCheckpoint signed = SignedCheckpoint.sign(CHECKPOINT, AuditFixtures.gateway());

        assertThat(SignedCheckpoint.verify(signed.signed(), AuditFixtures.gatewayCert()).checkpoint()).isEqualTo(CHECKPOINT);
        assertThatThrownBy(() -> SignedCheckpoint.verify(signed.signed(), AuditFixtures.cert("mp-scc")))
                .isInstanceOf(ProofException.class).hasMessageContaining("SIGNER_UNTRUSTED");
        byte[] byOther = SignedCheckpoint.sign(CHECKPOINT, AuditFixtures.signer("mp-scc")).signed();
        assertThatThrownBy(() -> SignedCheckpoint.verify(byOther, AuditFixtures.gatewayCert()))
                .isInstanceOf(ProofException.class).hasMessageContaining("SIGNER_UNTRUSTED");
    }

    @Test
    void refusesWhatIsNotACanonicalCheckpoint() {
        String root = Base64.getEncoder().encodeToString(ROOT);
        for (String json : List.of(
                JSON.replace(",\"v\":1", ",\"v\":2"),
                JSON.replace(",\"v\":1", ""),
                JSON.replace(",\"v\":1", ",\"v\":1,\"w\":0"),
                JSON.replace("{", "{ "),
                JSON.replace("\"treeSize\":1200", "\"treeSize\":-1"),
                JSON.replace("\"treeSize\":1200", "\"treeSize\":\"1200\""),
                JSON.replace("\"origin\":\"tipgate\"", "\"origin\":\"\""),
                JSON.replace(root, Base64.getEncoder().encodeToString(new byte[31])),
                JSON.replace(root, "not base64!"))) {
            assertThatThrownBy(() -> Checkpoint.parse(json.getBytes(StandardCharsets.UTF_8))).as(json)
                    .isInstanceOf(ProofException.class);
        }
    }

    /** Values that read as another checkpoint than the one signed, or that broke the reader with an unchecked exception. */
    @Test
    void refusesARootOrTimeWrittenOtherwiseAndNullMembers() {
        String root = Base64.getEncoder().encodeToString(ROOT);
        for (String json : List.of(
                JSON.replace(root, root.replace("=", "")),
                JSON.replace("2026-11-22T17:21:00", "2026-02-30T17:21:00"),
                JSON.replace("2026-11-22T17:21:00", "2026-11-21T24:00:00"),
                JSON.replace("\"treeSize\":1200", "\"treeSize\":null"),
                JSON.replace("\"time\":\"2026-11-22T17:21:00.000000Z\"", "\"time\":null"),
                JSON.replace("\"rootHash\":\"" + root + "\"", "\"rootHash\":null"),
                JSON.replace("\"origin\":\"tipgate\"", "\"origin\":null"))) {
            assertThatThrownBy(() -> Checkpoint.parse(json.getBytes(StandardCharsets.UTF_8))).as(json)
                    .isInstanceOf(ProofException.class);
        }
    }
}
