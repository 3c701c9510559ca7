package org.tipgate.record;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.tipgate.format.WireJson;
import org.tipgate.synthetic.GeneratedRecords;

class RecordValidatorTests {

    private static final RecordValidator VALIDATOR = new RecordValidator();

    @Test
    void acceptsEveryGeneratedRecord() throws IOException {
        List<String> problems = new ArrayList<>();
        List<JsonNode> records = GeneratedRecords.of(20251129, 2_000);
        for (JsonNode record : records) {
            VALIDATOR.validate(record).forEach(p -> problems.add(record.get("tipId") + " " + p));
        }
        assertThat(records).hasSize(2_000);
        assertThat(problems).isEmpty();
    }

    @Test
    void acceptsTheDocumentedExample() throws IOException {
        assertThat(VALIDATOR.validate(example())).isEmpty();
    }

    @Test
    void acceptsNullWhereTheSchemaAllowsUnknown() throws IOException {
        ObjectNode record = example();
        record.putNull("priority");
        record.putNull("disposition");
        ObjectNode file = (ObjectNode) record.get("files").get(0);
        file.putNull("fileViewedByEsp");
        file.putNull("industryClassification");
        ((ObjectNode) record.get("routing")).putNull("districtLgd");
        assertThat(VALIDATOR.validate(record)).isEmpty();
    }

    @Test
    void acceptsRetiredIsoCodesAndIpv6() throws IOException {
        ObjectNode record = example();
        ((ObjectNode) record.get("routing")).put("stateIso", "IN-OR").put("stateLgd", 21).put("districtLgd", 362);
        ((ObjectNode) record.get("ipCaptures").get(0)).put("ipAddress", "2001:db8::1");
        assertThat(VALIDATOR.validate(record)).isEmpty();
    }

    @Test
    void namesThePathAndTheRuleButNotTheValue() throws IOException {
        ObjectNode record = example();
        ((ObjectNode) record.get("incident")).put("type", "Priya Sharma");
        assertThat(VALIDATOR.validate(record)).containsExactly("$.incident.type: does not have a value in the enumeration");
    }

    /**
     * Jackson reads a number beyond the range of a double (1e400) as infinity, and networknt's enum
     * check threw a NumberFormatException on it, so that one line of any sender's feed failed the
     * whole feed before its signature was checked. It is a problem of the record like any other.
     */
    @Test
    void refusesANumberBeyondTheRangeOfADoubleWhereverItStands() throws IOException {
        String example = WireJson.mapper().writeValueAsString(example());
        for (String changed : List.of(example.replace("\"priority\":\"2\"", "\"priority\":1e400"),
                example.replace("\"port\":51544", "\"port\":-1E400"),
                example.replace("\"confidence\":0.8", "\"confidence\":1e400"),
                example.replace("\"annotations\":[]", "\"annotations\":[1e999]"))) {
            assertThat(changed).isNotEqualTo(example);
            JsonNode record = WireJson.mapper().readTree(changed);

            assertThat(VALIDATOR.validate(record)).as(changed).containsExactly("$: holds a number beyond the range of"
                    + " a double (a magnitude above 1.8e308), which no field allows");
        }
    }

    @Test
    void quotesOnlyPlainPropertyNames() throws IOException {
        ObjectNode record = example();
        record.put("contact priya@example.invalid", 1);
        assertThat(VALIDATOR.validate(record)).containsExactly("$: property (unprintable name) is not defined in the schema");
    }

    @Test
    void givesTheSameAnswersFromManyThreads() throws Exception {
        List<JsonNode> records = GeneratedRecords.of(3, 400);
        ObjectNode broken = example().put("tipId", "x");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                results.add(pool.submit(() -> {
                    int problems = 0;
                    for (JsonNode record : records) {
                        problems += VALIDATOR.validate(record).size();
                        problems += VALIDATOR.validate(broken).size() == 1 ? 0 : 1;
                    }
                    return problems;
                }));
            }
            for (Future<Integer> result : results) {
                assertThat(result.get()).isZero();
            }
        } finally {
            pool.shutdown();
        }
    }

    static ObjectNode example() throws IOException {
        try (InputStream in = RecordValidatorTests.class.getResourceAsStream("/record/example-record.json")) {
            return (ObjectNode) WireJson.mapper().readTree(in);
        }
    }
}
