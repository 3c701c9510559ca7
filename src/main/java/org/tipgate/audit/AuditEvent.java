package org.tipgate.audit;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * One event of the audit log, with its place in it. Its {@link #canonical() canonical encoding}
 * (docs/audit.md) is the Merkle leaf. {@code type} is kept as text so that a log written by a later
 * version, with event types this one does not know, still verifies.
 */
public record AuditEvent(long seq, Instant at, String type, String actor, String feedId, String tipId,
                         String packageId, String recipient, String outcome, Map<String, Object> detail) {

    /** The version of the canonical event encoding (docs/audit-events.md). */
    public static final int VERSION = 1;

    /**
     * Times with exactly six fractional digits, in UTC. Strict, so that a time which does not exist
     * (February 30th, 24:00) is refused instead of read as another one.
     */
    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
            .withZone(ZoneOffset.UTC).withResolverStyle(ResolverStyle.STRICT);

    private static final Set<String> MEMBERS = Set.of("v", "seq", "at", "type", "actor", "feedId", "tipId",
            "packageId", "recipient", "outcome", "detail");

    public AuditEvent {
        if (seq < 0) {
            throw new IllegalArgumentException("a negative sequence number");
        }
        if (at == null || type == null || actor == null || outcome == null) {
            throw new IllegalArgumentException("an event needs its time, type, actor and outcome");
        }
        at = at.truncatedTo(ChronoUnit.MICROS);
        detail = detail == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(detail));
    }

    /** The canonical JSON of this event: the bytes its leaf hash is taken over. */
    public byte[] canonical() {
        return CanonicalJson.encode(toMap());
    }

    /** {@code H(0x00 || canonical())}. */
    public byte[] leafHash() {
        return Merkle.leafHash(canonical());
    }

    /** The members of the canonical object; absent ids are left out. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("v", (long) VERSION);
        m.put("seq", seq);
        m.put("at", TIME.format(at));
        m.put("type", type);
        m.put("actor", actor);
        putIfPresent(m, "feedId", feedId);
        putIfPresent(m, "tipId", tipId);
        putIfPresent(m, "packageId", packageId);
        putIfPresent(m, "recipient", recipient);
        m.put("outcome", outcome);
        m.put("detail", detail);
        return m;
    }

    private static void putIfPresent(Map<String, Object> m, String name, String value) {
        if (value != null) {
            m.put(name, value);
        }
    }

    /** Reads an event from its JSON object, refusing anything its canonical encoding would not say. */
    @SuppressWarnings("unchecked")
    public static AuditEvent fromMap(Map<String, Object> m) throws ProofException {
        for (String name : m.keySet()) {
            if (!MEMBERS.contains(name)) {
                throw new ProofException("an event member this version does not know: " + name);
            }
        }
        if (!Long.valueOf(VERSION).equals(m.get("v"))) {
            throw new ProofException("event encoding version " + m.get("v") + "; this gateway reads " + VERSION);
        }
        Object detail = m.get("detail");
        if (!(detail instanceof Map)) {
            throw new ProofException("an event without a detail object");
        }
        String at = text(m, "at", true);
        Instant time;
        try {
            time = TIME.parse(at, Instant::from);
        } catch (DateTimeParseException e) {
            throw new ProofException("an event time that is not uuuu-MM-ddTHH:mm:ss.SSSSSSZ: " + at, e);
        }
        Object seq = m.get("seq");
        if (!(seq instanceof Long s) || s < 0) {
            throw new ProofException("an event without a sequence number");
        }
        try {
            return new AuditEvent(s, time, text(m, "type", true), text(m, "actor", true), text(m, "feedId", false),
                    text(m, "tipId", false), text(m, "packageId", false), text(m, "recipient", false),
                    text(m, "outcome", true), (Map<String, Object>) detail);
        } catch (IllegalArgumentException e) {
            throw new ProofException(e.getMessage(), e);
        }
    }

    private static String text(Map<String, Object> m, String name, boolean required) throws ProofException {
        Object value = m.get(name);
        if (value == null) {
            if (required || m.containsKey(name)) {
                throw new ProofException("event member " + name + " is " + (required ? "missing" : "null"));
            }
            return null;
        }
        if (!(value instanceof String s)) {
            throw new ProofException("event member " + name + " is not a string");
        }
        return s;
    }
}
