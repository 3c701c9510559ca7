package org.tipgate.events;

import java.util.Map;
import java.util.TreeMap;

/**
 * One audit-ready event, before it is appended. {@code actor} is an agency id, {@code operator:<name>}
 * or {@code system}. {@code detail} holds ids, hashes, counts and codes only; never a value taken
 * from a record other than its tipId.
 */
public record Event(EventType type, String actor, String feedId, String tipId, String packageId, String recipient,
                    String outcome, Map<String, Object> detail) {

    public static final String SYSTEM = "system";

    public Event {
        detail = detail == null ? Map.of() : new TreeMap<>(detail);
    }

    /** An event about a feed, by the system. */
    public static Event feed(EventType type, String feedId, String outcome, Map<String, Object> detail) {
        return new Event(type, SYSTEM, feedId, null, null, null, outcome, detail);
    }

    /** An event about a package, by the system. */
    public static Event pkg(EventType type, String feedId, String packageId, String recipient, String outcome,
                            Map<String, Object> detail) {
        return new Event(type, SYSTEM, feedId, null, packageId, recipient, outcome, detail);
    }
}
