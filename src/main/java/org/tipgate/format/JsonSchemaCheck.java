package org.tipgate.format;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One of TipGate's JSON Schemas (draft 2020-12), compiled once and safe to share between threads.
 * Format assertions are on: in 2020-12 {@code format} is only an annotation by default, and a
 * malformed date or IP address in evidence must be refused, not annotated.
 *
 * <p>The networknt validator is the authority. A schema checked against very many documents can
 * also be compiled into a {@link SchemaAcceptor} ({@link #fromClasspathWithFastPath}), which answers
 * for the documents it is certain are valid in about 60% of networknt's time (13 against 22 µs a
 * tip record); every other document, and every problem, still comes from networknt.
 */
public final class JsonSchemaCheck {

    private static final String ADDITIONAL_PROPERTIES = "additionalProperties";

    private final JsonSchema schema;
    /** Null unless asked for. */
    private final SchemaAcceptor acceptor;

    private JsonSchemaCheck(JsonSchema schema, SchemaAcceptor acceptor) {
        this.schema = schema;
        this.acceptor = acceptor;
    }

    /** Loads and compiles a schema from the classpath, e.g. {@code schema/feed-header.schema.json}. */
    public static JsonSchemaCheck fromClasspath(String resource) {
        return of(read(resource), false);
    }

    /**
     * As {@link #fromClasspath}, and also compiled into a {@link SchemaAcceptor} for the valid
     * documents, for a schema checked against very many documents (the tip record). Fails if the
     * schema uses a keyword the acceptor does not compile, rather than silently running slower.
     */
    public static JsonSchemaCheck fromClasspathWithFastPath(String resource) {
        return of(read(resource), true);
    }

    static JsonSchemaCheck of(JsonNode text, boolean fastPath) {
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder()
                .formatAssertionsEnabled(true)
                .pathType(PathType.JSON_PATH)
                .regularExpressionFactory(EcmaAnchoredRegex.INSTANCE)
                .locale(Locale.ENGLISH)
                .build();
        JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(text, config);
        // Compile every validator now: lazy initialisation on first use is not thread-safe.
        schema.initializeValidators();
        SchemaAcceptor acceptor = null;
        if (fastPath) {
            acceptor = SchemaAcceptor.compile(text).orElseThrow(() -> new IllegalStateException(
                    "schema " + text.path("$id").asText() + " uses a keyword the fast path does not compile"));
        }
        return new JsonSchemaCheck(schema, acceptor);
    }

    /** Whether valid documents are recognised by the compiled {@link SchemaAcceptor}. */
    public boolean hasFastPath() {
        return acceptor != null;
    }

    /**
     * A JSON number beyond the range of a double (1e400), which Jackson reads as infinity; no
     * TipGate field allows one. networknt cannot judge it: its enum check throws on it.
     */
    static final String NUMBER_BEYOND_DOUBLE = "$: holds a number beyond the range of a double"
            + " (a magnitude above 1.8e308), which no field allows";

    /** The problems of one document, as short messages naming JSON paths and rules; empty if valid. */
    public List<String> problems(JsonNode document) {
        if (acceptor != null && acceptor.accepts(document)) {
            return List.of();
        }
        if (hasInfiniteNumber(document)) {
            return List.of(NUMBER_BEYOND_DOUBLE);
        }
        // A set, because a hostile line can hold many thousands of faults and the same text may recur.
        Set<String> problems = new LinkedHashSet<>();
        Set<String> unknownMembers = new LinkedHashSet<>();
        for (ValidationMessage m : schema.validate(document)) {
            (ADDITIONAL_PROPERTIES.equals(m.getType()) ? unknownMembers : problems).add(ProblemText.of(m));
        }
        // Unknown members last: when a whole document is of the wrong kind, what it lacks says more.
        problems.addAll(unknownMembers);
        return List.copyOf(problems);
    }

    /** Whether any number in the document is a double that overflowed to infinity. */
    private static boolean hasInfiniteNumber(JsonNode node) {
        if (node.isFloatingPointNumber()) {
            return Double.isInfinite(node.doubleValue());
        }
        if (node.isContainerNode()) {
            for (JsonNode child : node) {
                if (hasInfiniteNumber(child)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static JsonNode read(String resource) {
        try (InputStream in = JsonSchemaCheck.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("schema " + resource + " is not on the classpath");
            }
            return WireJson.mapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read schema " + resource, e);
        }
    }
}
