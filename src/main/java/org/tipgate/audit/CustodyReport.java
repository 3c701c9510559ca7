package org.tipgate.audit;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.tipgate.crypto.CmsSigner;

/**
 * The chain of custody of one tip (docs/audit.md "Custody reports"): every event about it that the
 * requester may see, each with its inclusion proof under one signed checkpoint, the whole signed
 * by the gateway. {@link #verify} checks one offline with the gateway's certificate alone.
 */
public record CustodyReport(String tipId, String requestedBy, Instant generatedAt, SignedCheckpoint checkpoint,
                            List<Entry> entries) {

    public static final int VERSION = 1;

    /** An event and its inclusion proof (leaf level first) under the report's checkpoint. */
    public record Entry(AuditEvent event, List<byte[]> proof) {
        public Entry {
            Objects.requireNonNull(event, "event");
            proof = proof.stream().map(byte[]::clone).toList();
        }

        @Override
        public List<byte[]> proof() {
            return proof.stream().map(byte[]::clone).toList();
        }
    }

    public CustodyReport {
        Objects.requireNonNull(tipId, "tipId");
        Objects.requireNonNull(requestedBy, "requestedBy");
        Objects.requireNonNull(checkpoint, "checkpoint");
        generatedAt = generatedAt.truncatedTo(ChronoUnit.MICROS);
        entries = List.copyOf(entries);
    }

    /** The canonical JSON the gateway signs. */
    public byte[] canonical() {
        Base64.Encoder base64 = Base64.getEncoder();
        List<Object> list = new ArrayList<>();
        for (Entry entry : entries) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("event", entry.event().toMap());
            e.put("proof", entry.proof.stream().map(base64::encodeToString).toList());
            list.add(e);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("v", (long) VERSION);
        m.put("kind", "custody");
        m.put("tipId", tipId);
        m.put("requestedBy", requestedBy);
        m.put("generatedAt", AuditEvent.TIME.format(generatedAt));
        m.put("checkpoint", base64.encodeToString(checkpoint.signed()));
        m.put("entries", list);
        return CanonicalJson.encode(m);
    }

    /** The report as the gateway serves it: a CMS SignedData over {@link #canonical()}. */
    public byte[] sign(CmsSigner gateway) {
        return gateway.sign(canonical());
    }

    /**
     * Checks a signed report against the gateway's certificate: the report's and the checkpoint's
     * signatures, every inclusion proof under the checkpoint, that every event is about the tip,
     * and that the events are in sequence order with none twice.
     *
     * @throws LogException naming the first sequence number that is not proven
     */
    public static CustodyReport verify(byte[] signedReport, X509Certificate gatewayCert) throws LogException {
        return CustodyReader.read(signedReport, gatewayCert);
    }
}
