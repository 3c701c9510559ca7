package org.tipgate.api;

import jakarta.ws.rs.core.MultivaluedMap;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.tipgate.audit.EventFilter;
import org.tipgate.events.EventType;

/**
 * The query and path parameters of the audit API, checked before they go anywhere: a parameter the
 * endpoint does not take, one given twice, or a value outside its grammar is a
 * {@link BadParameterException}, whose message does not repeat the value.
 */
final class AuditParams {

    /** Ids and codes as the gateway writes them: agency, feed, tip and package ids, outcomes, {@code operator:name}. */
    static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,199}");
    private static final String ID_GRAMMAR = " is 1 to 200 characters: letters, digits and . _ : -, the first a letter"
            + " or digit";
    /** RFC 3339 date-time (section 5.6); "T" and "Z" may be lower case. */
    private static final Pattern RFC3339 = Pattern.compile(
            "\\d{4}-\\d{2}-\\d{2}[Tt]\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?([Zz]|[+-]\\d{2}:\\d{2})");
    private static final Pattern COUNT = Pattern.compile("[0-9]{1,18}");
    private static final Pattern CURSOR = Pattern.compile("[A-Za-z0-9_-]{11}");

    private final MultivaluedMap<String, String> params;

    private AuditParams(MultivaluedMap<String, String> params) {
        this.params = params;
    }

    /** The query parameters of a request to an endpoint that takes exactly {@code names} (each at most once). */
    static AuditParams of(MultivaluedMap<String, String> query, String... names) {
        Set<String> known = Set.of(names);
        for (var e : query.entrySet()) {
            if (!known.contains(e.getKey())) {
                throw new BadParameterException(names.length == 0 ? "this endpoint takes no query parameters"
                        : "a query parameter this endpoint does not take; it takes " + String.join(", ", names));
            }
            if (e.getValue().size() > 1) {
                throw new BadParameterException(e.getKey() + " is given more than once");
            }
        }
        return new AuditParams(query);
    }

    /** The events filter: tipId, feedId, agency, type, outcome, from and to, each optional. */
    EventFilter filter() {
        Instant from = instant("from");
        Instant to = instant("to");
        if (from != null && to != null && !from.isBefore(to)) {
            throw new BadParameterException("from must be before to");
        }
        return new EventFilter(id("tipId"), id("feedId"), id("agency"), type(), id("outcome"), from, to);
    }

    /** The sequence number after which a page begins, from the cursor a previous page gave; null without one. */
    Long cursor() {
        String value = value("cursor");
        if (value == null) {
            return null;
        }
        long seq = CURSOR.matcher(value).matches()
                ? ByteBuffer.wrap(Base64.getUrlDecoder().decode(value)).getLong() : -1;
        // Only the one spelling this API writes: the decoder would let the last character's spare bits vary.
        if (seq < 0 || !cursor(seq).equals(value)) {
            throw new BadParameterException("cursor is not one this API gave");
        }
        return seq;
    }

    /** The cursor a page gives for the events after {@code seq}. */
    static String cursor(long seq) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(ByteBuffer.allocate(Long.BYTES).putLong(seq)
                .array());
    }

    /** How many events a page may hold: 1 to {@code max}, {@code max} when not given. */
    int limit(int max) {
        String value = value("limit");
        if (value == null) {
            return max;
        }
        long limit = COUNT.matcher(value).matches() ? Long.parseLong(value) : 0;
        if (limit < 1 || limit > max) {
            throw new BadParameterException("limit is a whole number from 1 to " + max);
        }
        return (int) limit;
    }

    /** A required whole number from 0. */
    long count(String name) {
        String value = value(name);
        if (value == null) {
            throw new BadParameterException(name + " is required");
        }
        if (!COUNT.matcher(value).matches()) {
            throw new BadParameterException(name + " is a whole number from 0");
        }
        return Long.parseLong(value);
    }

    /** A path parameter that is an id (a tipId in a path). */
    static String pathId(String name, String value) {
        if (value == null || !ID.matcher(value).matches()) {
            throw new BadParameterException(name + ID_GRAMMAR);
        }
        return value;
    }

    private String id(String name) {
        String value = value(name);
        if (value != null && !ID.matcher(value).matches()) {
            throw new BadParameterException(name + ID_GRAMMAR);
        }
        return value;
    }

    private String type() {
        String value = value("type");
        if (value != null && Arrays.stream(EventType.values()).noneMatch(t -> t.name().equals(value))) {
            throw new BadParameterException("type is an event type: " + String.join(", ",
                    Arrays.stream(EventType.values()).map(Enum::name).toList()));
        }
        return value;
    }

    private Instant instant(String name) {
        String value = value(name);
        if (value == null) {
            return null;
        }
        try {
            if (RFC3339.matcher(value).matches()) {
                return OffsetDateTime.parse(value.toUpperCase(Locale.ROOT)).toInstant();
            }
        } catch (DateTimeParseException e) {
            // An impossible date or time, such as 2026-02-30 or a leap second: refused below.
        }
        throw new BadParameterException(name + " is an RFC 3339 date-time, such as 2026-11-22T10:15:00Z"
                + " (write + in an offset as %2B)");
    }

    /** The value of a parameter; a parameter given without one ({@code ?limit}) is empty, not absent. */
    private String value(String name) {
        List<String> values = params.get(name);
        if (values == null) {
            return null;
        }
        return values.isEmpty() || values.get(0) == null ? "" : values.get(0);
    }
}
