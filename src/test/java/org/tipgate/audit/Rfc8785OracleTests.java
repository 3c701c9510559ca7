package org.tipgate.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import org.erdtman.jcs.JsonCanonicalizer;
import org.erdtman.jcs.NumberToJSON;
import org.junit.jupiter.api.Test;

/**
 * CanonicalJson against an RFC 8785 implementation it shares no code with (the Java one of the
 * RFC's authors, io.github.erdtman:java-json-canonicalization) and against the RFC's own test
 * vectors: what a third party recomputes a leaf hash with must give the same bytes, and what it
 * would write otherwise (a whole number beyond 2^53 - 1, which JCS rounds to a double) is refused.
 */
class Rfc8785OracleTests {

    private static final long MAX = (1L << 53) - 1;

    private final SplittableRandom random = new SplittableRandom(8785);

    /** RFC 8785 appendix B: IEEE-754 doubles and how JCS writes them. */
    private static final String[][] APPENDIX_B = {
            {"0000000000000000", "0"}, {"8000000000000000", "0"}, {"0000000000000001", "5e-324"},
            {"8000000000000001", "-5e-324"}, {"7fefffffffffffff", "1.7976931348623157e+308"},
            {"ffefffffffffffff", "-1.7976931348623157e+308"}, {"4340000000000000", "9007199254740992"},
            {"c340000000000000", "-9007199254740992"}, {"4430000000000000", "295147905179352830000"},
            {"44b52d02c7e14af5", "9.999999999999997e+22"}, {"44b52d02c7e14af6", "1e+23"},
            {"44b52d02c7e14af7", "1.0000000000000001e+23"}, {"444b1ae4d6e2ef4e", "999999999999999700000"},
            {"444b1ae4d6e2ef4f", "999999999999999900000"}, {"444b1ae4d6e2ef50", "1e+21"},
            {"3eb0c6f7a0b5ed8c", "9.999999999999997e-7"}, {"3eb0c6f7a0b5ed8d", "0.000001"},
            {"41b3de4355555553", "333333333.3333332"}, {"41b3de4355555554", "333333333.33333325"},
            {"41b3de4355555555", "333333333.3333333"}, {"41b3de4355555556", "333333333.3333334"},
            {"41b3de4355555557", "333333333.33333343"}, {"becbf647612f3696", "-0.0000033333333333333333"},
            {"43143ff3c1cb0959", "1424953923781206.2"}};

    @Test
    void theOracleWritesTheNumbersOfRfc8785AppendixB() throws Exception {
        for (String[] row : APPENDIX_B) {
            double value = Double.longBitsToDouble(Long.parseUnsignedLong(row[0], 16));

            assertThat(NumberToJSON.serializeNumber(value)).as(row[0]).isEqualTo(row[1]);
        }
    }

    /**
     * Of appendix B's whole numbers, zero is written as JCS writes it; 2^53 and 2^68 are beyond the
     * range where a third party's JCS would keep every whole number as written, and are refused.
     */
    @Test
    void writesAppendixBsWholeNumbersWithinRangeAndRefusesThoseBeyond() {
        assertThat(CanonicalJson.encodeToString(0L)).isEqualTo("0");
        assertThat(CanonicalJson.isCanonical(utf8("-0"))).isFalse();
        for (String beyond : List.of("9007199254740992", "-9007199254740992", "295147905179352830000")) {
            assertThatThrownBy(() -> CanonicalJson.parse(utf8(beyond))).as(beyond).isInstanceOf(ProofException.class)
                    .hasMessageContaining("2^53 - 1");
            assertThat(CanonicalJson.isCanonical(utf8(beyond))).isFalse();
        }
        assertThatThrownBy(() -> CanonicalJson.encode(1L << 53)).isInstanceOf(IllegalArgumentException.class);
    }

    /** RFC 8785 section 3.2.2's example, less its fractions and exponents, which the audit trail does not use. */
    @Test
    void writesTheExampleOfRfc8785Section322AsTheOracleDoes() throws Exception {
        String input = "{\n  \"numbers\": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],\n"
                + "  \"string\": \"\\u20ac$\\u000F\\u000aA'\\u0042\\u0022\\u005c\\\\\\\"\\/\",\n"
                + "  \"literals\": [null, true, false]\n}";
        String expected = "{\"literals\":[null,true,false],\"numbers\":[333333333.3333333,1e+30,4.5,0.002,1e-27],"
                + "\"string\":\"\u20ac$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}";
        assertThat(oracle(input)).isEqualTo(expected);

        String withoutNumbers = input.replaceFirst("\"numbers\": \\[[^]]*],", "");
        assertThat(canonical(withoutNumbers)).isEqualTo(expected.replaceFirst(",\"numbers\":\\[[^]]*]", ""))
                .isEqualTo(oracle(withoutNumbers));
        assertThatThrownBy(() -> CanonicalJson.parse(utf8(input))).isInstanceOf(ProofException.class)
                .hasMessageContaining("fraction or exponent");
    }

