package org.tipgate.format;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.tipgate.record.RecordValidator;
import org.tipgate.testing.FuzzSupport;

/**
 * Differential fuzzing of {@link SchemaAcceptor} against networknt (docs/fuzzing.md): for every
 * TipGate schema the acceptor compiles, and any JSON document (in UTF-8, as the feed reader decodes
 * it), VALID only where networknt finds no problem, INVALID only where it finds one. The acceptor decides alone which tip records are valid,
 * so a document it wrongly calls VALID would reach a police agency unchecked. Documents are read
 * both as the feed reader reads them (fractions as doubles) and with fractions as BigDecimal, the
 * two kinds of number the acceptor compares; for the latter only VALID is checked (see
 * {@link #agree}).
 */
class SchemaAcceptorFuzzTests {

    private static final List<Schema> SCHEMAS = schemas(RecordValidator.SCHEMA, "schema/feed-header.schema.json",
            "schema/package-header.schema.json", "schema/ack.schema.json", "schema/receipt.schema.json");
    private static final ObjectReader DOUBLES = JsonMapper.builder().build().reader();
    private static final ObjectReader DECIMALS = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build().reader();
    private static final ObjectNode EXAMPLE = FuzzSupport.exampleRecord();
    private static final List<JsonPointer> PLACES = FuzzSupport.places(EXAMPLE);

    @FuzzTest(maxDuration = "30s")
    void saysValidOnlyWhereNetworkntFindsNoProblemAndInvalidOnlyWhereItFindsOne(byte[] json) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(json)).toString();
        } catch (CharacterCodingException e) {
            return;
        }
        for (ObjectReader reader : List.of(DOUBLES, DECIMALS)) {
            JsonNode document;
            try {
                document = reader.readTree(text);
            } catch (JsonProcessingException e) {
                return;
            } catch (NumberFormatException e) {
                // Jackson's BigDecimal reading throws this for an exponent beyond an int ("1e5555555555");
                // only the DECIMALS reader, which TipGate itself never uses, reads fractions as BigDecimal.
                assertThat(reader).isSameAs(DECIMALS);
                continue;
            }
            if (document == null || document.isMissingNode()) {
                return;
            }
            for (Schema schema : SCHEMAS) {
                agree(schema, document, reader == DOUBLES);
            }
        }
    }

    /**
     * The same, for the tip record schema, on the documented example record with one to four values
     * replaced by fuzzed JSON (numbers written every way, strings of every length in code points,
     * dates and addresses near their formats, objects and arrays): documents near the valid ones,
     * where each keyword's edge is.
     */
    @FuzzTest(maxDuration = "30s")
    void saysTheSameAsNetworkntOfTheExampleRecordWithValuesChanged(FuzzedDataProvider data) {
        ObjectNode record = EXAMPLE.deepCopy();
        boolean decimals = false;
        int changes = data.consumeInt(1, 4);
        for (int i = 0; i < changes; i++) {
            JsonPointer at = data.pickValue(PLACES);
            ObjectReader reader = data.consumeBoolean() ? DOUBLES : DECIMALS;
            decimals |= reader == DECIMALS;
            String text = data.consumeString(64);
            JsonNode value;
            try {
                value = reader.readTree(text);
            } catch (JsonProcessingException | NumberFormatException e) {
                value = null;
            }
            if (value == null || value.isMissingNode()) {
                value = JsonNodeFactory.instance.textNode(text);
            }
            FuzzSupport.put(record, at, null, value);
        }

        agree(SCHEMAS.get(0), record, !decimals); // the tip record schema
    }

    /**
     * VALID only where networknt finds no problem, and (if {@code bothWays}) INVALID only where it
     * finds one. networknt is no judge of INVALID for a document with BigDecimal numbers: it compares
     * one beyond the range of a long wrongly (6E+200 passes "maximum": 65535, 1E+19 fails "minimum":
     * 0), where the acceptor is right. TipGate reads fractions as doubles, which networknt compares
     * right (HostileRecordTests pins that).
     */
    private static void agree(Schema schema, JsonNode document, boolean bothWays) {
        SchemaAcceptor.Verdict verdict = schema.acceptor.verdict(document);
        List<String> problems = schema.networknt.problems(document);
        if (verdict == SchemaAcceptor.Verdict.VALID) {
            assertThat(problems).as("%s: the acceptor says VALID of %s", schema.resource, document).isEmpty();
        } else if (verdict == SchemaAcceptor.Verdict.INVALID && bothWays) {
            assertThat(problems).as("%s: the acceptor says INVALID of %s", schema.resource, document).isNotEmpty();
        }
    }

    private record Schema(String resource, SchemaAcceptor acceptor, JsonSchemaCheck networknt) {
    }

    /** The schemas the acceptor compiles, each with networknt alone (no fast path) beside it. */
    private static List<Schema> schemas(String... resources) {
        List<Schema> schemas = new ArrayList<>();
        for (String resource : resources) {
            try (InputStream in = SchemaAcceptorFuzzTests.class.getClassLoader().getResourceAsStream(resource)) {
                JsonNode text = WireJson.mapper().readTree(in);
                SchemaAcceptor.compile(text).ifPresent(acceptor -> schemas.add(
                        new Schema(resource, acceptor, JsonSchemaCheck.fromClasspath(resource))));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        assertThat(schemas).first().extracting(Schema::resource).isEqualTo(RecordValidator.SCHEMA);
        return List.copyOf(schemas);
    }
}
