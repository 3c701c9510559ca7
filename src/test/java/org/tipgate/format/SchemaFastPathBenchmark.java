package org.tipgate.format;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.OutputFormat;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.tipgate.feed.Feeds;
import org.tipgate.record.RecordValidator;

/**
 * Whether the compiled check for valid records ({@link SchemaAcceptor}) earns its keep: the
 * 30,000 records of a synthetic feed, parsed once, each judged "valid?" on one thread by the
 * acceptor, by networknt 1.5.9's fail-fast boolean output ({@code OutputFormat.BOOLEAN}, the
 * library's own quick answer), and by networknt's full validation (what the gateway runs for
 * anything the acceptor does not accept), round after round, each in turn. Prints the best and
 * median time of each; a slow machine is no failure. docs/performance.md says what was decided
 * from it. Run with {@code mvn -Pbench test -Dtest=SchemaFastPathBenchmark}.
 */
@Tag("bench")
class SchemaFastPathBenchmark {

    private static final int RECORDS = Integer.getInteger("schema.bench.records", 30_000);
    private static final int ROUNDS = Integer.getInteger("schema.bench.rounds", 7);

    @Test
    void printsTheCostOfEachWayToAcceptARecord() throws Exception {
        List<JsonNode> records = new ArrayList<>();
        for (String line : Feeds.generated(31, RECORDS)) {
            records.add(WireJson.mapper().readTree(line));
        }
        JsonNode schemaText;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(RecordValidator.SCHEMA)) {
            schemaText = WireJson.mapper().readTree(in);
        }
        SchemaAcceptor acceptor = SchemaAcceptor.compile(schemaText).orElseThrow();
        JsonSchema networknt = networknt(schemaText);

        Map<String, Predicate<JsonNode>> ways = new LinkedHashMap<>();
        ways.put("SchemaAcceptor (compiled, the gateway's fast path)", acceptor::accepts);
        ways.put("networknt 1.5.9, OutputFormat.BOOLEAN (fail-fast)",
                record -> networknt.validate(record, OutputFormat.BOOLEAN));
        ways.put("networknt 1.5.9, full validation (the gateway's authority)",
                record -> networknt.validate(record).isEmpty());

        for (Predicate<JsonNode> way : ways.values()) {
            assertThat(count(records, way)).as("every synthetic record is valid").isEqualTo(records.size());
        }
        Map<String, double[]> millis = new LinkedHashMap<>();
        ways.keySet().forEach(way -> millis.put(way, new double[ROUNDS]));
        for (int round = 0; round < ROUNDS; round++) {
            for (Map.Entry<String, Predicate<JsonNode>> way : ways.entrySet()) {
                long start = System.nanoTime();
                int valid = count(records, way.getValue());
                millis.get(way.getKey())[round] = (System.nanoTime() - start) / 1e6;
                assertThat(valid).isEqualTo(records.size());
            }
        }
        System.out.printf("%,d records, %d rounds each, one thread, %d processors%n", records.size(), ROUNDS,
                Runtime.getRuntime().availableProcessors());
        System.out.printf("%-60s | %8s | %8s | %s%n", "way", "best ms", "median", "µs per record (median)");
        for (Map.Entry<String, double[]> way : millis.entrySet()) {
            double[] m = way.getValue().clone();
            Arrays.sort(m);
            System.out.printf("%-60s | %8.0f | %8.0f | %.1f%n", way.getKey(), m[0], m[m.length / 2],
                    m[m.length / 2] * 1000 / records.size());
        }
    }

    /** Configured as the gateway configures it ({@link JsonSchemaCheck}). */
    private static JsonSchema networknt(JsonNode schemaText) {
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder()
                .formatAssertionsEnabled(true)
                .pathType(PathType.JSON_PATH)
                .regularExpressionFactory(EcmaAnchoredRegex.INSTANCE)
                .locale(Locale.ENGLISH)
                .build();
        JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(schemaText, config);
        schema.initializeValidators();
        return schema;
    }

    private static int count(List<JsonNode> records, Predicate<JsonNode> valid) {
        int n = 0;
        for (JsonNode record : records) {
            if (valid.test(record)) {
                n++;
            }
        }
        return n;
    }
}
