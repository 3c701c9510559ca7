package org.tipgate.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.tipgate.audit.AuditFixtures.custody;
import static org.tipgate.audit.AuditFixtures.entry;
import static org.tipgate.audit.AuditFixtures.gateway;
import static org.tipgate.audit.AuditFixtures.gatewayCert;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.tipgate.testing.Bytes;

/**
 * The custody report of tip CT-100000008 (events 40, 41, 42, 44, 46, 47, 48 of a log of 95, under
 * the checkpoint of size 95): it verifies, and each way of breaking it is refused naming the first
 * sequence number that is not proven. Reports altered in their content are signed again by the
 * gateway, as a faulty or subverted report builder would, so that the checks behind the signature
 * are the ones probed.
 */
class CustodyReportTests {

    static final CustodyReport REPORT = custody(4, 95);

    static CustodyReport withEntries(UnaryOperator<List<CustodyReport.Entry>> change) {
        return new CustodyReport(REPORT.tipId(), REPORT.requestedBy(), REPORT.generatedAt(), REPORT.checkpoint(),
                change.apply(new ArrayList<>(REPORT.entries())));
    }

    static List<CustodyReport.Entry> replace(List<CustodyReport.Entry> entries, long seq, CustodyReport.Entry by) {
        entries.replaceAll(e -> e.event().seq() == seq ? by : e);
        return entries;
    }

    static CustodyReport.Entry withProof(long seq, List<byte[]> proof) {
        return new CustodyReport.Entry(AuditFixtures.event(seq), proof);
    }

    static void assertRefused(byte[] signed, long firstBadSeq, String... reasons) {
        assertThatThrownBy(() -> CustodyReport.verify(signed, gatewayCert()))
                .isInstanceOfSatisfying(LogException.class, e -> {
                    assertThat(e.firstBadSeq()).as(e.getMessage()).hasValue(firstBadSeq);
                    assertThat(e.getMessage()).contains(reasons);
                });
    }

    static void assertRefused(CustodyReport report, long firstBadSeq, String... reasons) {
        assertRefused(report.sign(gateway()), firstBadSeq, reasons);
    }

    @Test
    void aValidReportVerifies() throws ProofException {
        CustodyReport read = CustodyReport.verify(REPORT.sign(gateway()), gatewayCert());

        assertThat(read.tipId()).isEqualTo("CT-100000008");
        assertThat(read.requestedBy()).isEqualTo("auditor");
        assertThat(read.generatedAt()).isEqualTo(REPORT.generatedAt());
        assertThat(read.checkpoint().checkpoint()).isEqualTo(REPORT.checkpoint().checkpoint());
        assertThat(read.entries()).extracting(e -> e.event().seq()).containsExactly(40L, 41L, 42L, 44L, 46L, 47L, 48L);
        assertThat(read.entries()).extracting(CustodyReport.Entry::event)
                .containsExactlyElementsOf(REPORT.entries().stream().map(CustodyReport.Entry::event).toList());
        assertThat(read.canonical()).isEqualTo(REPORT.canonical());
    }

    @Test
    void theReportIsTheCanonicalJsonOfDocsAuditMd() {
        String json = new String(REPORT.canonical(), StandardCharsets.UTF_8);

        assertThat(json).startsWith("{\"checkpoint\":\"" + Base64.getEncoder().encodeToString(REPORT.checkpoint().signed())
                + "\",\"entries\":[{\"event\":" + new String(AuditFixtures.event(40).canonical(), StandardCharsets.UTF_8)
                + ",\"proof\":[\"");
        assertThat(json).endsWith("],\"generatedAt\":\"2026-11-22T17:21:40.000001Z\",\"kind\":\"custody\","
                + "\"requestedBy\":\"auditor\",\"tipId\":\"CT-100000008\",\"v\":1}");
        assertThat(CanonicalJson.isCanonical(REPORT.canonical())).isTrue();
    }

    @Test
    void aReportWithNoEventsVerifies() throws ProofException {
        CustodyReport empty = withEntries(entries -> List.of());

        assertThat(CustodyReport.verify(empty.sign(gateway()), gatewayCert()).entries()).isEmpty();
    }

    // ---- proofs ----

