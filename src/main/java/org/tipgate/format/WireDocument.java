package org.tipgate.format;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.IOException;
import java.util.List;

/**
 * The signed JSON documents TipGate reads besides feeds, each checked against its JSON Schema
 * before it is bound to a Java type: a document that does not match is HEADER_INVALID, with the
 * schema's findings as the reason.
 */
public enum WireDocument {
    PACKAGE_HEADER("schema/package-header.schema.json", PackageHeader.TYPE),
    ACK("schema/ack.schema.json", Ack.TYPE),
    RECEIPT("schema/receipt.schema.json", Receipt.TYPE);

    private static final ObjectReader STRICT = WireJson.mapper().reader()
            .with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private final String schemaResource;
    private final String type;
    private volatile JsonSchemaCheck schema;

    WireDocument(String schemaResource, String type) {
        this.schemaResource = schemaResource;
        this.type = type;
    }

    public <T> T read(byte[] json, Class<T> as) throws RejectedException {
        JsonNode tree;
        try {
            tree = STRICT.readTree(json);
        } catch (IOException e) {
            throw invalid("not JSON (" + e.getClass().getSimpleName() + ")", e);
        }
        if (tree == null || tree.isMissingNode()) {
            throw invalid("empty", null);
        }
        List<String> problems = schema().problems(tree);
        if (!problems.isEmpty()) {
            throw invalid(String.join("; ", problems.subList(0, Math.min(3, problems.size()))), null);
        }
        try {
            return WireJson.mapper().treeToValue(tree, as);
        } catch (IOException e) {
            throw invalid(e.getMessage(), e);
        }
    }

    private JsonSchemaCheck schema() {
        if (schema == null) {
            schema = JsonSchemaCheck.fromClasspath(schemaResource);
        }
        return schema;
    }

    private RejectedException invalid(String why, Throwable cause) {
        return new RejectedException(RejectionCode.HEADER_INVALID, "not a valid " + type + " v1 document: " + why, cause);
    }
}
