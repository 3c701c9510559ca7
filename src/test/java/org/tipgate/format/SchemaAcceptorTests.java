package org.tipgate.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.tipgate.format.SchemaAcceptor.Verdict;
import org.tipgate.synthetic.GeneratedRecords;

/**
 * The acceptor may only ever say VALID of a document networknt finds valid, and INVALID of one it
 * finds invalid. Checked on generated records and on many thousands of mutants of them, against the
 * very networknt configuration {@link JsonSchemaCheck} uses, and keyword by keyword on small schemas.
 */
class SchemaAcceptorTests {

    private static final String RECORD_SCHEMA = "schema/tip-record.schema.json";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    @Test
    void theRecordSchemaCompilesAndTheOthersNeedNot() {
        assertThat(JsonSchemaCheck.fromClasspathWithFastPath(RECORD_SCHEMA).hasFastPath()).isTrue();
        assertThat(JsonSchemaCheck.fromClasspath(RECORD_SCHEMA).hasFastPath()).isFalse();
    }

    @Test
    void acceptsEveryGeneratedRecordAndNetworkntAgrees() throws IOException {
        JsonSchemaCheck networknt = JsonSchemaCheck.fromClasspath(RECORD_SCHEMA);
        SchemaAcceptor acceptor = recordAcceptor();
        List<JsonNode> records = GeneratedRecords.of(77, 3_000);
        for (JsonNode record : records) {
            assertThat(networknt.problems(record)).as(record.toString()).isEmpty();
            assertThat(acceptor.verdict(record)).as(record.toString()).isEqualTo(Verdict.VALID);
        }
    }

    /**
     * Mutants: one random change anywhere in a generated record (a value replaced by one of many
     * awkward values, a member removed or added, an array grown past its limit). The acceptor must
     * never contradict networknt, and must recognise most valid mutants (else it saves nothing).
     */
    @Test
    void neverContradictsNetworkntOnMutants() throws IOException {
        JsonSchemaCheck networknt = JsonSchemaCheck.fromClasspath(RECORD_SCHEMA);
        SchemaAcceptor acceptor = recordAcceptor();
        List<JsonNode> records = GeneratedRecords.of(91, 500);
        SplittableRandom random = new SplittableRandom(20261122);
        Map<Verdict, Integer> verdicts = new EnumMap<>(Verdict.class);
        int validMutants = 0;
        int validAccepted = 0;
        List<String> contradictions = new ArrayList<>();
        for (int i = 0; i < 40_000; i++) {
            JsonNode mutant = records.get(random.nextInt(records.size())).deepCopy();
            int changes = 1 + (random.nextInt(4) == 0 ? random.nextInt(3) : 0);
            for (int c = 0; c < changes; c++) {
                mutate(mutant, random);
            }
            Verdict verdict = acceptor.verdict(mutant);
            boolean valid = networknt.problems(mutant).isEmpty();
            verdicts.merge(verdict, 1, Integer::sum);
            if (valid) {
                validMutants++;
                validAccepted += verdict == Verdict.VALID ? 1 : 0;
            }
            if (verdict == Verdict.VALID && !valid || verdict == Verdict.INVALID && valid) {
                contradictions.add(verdict + " but networknt " + (valid ? "valid" : networknt.problems(mutant))
                        + ": " + mutant);
            }
        }
        System.out.printf("mutants: %s; networknt valid %d, of which the acceptor recognised %d%n", verdicts,
                validMutants, validAccepted);
        assertThat(contradictions).isEmpty();
        // Every kind of verdict occurred, so the mutants reached all three answers.
        assertThat(verdicts.keySet()).containsExactlyInAnyOrder(Verdict.VALID, Verdict.INVALID, Verdict.UNKNOWN);
        assertThat(validAccepted).isGreaterThan(validMutants * 9 / 10);
        assertThat(validMutants).isBetween(4_000, 36_000);
    }