    @Test
    void aModifiedProofIsRefusedAtItsEvent() {
        List<byte[]> proof = new ArrayList<>(entry(44, 95).proof());
        byte[] hash = proof.get(2).clone();
        hash[5] ^= 0x10;
        proof.set(2, hash);

        assertRefused(withEntries(e -> replace(e, 44, withProof(44, proof))), 44, "event 44",
                "does not lead to the root of size 95");
    }

    @Test
    void aProofForAnotherLeafIsRefusedAtItsEvent() {
        assertRefused(withEntries(e -> replace(e, 44, withProof(44, entry(46, 95).proof()))), 44, "event 44");
        assertRefused(withEntries(e -> replace(e, 44, withProof(44, entry(45, 95).proof()))), 44, "event 44");
    }

    @Test
    void aProofForAnotherTreeSizeIsRefusedAtItsEvent() {
        for (long size : new long[] {94, 96, 64, 128}) {
            assertRefused(withEntries(e -> replace(e, 44, withProof(44, entry(44, size).proof()))), 44, "event 44");
        }
    }

    @Test
    void trailingGarbageInAProofIsRefusedAtItsEvent() {
        List<byte[]> longer = new ArrayList<>(entry(44, 95).proof());
        longer.add(REPORT.checkpoint().checkpoint().rootHash());
        assertRefused(withEntries(e -> replace(e, 44, withProof(44, longer))), 44, "event 44", "longer");

        List<byte[]> grown = new ArrayList<>(entry(44, 95).proof());
        grown.set(0, Arrays.copyOf(grown.get(0), 33));
        assertRefused(withEntries(e -> replace(e, 44, withProof(44, grown))), 44, "event 44", "33 bytes");
    }

    @Test
    void aMissingProofIsRefusedAtItsEvent() {
        assertRefused(withEntries(e -> replace(e, 42, withProof(42, List.of()))), 42, "event 42", "shorter");
    }

    @Test
    void anEventEditedAfterItsProofWasMadeIsRefusedAtItsEvent() {
        AuditEvent original = AuditFixtures.event(42);
        AuditEvent edited = new AuditEvent(42, original.at(), original.type(), original.actor(), original.feedId(),
                original.tipId(), null, null, "REJECTED", original.detail());

        assertRefused(withEntries(e -> replace(e, 42, new CustodyReport.Entry(edited, entry(42, 95).proof()))), 42,
                "event 42");
    }

    @Test
    void anEventBeyondTheCheckpointIsRefusedAtTheFirstSuchEvent() {
        CustodyReport report = new CustodyReport(REPORT.tipId(), "auditor", REPORT.generatedAt(),
                AuditFixtures.checkpoint(45, Merkle.root(AuditFixtures.leafHashes(45))),
                REPORT.entries().stream().map(e -> e.event().seq() < 45 ? entry(e.event().seq(), 45) : e).toList());

        assertRefused(report, 46, "event 46", "not in a tree of size 45");
    }

    // ---- about the tip, order ----

    @Test
    void anEventSwappedForOneAboutAnotherTipIsRefusedAtIt() {
        assertRefused(withEntries(e -> replace(e, 42, entry(43, 95))), 43, "event 43 is not about tip CT-100000008",
                "its tipId is CT-100000009");
        assertRefused(withEntries(e -> replace(e, 44, entry(45, 95))), 45, "event 45 is not about tip CT-100000008");
    }

    @Test
    void eventsOfAnotherFeedOrPackageOrOfNoneAreRefusedAtThem() {
        assertRefused(withEntries(e -> {
            e.add(entry(51, 95));
            return e;
        }), 51, "event 51 is not about tip CT-100000008", "its feed NCRB-2026-000005 is none the tip came in");
        assertRefused(withEntries(e -> {
            e.add(entry(50, 95));
            return e;
        }), 50, "event 50 is not about tip CT-100000008", "its intake intake-5 brought none of the tip's feeds");
        assertRefused(withEntries(e -> {
            e.add(entry(56, 95));
            return e;
        }), 56, "its package PKG-NCRB-2026-000005-mp-scc is none the tip was routed into");
        assertRefused(withEntries(e -> {
            e.add(entry(49, 95));
            return e;
        }), 49, "it names no tip, feed, package or intake");
    }

