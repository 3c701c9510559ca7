package org.tipgate.routing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.tipgate.format.WireJson;
import org.tipgate.record.RecordValidator;

/** Small hand-written tip records: a minimal valid record plus the routing-relevant members given. */
final class TipRecords {

    private static final RecordValidator VALIDATOR = new RecordValidator();
    private static final String MINIMAL = """
            {"schemaVersion": "1", "tipId": "187402213", "receivedAt": "2025-10-14T08:31:22Z",
             "incident": {"type": "Child Sex Trafficking", "dateTime": "2025-10-12T21:47:05+05:30"},
             "reporter": {"espName": "ExampleChat"}}
            """;

    private TipRecords() {
    }

    /** A schema-valid record with {@code members} (a JSON object's members, e.g. {@code "geo": [...]}) added. */
    static JsonNode record(String members) {
        JsonNode record = unchecked(members);
        assertThat(VALIDATOR.validate(record)).as("the test record must be schema-valid").isEmpty();
        return record;
    }

    /** The same, for the cases the schema forbids but the router still answers sensibly. */
    static JsonNode unchecked(String members) {
        try {
            ObjectNode record = (ObjectNode) WireJson.mapper().readTree(MINIMAL);
            record.setAll((ObjectNode) WireJson.mapper().readTree("{" + members + "}"));
            return record;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("bad test JSON: " + members, e);
        }
    }

    /** One geo entry. */
    static String geo(String countryCode, String subdivisionIso, String city) {
        StringBuilder entry = new StringBuilder("{\"ipAddress\": \"203.0.113.57\"");
        if (countryCode != null) {
            entry.append(", \"countryCode\": \"").append(countryCode).append('"');
        }
        if (subdivisionIso != null) {
            entry.append(", \"subdivisionIso\": \"").append(subdivisionIso).append('"');
        }
        if (city != null) {
            entry.append(", \"city\": \"").append(city).append('"');
        }
        return entry.append('}').toString();
    }

    /** A geo array of the given entries. */
    static String geos(String... entries) {
        return "\"geo\": [" + String.join(", ", entries) + "]";
    }
}