    @Test
    void problemsComeFromNetworkntWhateverTheFastPathSays() throws IOException {
        JsonSchemaCheck fast = JsonSchemaCheck.fromClasspathWithFastPath(RECORD_SCHEMA);
        JsonSchemaCheck plain = JsonSchemaCheck.fromClasspath(RECORD_SCHEMA);
        ObjectNode record = (ObjectNode) GeneratedRecords.of(5, 1).get(0);
        record.put("receivedAt", "2025-02-30T10:00:00Z");
        assertThat(fast.problems(record)).isNotEmpty().isEqualTo(plain.problems(record));
    }

    // ---- keyword by keyword, each against networknt ----

    @Test
    void integersWrittenWithAFractionAreLeftToNetworknt() {
        SchemaAcceptor a = compiled("{\"type\": \"integer\", \"minimum\": 1, \"maximum\": 10}");
        assertThat(a.verdict(json("5"))).isEqualTo(Verdict.VALID);
        assertThat(a.verdict(json("0"))).isEqualTo(Verdict.INVALID);
        assertThat(a.verdict(json("5.0"))).isEqualTo(Verdict.UNKNOWN);
        assertThat(a.verdict(json("5.5"))).isEqualTo(Verdict.UNKNOWN);
        assertThat(a.verdict(json("\"5\""))).isEqualTo(Verdict.INVALID);
        agreesWithNetworknt("{\"type\": \"integer\", \"minimum\": 1, \"maximum\": 10}",
                "5", "0", "11", "5.0", "5.5", "1e1", "\"5\"", "null", "99999999999999999999999");
    }

    @Test
    void fractionsAreCertainOnlyWellInsideTheirBounds() {
        SchemaAcceptor a = compiled("{\"type\": \"number\", \"minimum\": 0, \"maximum\": 1}");
        assertThat(a.verdict(json("0.5"))).isEqualTo(Verdict.VALID);
        assertThat(a.verdict(json("1.0"))).isEqualTo(Verdict.UNKNOWN);
        assertThat(a.verdict(json("1.5"))).isEqualTo(Verdict.UNKNOWN);
        assertThat(a.verdict(json("1"))).isEqualTo(Verdict.VALID);
        assertThat(a.verdict(json("2"))).isEqualTo(Verdict.INVALID);
        agreesWithNetworknt("{\"type\": \"number\", \"minimum\": 0, \"maximum\": 1, \"exclusiveMaximum\": 1}",
                "0.5", "1.0", "1", "0", "-0.0", "1e-300", "0.9999999999999999999", "2", "\"x\"");
    }

    @Test
    void lengthsCountCodePoints() {
        String schema = "{\"type\": \"string\", \"minLength\": 2, \"maxLength\": 2}";
        SchemaAcceptor a = compiled(schema);
        assertThat(a.verdict(NODES.textNode("\uD83D\uDE00\uD83D\uDE00"))).isEqualTo(Verdict.VALID);
        assertThat(a.verdict(NODES.textNode("\uD83D\uDE00"))).isEqualTo(Verdict.INVALID);
        agreesWithNetworknt(schema, "\"ab\"", "\"a\"", "\"abc\"", "\"\"", "\"\\uD83D\\uDE00\"",
                "\"\\uD83D\\uDE00\\uD83D\\uDE00\"", "\"\\uD83D\\uDE00\\uD83D\\uDE00\\uD83D\\uDE00\"", "7");
    }

    @Test
    void patternsEndAtTheEndOfTheValue() {
        String schema = "{\"pattern\": \"^[0-9]{1,3}$\"}";
        assertThat(compiled(schema).verdict(json("\"123\\n\""))).isEqualTo(Verdict.INVALID);
        agreesWithNetworknt(schema, "\"123\"", "\"123\\n\"", "\"1234\"", "\"\"", "12", "null");
    }