    /** The test data published with the RFC's reference implementation (cyberphone/json-canonicalization, testdata/). */
    @Test
    void writesTheReferenceTestDataAsPublished() throws Exception {
        Map<String, String[]> cases = new LinkedHashMap<>();
        cases.put("arrays", new String[] {"[\n  56,\n  {\n    \"d\": true,\n    \"10\": null,\n    \"1\": [ ]\n  }\n]",
                "[56,{\"1\":[],\"10\":null,\"d\":true}]"});
        cases.put("french", new String[] {"{\n  \"peach\": \"This sorting order\",\n  \"p\u00e9ch\u00e9\": \"is wrong"
                + " according to French\",\n  \"p\u00eache\": \"but canonicalization MUST\",\n  \"sin\":   \"ignore locale\"\n}",
                "{\"peach\":\"This sorting order\",\"p\u00e9ch\u00e9\":\"is wrong according to French\",\"p\u00eache\":"
                        + "\"but canonicalization MUST\",\"sin\":\"ignore locale\"}"});
        cases.put("unicode", new String[] {"{\n  \"Unnormalized Unicode\":\"A\\u030a\"\n}",
                "{\"Unnormalized Unicode\":\"A\u030a\"}"});
        cases.put("weird", new String[] {"{\n  \"\\u20ac\": \"Euro Sign\",\n  \"\\r\": \"Carriage Return\",\n"
                + "  \"\\u000a\": \"Newline\",\n  \"1\": \"One\",\n  \"\\u0080\": \"Control\\u007f\",\n"
                + "  \"\\ud83d\\ude02\": \"Smiley\",\n  \"\\u00f6\": \"Latin Small Letter O With Diaeresis\",\n"
                + "  \"\\ufb33\": \"Hebrew Letter Dalet With Dagesh\",\n  \"</script>\": \"Browser Challenge\"\n}",
                "{\"\\n\":\"Newline\",\"\\r\":\"Carriage Return\",\"1\":\"One\",\"</script>\":\"Browser Challenge\","
                        + "\"\u0080\":\"Control\u007f\",\"\u00f6\":\"Latin Small Letter O With Diaeresis\","
                        + "\"\u20ac\":\"Euro Sign\",\"\ud83d\ude02\":\"Smiley\",\"\ufb33\":\"Hebrew Letter Dalet With Dagesh\"}"});
        for (Map.Entry<String, String[]> c : cases.entrySet()) {
            String input = c.getValue()[0];
            String expected = c.getValue()[1];

            assertThat(oracle(input)).as(c.getKey()).isEqualTo(expected);
            assertThat(canonical(input)).as(c.getKey()).isEqualTo(expected);
        }
        String structures = "{\n  \"1\": {\"f\": {\"f\": \"hi\",\"F\": 5} ,\"\\n\": 56.0},\n  \"10\": { },\n"
                + "  \"\": \"empty\",\n  \"a\": { },\n  \"111\": [ {\"e\": \"yes\",\"E\": \"no\" } ],\n  \"A\": { }\n}";
        assertThat(oracle(structures)).isEqualTo("{\"\":\"empty\",\"1\":{\"\\n\":56,\"f\":{\"F\":5,\"f\":\"hi\"}},"
                + "\"10\":{},\"111\":[{\"E\":\"no\",\"e\":\"yes\"}],\"A\":{},\"a\":{}}");
        assertThat(canonical(structures.replace("56.0", "56"))).isEqualTo(oracle(structures));
        assertThatThrownBy(() -> CanonicalJson.parse(utf8(structures))).isInstanceOf(ProofException.class);
    }

