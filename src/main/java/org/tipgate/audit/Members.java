package org.tipgate.audit;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the members of the audit trail's JSON documents exactly: a value of the wrong type, base64
 * or a time not written the one way the gateway writes it, is refused.
 */
final class Members {

    private Members() {
    }

    static void exactly(Map<String, Object> object, Set<String> names, String what) throws ProofException {
        if (!object.keySet().equals(names)) {
            throw new ProofException(what + " with members " + object.keySet() + "; expected " + names);
        }
    }

    static String text(Map<String, Object> object, String name) throws ProofException {
        if (!(object.get(name) instanceof String s) || s.isEmpty()) {
            throw new ProofException("member " + name + " is not a non-empty string");
        }
        return s;
    }

    static long whole(Map<String, Object> object, String name) throws ProofException {
        if (!(object.get(name) instanceof Long n) || n < 0) {
            throw new ProofException("member " + name + " is not a whole number of 0 or more");
        }
        return n;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> object(Map<String, Object> object, String name) throws ProofException {
        if (!(object.get(name) instanceof Map<?, ?> m)) {
            throw new ProofException("member " + name + " is not an object");
        }
        return (Map<String, Object>) m;
    }

    static List<?> list(Map<String, Object> object, String name) throws ProofException {
        if (!(object.get(name) instanceof List<?> l)) {
            throw new ProofException("member " + name + " is not an array");
        }
        return l;
    }

    /** Standard base64 with its padding, as {@link Base64#getEncoder()} writes it, and nothing else. */
    static byte[] base64(Object value, String what) throws ProofException {
        if (!(value instanceof String s) || s.isEmpty()) {
            throw new ProofException(what + " is not a base64 string");
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(s);
        } catch (IllegalArgumentException e) {
            throw new ProofException(what + " is not base64: " + e.getMessage(), e);
        }
        if (!Base64.getEncoder().encodeToString(bytes).equals(s)) {
            throw new ProofException(what + " is not written in canonical base64");
        }
        return bytes;
    }

    static byte[] hash(Object value, String what) throws ProofException {
        byte[] hash = base64(value, what);
        if (hash.length != Merkle.HASH_BYTES) {
            throw new ProofException(what + " is " + hash.length + " bytes, not " + Merkle.HASH_BYTES);
        }
        return hash;
    }

    static Instant time(Map<String, Object> object, String name) throws ProofException {
        String text = text(object, name);
        Instant time;
        try {
            time = AuditEvent.TIME.parse(text, Instant::from);
        } catch (DateTimeParseException e) {
            throw new ProofException("member " + name + " is not a time uuuu-MM-ddTHH:mm:ss.SSSSSSZ: " + text, e);
        }
        if (!AuditEvent.TIME.format(time).equals(text)) {
            throw new ProofException("member " + name + " is not written as the gateway writes times: " + text);
        }
        return time;
    }

    /** An event object read back exactly: its canonical encoding is the object it was read from. */
    static AuditEvent event(Map<String, Object> object) throws ProofException {
        AuditEvent event = AuditEvent.fromMap(object);
        try {
            if (Arrays.equals(event.canonical(), CanonicalJson.encode(object))) {
                return event;
            }
        } catch (IllegalArgumentException e) {
            throw new ProofException("an event with no canonical encoding: " + e.getMessage(), e);
        }
        throw new ProofException("an event that does not read back as its canonical encoding");
    }
}