    @Test
    void formatsAreAssertedAsNetworkntAssertsThem() {
        String dateTime = "{\"type\": \"string\", \"format\": \"date-time\"}";
        agreesWithNetworknt(dateTime, "\"2025-11-12T09:50:19Z\"", "\"2025-02-30T09:50:19Z\"",
                "\"2024-02-29T23:59:59+05:30\"", "\"2025-11-12 09:50:19Z\"", "\"2025-11-12T24:00:00Z\"",
                "\"2016-12-31T23:59:60Z\"", "\"2025-11-12T09:50:60Z\"", "\"2025-11-12T09:50:19.123456789Z\"",
                "\"2025-11-12T09:50:19\"", "\"0000-01-01T00:00:00Z\"", "\"x\"", "5");
        String ip = "{\"anyOf\": [{\"format\": \"ipv4\"}, {\"format\": \"ipv6\"}]}";
        agreesWithNetworknt(ip, "\"192.0.2.1\"", "\"256.0.0.1\"", "\"2001:db8::1\"", "\"2001:db8::g\"",
                "\"::\"", "\"::ffff:192.0.2.1\"", "\"1:2:3:4:5:6:7:8:9\"", "\"fe80::1%eth0\"", "\"\"");
        assertThat(SchemaAcceptor.compile(json("{\"format\": \"uri\"}"))).isEmpty();
    }

    @Test
    void objectsArraysEnumsAndConstants() {
        String schema = "{\"type\": \"object\", \"additionalProperties\": false, \"required\": [\"a\"],"
                + " \"minProperties\": 1, \"maxProperties\": 2,"
                + " \"properties\": {\"a\": {\"enum\": [\"x\", null, true]}, \"b\": {\"type\": \"array\","
                + " \"minItems\": 1, \"maxItems\": 2, \"items\": {\"const\": \"y\"}}}}";
        agreesWithNetworknt(schema, "{\"a\": \"x\"}", "{\"a\": null}", "{\"a\": true}", "{\"a\": false}",
                "{\"a\": \"z\"}", "{\"b\": [\"y\"]}", "{\"a\": \"x\", \"b\": [\"y\"]}", "{\"a\": \"x\", \"b\": []}",
                "{\"a\": \"x\", \"b\": [\"y\", \"y\", \"y\"]}", "{\"a\": \"x\", \"b\": [\"n\"]}",
                "{\"a\": \"x\", \"c\": 1}", "{}", "[]", "\"x\"", "{\"a\": 1}");
    }

    @Test
    void conditionalsBranchOnlyOnACertainCondition() {
        String schema = "{\"if\": {\"properties\": {\"n\": {\"type\": \"integer\"}}},"
                + " \"then\": {\"required\": [\"i\"]}, \"else\": {\"required\": [\"e\"]}}";
        SchemaAcceptor a = compiled(schema);
        assertThat(a.verdict(json("{\"n\": 1, \"i\": 0}"))).isEqualTo(Verdict.VALID);
        assertThat(a.verdict(json("{\"n\": \"1\", \"e\": 0}"))).isEqualTo(Verdict.VALID);
        assertThat(a.verdict(json("{\"n\": \"1\", \"i\": 0}"))).isEqualTo(Verdict.INVALID);
        // 1.0: whether it is an integer is networknt's call, so which branch applies is unknown.
        assertThat(a.verdict(json("{\"n\": 1.0, \"i\": 0}"))).isEqualTo(Verdict.UNKNOWN);
        agreesWithNetworknt(schema, "{\"n\": 1, \"i\": 0}", "{\"n\": 1, \"e\": 0}", "{\"n\": \"1\", \"e\": 0}",
                "{\"n\": \"1\", \"i\": 0}", "{\"i\": 0}", "{\"e\": 0}", "{\"n\": 1.0, \"i\": 0}", "5");
    }

    @Test
    void refsToDefinitionsIncludingRecursiveOnes() {
        String schema = "{\"$schema\": \"https://json-schema.org/draft/2020-12/schema\", \"$ref\": \"#/$defs/node\","
                + " \"$defs\": {\"node\": {\"type\": \"object\", \"additionalProperties\": false,"
                + " \"properties\": {\"v\": {\"type\": \"string\"}, \"next\": {\"$ref\": \"#/$defs/node\"}}}}}";
        agreesWithNetworknt(schema, "{}", "{\"v\": \"a\", \"next\": {\"v\": \"b\", \"next\": {}}}",
                "{\"v\": \"a\", \"next\": {\"v\": 2}}", "{\"next\": {\"w\": 1}}", "[]");
    }

