package org.tipgate.api;

import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tipgate.audit.AuditTrail;
import org.tipgate.audit.LoggedEvent;
import org.tipgate.audit.Proofs;
import org.tipgate.audit.SignedCheckpoint;
import org.tipgate.format.WireJson;

/** The JSON documents the audit API answers with (docs/api.md); hashes and signatures in base64. */
final class AuditAnswers {

    private AuditAnswers() {
    }

    /** {@code {"events":[{...canonical event..., "leafHash"}], "next": cursor or null}}. */
    static byte[] page(AuditTrail.Page page) {
        List<Object> events = new ArrayList<>(page.events().size());
        for (LoggedEvent e : page.events()) {
            Map<String, Object> event = new LinkedHashMap<>(e.event().toMap());
            event.put("leafHash", base64(e.leafHash()));
            events.add(event);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("events", events);
        m.put("next", page.next() == null ? null : AuditParams.cursor(page.next()));
        return WireJson.toBytes(m);
    }

    static byte[] checkpoint(SignedCheckpoint signed) {
        Map<String, Object> c = signed.checkpoint().toMap();
        Map<String, Object> m = new LinkedHashMap<>();
        for (String name : List.of("origin", "treeSize", "rootHash", "time")) {
            m.put(name, c.get(name));
        }
        m.put("signed", base64(signed.signed()));
        return WireJson.toBytes(m);
    }

    static byte[] inclusion(Proofs.Inclusion proof) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("seq", proof.seq());
        m.put("treeSize", proof.treeSize());
        m.put("leafHash", base64(proof.leafHash()));
        m.put("path", base64(proof.path()));
        return WireJson.toBytes(m);
    }

    static byte[] consistency(Proofs.Consistency proof) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("from", proof.from());
        m.put("to", proof.to());
        m.put("path", base64(proof.path()));
        return WireJson.toBytes(m);
    }

    private static List<String> base64(List<byte[]> hashes) {
        return hashes.stream().map(AuditAnswers::base64).toList();
    }

    private static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }
}