    /** Without its feed's FEED_VERIFIED, the report does not show which intake brought the tip's feed. */
    @Test
    void theIntakeOfAFeedWhoseVerificationIsMissingFromTheReportIsNotTheTips() {
        assertRefused(withEntries(e -> {
            e.removeIf(entry -> entry.event().seq() == 41);
            return e;
        }), 40, "event 40 is not about tip CT-100000008", "its intake intake-4 brought none of the tip's feeds");
    }

    /** Without the tip's RECORD_ROUTED event, its package's events are not about it as far as the report shows. */
    @Test
    void thePackageOfARoutingEventMissingFromTheReportIsNotTheTips() {
        assertRefused(withEntries(e -> {
            e.removeIf(entry -> entry.event().seq() == 44);
            return e;
        }), 46, "event 46 is not about tip CT-100000008", "none the tip was routed into");
    }

    @Test
    void eventsOutOfOrderOrTwiceAreRefused() {
        assertRefused(withEntries(e -> {
            Collections.swap(e, 2, 3);
            return e;
        }), 44, "event 44 comes before event 42");
        assertRefused(withEntries(e -> {
            e.add(3, e.get(3));
            return e;
        }), 44, "event 44 appears twice");
    }

    // ---- signatures and form ----

    @Test
    void aReportSignedByAnotherKeyIsRefusedFromItsFirstEvent() {
        assertRefused(REPORT.sign(AuditFixtures.signer("mp-scc")), 40, "the report's signature", "SIGNER_UNTRUSTED",
                "none of its events is proven");
    }

    @Test
    void aReportAlteredAfterSigningIsRefusedFromItsFirstEvent() {
        byte[] signed = REPORT.sign(gateway());
        byte[] from = "\"requestedBy\":\"auditor\"".getBytes(StandardCharsets.UTF_8);
        byte[] to = "\"requestedBy\":\"ncrb-xx\"".getBytes(StandardCharsets.UTF_8);
        System.arraycopy(to, 0, signed, Bytes.indexOf(signed, from), to.length);

        assertRefused(signed, 40, "SIGNATURE_INVALID");
    }

    @Test
    void aReportWithoutItsSignatureIsRefusedFromItsFirstEvent() {
        assertRefused(REPORT.canonical(), 40, "the report's signature", "MALFORMED_CMS");
    }

    @Test
    void aCheckpointFromAnotherKeyIsRefusedFromTheFirstEvent() {
        SignedCheckpoint byOther = SignedCheckpoint.sign(REPORT.checkpoint().checkpoint(), AuditFixtures.signer("mp-scc"));
        CustodyReport report = new CustodyReport(REPORT.tipId(), "auditor", REPORT.generatedAt(), byOther,
                REPORT.entries());

        assertRefused(report, 40, "checkpoint signature", "SIGNER_UNTRUSTED");
    }

    @Test
    void aCheckpointWithoutItsSignatureIsRefusedFromTheFirstEvent() {
        SignedCheckpoint unsigned = new SignedCheckpoint(REPORT.checkpoint().checkpoint(),
                REPORT.checkpoint().checkpoint().canonical());
        CustodyReport report = new CustodyReport(REPORT.tipId(), "auditor", REPORT.generatedAt(), unsigned,
                REPORT.entries());

        assertRefused(report, 40, "checkpoint signature", "MALFORMED_CMS");
    }

    @Test
    void aReportNotInItsCanonicalFormIsRefusedFromTheFirstEvent() throws ProofException {
        Map<String, Object> content = CanonicalJson.parseObject(REPORT.canonical());
        String json = new String(REPORT.canonical(), StandardCharsets.UTF_8);

        assertRefused(gateway().sign(json.replace("{\"checkpoint\"", "{ \"checkpoint\"").getBytes(StandardCharsets.UTF_8)),
                40, "not canonical");
        for (Object[] change : List.of(new Object[] {"v", 2L}, new Object[] {"kind", "export"},
                new Object[] {"extra", "x"}, new Object[] {"generatedAt", "2026-02-30T00:00:00.000000Z"},
                new Object[] {"tipId", ""})) {
            Map<String, Object> altered = new TreeMap<>(content);
            altered.put((String) change[0], change[1]);
            assertRefused(gateway().sign(CanonicalJson.encode(altered)), 40, "the report");
        }
    }
}