    @Test
    void booleanSchemasAndTypeLists() {
        agreesWithNetworknt("{\"properties\": {\"a\": false, \"b\": true}}", "{}", "{\"a\": 1}", "{\"b\": 1}");
        agreesWithNetworknt("{\"type\": [\"integer\", \"null\"], \"maximum\": 3}", "null", "3", "4", "\"3\"", "3.0");
    }

    @Test
    void schemasWithOtherKeywordsOrFormsAreNotCompiled() {
        for (String schema : List.of("{\"oneOf\": [true]}", "{\"not\": false}", "{\"patternProperties\": {}}",
                "{\"unevaluatedProperties\": false}", "{\"prefixItems\": [true]}", "{\"uniqueItems\": true}",
                "{\"$ref\": \"other.json\"}", "{\"$ref\": \"#/$defs/missing\"}", "{\"then\": true}",
                "{\"const\": 1}", "{\"enum\": [{\"a\": 1}]}", "{\"properties\": {\"a\": {\"$id\": \"x\"}}}",
                "{\"$schema\": \"http://json-schema.org/draft-07/schema#\"}", "{\"minLength\": 1.5}")) {
            assertThat(SchemaAcceptor.compile(json(schema))).as(schema).isEmpty();
        }
        assertThatThrownBy(() -> JsonSchemaCheck.of(json("{\"oneOf\": [true]}"), true))
                .isInstanceOf(IllegalStateException.class);
    }

    // ---- helpers ----

    private static void agreesWithNetworknt(String schema, String... documents) {
        SchemaAcceptor acceptor = compiled(schema);
        JsonSchemaCheck networknt = JsonSchemaCheck.of(json(schema), false);
        for (String document : documents) {
            JsonNode node = json(document);
            Verdict verdict = acceptor.verdict(node);
            boolean valid = networknt.problems(node).isEmpty();
            if (verdict != Verdict.UNKNOWN) {
                assertThat(verdict).as(schema + " on " + document).isEqualTo(valid ? Verdict.VALID : Verdict.INVALID);
            }
        }
    }

    private static SchemaAcceptor compiled(String schema) {
        return SchemaAcceptor.compile(json(schema)).orElseThrow();
    }

