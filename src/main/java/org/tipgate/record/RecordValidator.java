package org.tipgate.record;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.tipgate.format.JsonSchemaCheck;

/**
 * Checks one parsed tip record against {@code schema/tip-record.schema.json}
 * (docs/formats.md#tip-record-every-further-line). Built once and shared: it runs for every record
 * of every feed, from any thread.
 */
public final class RecordValidator {

    /** Where the record schema lives on the classpath. */
    public static final String SCHEMA = "schema/tip-record.schema.json";

    private final JsonSchemaCheck schema;

    public RecordValidator() {
        this.schema = JsonSchemaCheck.fromClasspathWithFastPath(SCHEMA);
    }

    /**
     * The record's problems as short messages that name JSON paths and rules but never the values
     * (e.g. {@code $.incident.type: does not have a value in the enumeration}); empty if it is valid.
     */
    public List<String> validate(JsonNode record) {
        return schema.problems(record);
    }
}