    /** Every whole number within &plusmn;(2^53 - 1) is written as JCS writes it; beyond, JCS would round it, and it is refused. */
    @Test
    void writesWholeNumbersAsTheOracleDoesWithinRangeAndRefusesTheRest() throws Exception {
        List<Long> numbers = new ArrayList<>(List.of(0L, 1L, -1L, 9L, 10L, 99L, 100L, 123456789L, 1_000_000_000_000_000L,
                4_503_599_627_370_496L, MAX, -MAX, MAX - 1, -MAX + 1, MAX + 1, -MAX - 1, MAX + 2, -MAX - 2,
                1L << 60, Long.MAX_VALUE, Long.MIN_VALUE, Long.MAX_VALUE - 1, Long.MIN_VALUE + 1));
        for (long p = 1; p > 0 && p <= Long.MAX_VALUE / 10; p *= 10) {
            numbers.addAll(List.of(p, -p, p - 1, p + 1));
        }
        for (int i = 0; i < 20_000; i++) {
            numbers.add(i % 2 == 0 ? random.nextLong(-MAX, MAX + 1) : random.nextLong());
        }
        int refused = 0;
        for (long n : numbers) {
            String written = Long.toString(n);
            String jcs = oracle("[" + written + "]");
            if (n >= -MAX && n <= MAX) {
                assertThat(CanonicalJson.encodeToString(List.of(n))).as(written).isEqualTo(jcs);
                assertThat(CanonicalJson.parse(utf8(written))).isEqualTo(n);
            } else {
                refused++;
                assertThatThrownBy(() -> CanonicalJson.encode(n)).as(written).isInstanceOf(IllegalArgumentException.class);
                assertThatThrownBy(() -> CanonicalJson.parse(utf8(written))).as(written)
                        .isInstanceOf(ProofException.class);
            }
        }
        assertThat(refused).isGreaterThan(9000);
        // Why: what JCS makes of 2^53 + 1 and of the largest long is another number.
        assertThat(oracle("[9007199254740993]")).isEqualTo("[9007199254740992]");
        assertThat(oracle("[9223372036854775807]")).isEqualTo("[9223372036854776000]");
    }

    /**
     * Audit-like documents of random shape (member names and strings across Unicode: controls,
     * surrogate pairs, characters whose UTF-16 and code point orders differ), written any which way:
     * CanonicalJson and the oracle agree on every one, byte for byte.
     */
    @Test
    void agreesWithTheOracleOnRandomDocuments() throws Exception {
        ObjectMapper anyWriter = new ObjectMapper();
        for (int i = 0; i < 3000; i++) {
            // The oracle reads only an object or an array at the top.
            Object document = random.nextBoolean() ? Arrays.asList(randomValue(1), randomValue(1)) : randomMap(1);
            String written = anyWriter.writeValueAsString(document);

            byte[] ours = CanonicalJson.encode(document);
            assertThat(new String(ours, StandardCharsets.UTF_8)).as(written).isEqualTo(oracle(written));
            assertThat(CanonicalJson.encode(CanonicalJson.parse(utf8(written)))).isEqualTo(ours);
            assertThat(CanonicalJson.isCanonical(ours)).isTrue();
        }
    }

    private Object randomValue(int depth) {
        int kind = depth >= 5 ? 2 + random.nextInt(4) : random.nextInt(6);
        switch (kind) {
            case 0 -> {
                return randomMap(depth);
            }
            case 1 -> {
                List<Object> list = new ArrayList<>();
                for (int n = random.nextInt(5); n > 0; n--) {
                    list.add(randomValue(depth + 1));
                }
                return list;
            }
            case 2 -> {
                return randomString();
            }
            case 3 -> {
                return switch (random.nextInt(3)) {
                    case 0 -> random.nextLong(-MAX, MAX + 1);
                    case 1 -> (long) random.nextInt(-1000, 1000);
                    default -> random.nextBoolean() ? MAX : -MAX;
                };
            }
            case 4 -> {
                return random.nextBoolean();
            }
            default -> {
                return null;
            }
        }
    }

    private Map<String, Object> randomMap(int depth) {
        Map<String, Object> map = new LinkedHashMap<>();
        List<String> names = new ArrayList<>();
        for (int n = random.nextInt(6); n > 0; n--) {
            names.add(randomString());
        }
        Collections.shuffle(names, new Random(random.nextLong()));
        for (String name : names) {
            map.put(name, randomValue(depth + 1));
        }
        return map;
    }

    private static final int[] SAMPLED = {0x00, 0x01, 0x08, 0x09, 0x0a, 0x0c, 0x0d, 0x1f, 0x20, '"', '\\', '/', 'A', 'a',
            '1', 0x7f, 0x80, 0xe9, 0x2028, 0x20ac, 0xd7ff, 0xe000, 0xfb33, 0xfeff, 0xffff, 0x1f600, 0x1f602, 0x10000,
            0x10ffff};

    private String randomString() {
        StringBuilder s = new StringBuilder();
        for (int n = random.nextInt(8); n > 0; n--) {
            s.appendCodePoint(random.nextInt(3) == 0 ? random.nextInt(0x20, 0x7f) : SAMPLED[random.nextInt(SAMPLED.length)]);
        }
        return s.toString();
    }

    private static String oracle(String json) throws IOException {
        return new JsonCanonicalizer(json).getEncodedString();
    }

    private static String canonical(String json) throws ProofException {
        return CanonicalJson.encodeToString(CanonicalJson.parse(utf8(json)));
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