    private static JsonNode json(String text) {
        try {
            return WireJson.mapper().readTree(text);
        } catch (IOException e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    private static SchemaAcceptor recordAcceptor() throws IOException {
        try (InputStream in = SchemaAcceptorTests.class.getClassLoader().getResourceAsStream(RECORD_SCHEMA)) {
            return SchemaAcceptor.compile(WireJson.mapper().readTree(in)).orElseThrow();
        }
    }

    /** Values that sit on or next to the record schema's rules. */
    private static final List<JsonNode> AWKWARD = awkward();

    private static List<JsonNode> awkward() {
        List<JsonNode> values = new ArrayList<>();
        for (String s : List.of("", "x", "1", "E", "4", "123", "123\n", "12345678901234567890", "123456789012345678901",
                "2025-11-12T09:50:19Z", "2025-02-30T09:50:19Z", "2024-02-29T23:59:59+05:30", "2016-12-31T23:59:60Z",
                "2025-11-12t09:50:19z", "2025-11-12T09:50:19.1234567891Z", "2025-11-12T09:50:19", "2025-13-01T00:00:00Z",
                "192.0.2.1", "256.0.0.1", "01.2.3.4", "2001:db8::1", "2001:db8::g", "::", ":", "1:2:3:4:5:6:7:8:9",
                "::ffff:192.0.2.1", "fe80::1%eth0", "a@b", "a@@b", "a b@c", "+91 00000 57732", "+9", "()()",
                "IN", "in", "IND", "IN-MP", "IN-DL", "IN-XYZ1", "IN-M", "IN-TG", "SUSPECT", "VICTIM", "suspect",
                "MD5", "SHA1", "SHA256", "SHA512", "PDNA", "PDQ", "sha256", "A1", "B3", "REFERRAL", "INFORMATIONAL",
                "Upload", "Login", "IP_GEOLOCATION", "OTHER", "Child Sex Trafficking", "Child Sex Tourism ",
                "0123456789abcdef0123456789abcdef", "0123456789abcdef0123456789abcdeg",
                "0123456789abcdef0123456789abcdef01234567", "AAAAAAAAAAAAAAAA", "AAAAAAAAAAAAAAA=", "AAAAAAAAAAAAAAAAA===",
                "\uD83D\uDE00", "x".repeat(256), "x".repeat(257), "\uD83D\uDE00".repeat(256), "y".repeat(1025))) {
            values.add(NODES.textNode(s));
        }
        values.add(NODES.textNode("0123456789abcdef".repeat(4)));
        values.add(NODES.textNode("0123456789ABCDEF".repeat(8)));
        values.add(NODES.textNode("0123456789abcdef".repeat(8) + "0"));
        for (String n : List.of("0", "-1", "1", "1.0", "1.5", "0.5", "-0.0", "1e2", "65535", "65536", "999", "1000",
                "99999", "100000", "1.0000000001", "0.9999999999", "1180591620717411303424", "22", "362")) {
            values.add(json(n));
        }
        values.add(NODES.booleanNode(true));
        values.add(NODES.booleanNode(false));
        values.add(NODES.nullNode());
        values.add(NODES.objectNode());
        values.add(NODES.arrayNode());
        values.add(json("{\"stateIso\": \"IN-MP\"}"));
        values.add(json("{\"stateLgd\": 23, \"districtLgd\": null}"));
        values.add(json("{\"hashType\": \"MD5\", \"value\": \"0123456789abcdef0123456789abcdef\"}"));
        values.add(json("{\"role\": \"SUSPECT\"}"));
        values.add(json("{\"ipAddress\": \"192.0.2.1\"}"));
        values.add(json("[\"x\"]"));
        return values;
    }

    /** One random change somewhere in the document. */
    private static void mutate(JsonNode document, SplittableRandom random) {
        List<JsonNode> containers = new ArrayList<>();
        collect(document, containers);
        JsonNode container = containers.get(random.nextInt(containers.size()));
        int action = random.nextInt(10);
        if (container.isObject()) {
            ObjectNode object = (ObjectNode) container;
            List<String> names = new ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            if (action == 0 && !names.isEmpty()) {
                object.remove(names.get(random.nextInt(names.size())));
            } else if (action == 1) {
                String name = names.isEmpty() || random.nextBoolean() ? "unexpected" : names.get(0) + "X";
                object.set(name, awkward(random));
            } else if (!names.isEmpty()) {
                object.set(names.get(random.nextInt(names.size())), awkward(random));
            }
        } else if (container.isArray()) {
            ArrayNode array = (ArrayNode) container;
            if (action == 0 && !array.isEmpty()) {
                array.remove(random.nextInt(array.size()));
            } else if (action == 1 && !array.isEmpty()) {
                JsonNode first = array.get(0);
                int copies = random.nextBoolean() ? 1 + random.nextInt(3) : 95 + random.nextInt(110);
                for (int i = 0; i < copies; i++) {
                    array.add(first.deepCopy());
                }
            } else if (action == 2) {
                array.add(awkward(random));
            } else if (!array.isEmpty()) {
                array.set(random.nextInt(array.size()), awkward(random));
            }
        }
    }

    private static JsonNode awkward(SplittableRandom random) {
        return AWKWARD.get(random.nextInt(AWKWARD.size())).deepCopy();
    }

    private static void collect(JsonNode node, List<JsonNode> containers) {
        if (node.isContainerNode()) {
            containers.add(node);
            for (JsonNode child : node) {
                collect(child, containers);
            }
        }
    }
}
