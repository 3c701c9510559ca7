package org.tipgate.format;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.tipgate.record.RecordValidator;

/**
 * Differential fuzzing of {@link SchemaAcceptor} against networknt (docs/fuzzing.md): for every
 * TipGate schema the acceptor compiles, and any JSON document (in UTF-8, as the feed reader decodes
 * it), VALID only where networknt finds no problem, INVALID only where it finds one. The acceptor decides alone which tip records are valid,
 * so a document it wrongly calls VALID would reach a police agency unchecked. Documents are read
 * both as the feed reader reads them (fractions as doubles) and with fractions as BigDecimal, the
 * two kinds of number the acceptor compares.
 */
class SchemaAcceptorFuzzTests {

    private static final List<Schema> SCHEMAS = schemas(RecordValidator.SCHEMA, "schema/feed-header.schema.json",
            "schema/package-header.schema.json", "schema/ack.schema.json", "schema/receipt.schema.json");
    private static final ObjectReader DOUBLES = JsonMapper.builder().build().reader();
    private static final ObjectReader DECIMALS = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build().reader();

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
                SchemaAcceptor.Verdict verdict = schema.acceptor.verdict(document);
                List<String> problems = schema.networknt.problems(document);
                if (verdict == SchemaAcceptor.Verdict.VALID) {
                    assertThat(problems).as("%s: the acceptor says VALID", schema.resource).isEmpty();
                } else if (verdict == SchemaAcceptor.Verdict.INVALID) {
                    assertThat(problems).as("%s: the acceptor says INVALID", schema.resource).isNotEmpty();
                }
            }
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
        assertThat(schemas).extracting(Schema::resource).contains(RecordValidator.SCHEMA);
        return List.copyOf(schemas);
    }
}
