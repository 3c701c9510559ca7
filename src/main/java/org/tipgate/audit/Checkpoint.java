package org.tipgate.audit;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A statement of the log's state: after {@code treeSize} events its Merkle root is
 * {@code rootHash}, at {@code time}. The gateway signs its {@link #canonical() canonical JSON}
 * (docs/audit.md). {@code origin} names the log: the gateway's agency id.
 */
public record Checkpoint(String origin, long treeSize, byte[] rootHash, Instant time) {

    public static final int VERSION = 1;

    private static final Set<String> MEMBERS = Set.of("v", "origin", "treeSize", "rootHash", "time");

    public Checkpoint {
        if (origin == null || origin.isEmpty() || treeSize < 0 || rootHash == null
                || rootHash.length != Merkle.HASH_BYTES || time == null) {
            throw new IllegalArgumentException("a checkpoint needs an origin, a size, a 32-byte root and a time");
        }
        rootHash = rootHash.clone();
        time = time.truncatedTo(ChronoUnit.MICROS);
    }

    @Override
    public byte[] rootHash() {
        return rootHash.clone();
    }

    public byte[] canonical() {
        return CanonicalJson.encode(toMap());
    }

    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("v", (long) VERSION);
        m.put("origin", origin);
        m.put("treeSize", treeSize);
        m.put("rootHash", Base64.getEncoder().encodeToString(rootHash));
        m.put("time", AuditEvent.TIME.format(time));
        return m;
    }

    /**
     * Reads a checkpoint from its canonical JSON; anything else is refused, including a root or a
     * time written otherwise than {@link #canonical()} writes it (base64 without its padding, a
     * date that does not exist), so that what was signed is exactly what is read.
     */
    public static Checkpoint parse(byte[] json) throws ProofException {
        if (!CanonicalJson.isCanonical(json)) {
            throw new ProofException("a checkpoint that is not canonical JSON");
        }
        Map<String, Object> m = CanonicalJson.parseObject(json);
        if (!MEMBERS.equals(m.keySet())) {
            throw new ProofException("checkpoint members " + m.keySet() + "; expected " + MEMBERS);
        }
        if (!Long.valueOf(VERSION).equals(m.get("v"))) {
            throw new ProofException("checkpoint version " + m.get("v") + "; this gateway reads " + VERSION);
        }
        if (!(m.get("origin") instanceof String origin) || !(m.get("treeSize") instanceof Long treeSize)
                || !(m.get("rootHash") instanceof String rootHash) || !(m.get("time") instanceof String time)) {
            throw new ProofException("a checkpoint member of the wrong type: " + CanonicalJson.encodeToString(m));
        }
        Checkpoint checkpoint;
        try {
            checkpoint = new Checkpoint(origin, treeSize, Base64.getDecoder().decode(rootHash),
                    AuditEvent.TIME.parse(time, Instant::from));
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new ProofException("an unreadable checkpoint: " + e.getMessage(), e);
        }
        if (!Arrays.equals(checkpoint.canonical(), json)) {
            throw new ProofException("a checkpoint whose root or time is not written as the gateway writes it: "
                    + new String(json, StandardCharsets.UTF_8));
        }
        return checkpoint;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Checkpoint c && c.origin.equals(origin) && c.treeSize == treeSize
                && Arrays.equals(c.rootHash, rootHash) && c.time.equals(time);
    }

    @Override
    public int hashCode() {
        return Objects.hash(origin, treeSize, Arrays.hashCode(rootHash), time);
    }

    @Override
    public String toString() {
        return "Checkpoint[" + origin + ", size " + treeSize + ", root "
                + Base64.getEncoder().encodeToString(rootHash) + ", " + AuditEvent.TIME.format(time) + "]";
    }
}
