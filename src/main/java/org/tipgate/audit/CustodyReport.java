package org.tipgate.audit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tipgate.crypto.CmsSigner;

/** A custody report (docs/audit.md): a tip's events with their inclusion proofs under one checkpoint. */
public record CustodyReport(String tipId, String requestedBy, Instant generatedAt, SignedCheckpoint checkpoint,
                            List<Entry> entries) {

    public static final int VERSION = 1;

    /** One event and its inclusion proof under the report's checkpoint. */
    public record Entry(AuditEvent event, List<byte[]> proof) {
        public Entry {
            proof = List.copyOf(proof);
        }
    }

    public CustodyReport {
        entries = List.copyOf(entries);
    }

    public byte[] canonical() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("v", (long) VERSION);
        m.put("kind", "custody");
        m.put("tipId", tipId);
        m.put("requestedBy", requestedBy);
        m.put("generatedAt", AuditEvent.TIME.format(generatedAt));
        m.put("checkpoint", Base64.getEncoder().encodeToString(checkpoint.signed()));
        List<Object> list = new ArrayList<>(entries.size());
        for (Entry e : entries) {
            List<Object> proof = new ArrayList<>(e.proof().size());
            e.proof().forEach(h -> proof.add(Base64.getEncoder().encodeToString(h)));
            list.add(Map.of("event", e.event().toMap(), "proof", proof));
        }
        m.put("entries", list);
        return CanonicalJson.encode(m);
    }

    public byte[] sign(CmsSigner gateway) {
        return gateway.sign(canonical());
    }
}
