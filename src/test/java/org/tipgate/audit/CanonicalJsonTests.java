package org.tipgate.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** RFC 8785 (JCS) over the values the audit trail uses, and the canonical event that is each leaf. */
class CanonicalJsonTests {

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String canonical(String json) throws ProofException {
        return CanonicalJson.encodeToString(CanonicalJson.parse(utf8(json)));
    }

    // ---- JCS ----

    /** RFC 8785 section 3.2.3: names sort by UTF-16 code units, so U+1F600 (D83D DE00) comes before U+FB33. */
    @Test
    void sortsMembersByUtf16CodeUnits() throws ProofException {
        String json = "{\"\\u20ac\":\"Euro Sign\",\"\\r\":\"Carriage Return\",\"\\ufb33\":\"Hebrew Letter Dalet With Dagesh\","
                + "\"1\":\"One\",\"\\ud83d\\ude00\":\"Emoji: Grinning Face\",\"\\u0080\":\"Control\","
                + "\"\\u00f6\":\"Latin Small Letter O With Diaeresis\"}";

        assertThat(canonical(json)).isEqualTo("{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u0080\":\"Control\","
                + "\"\u00f6\":\"Latin Small Letter O With Diaeresis\",\"\u20ac\":\"Euro Sign\","
                + "\"\ud83d\ude00\":\"Emoji: Grinning Face\",\"\ufb33\":\"Hebrew Letter Dalet With Dagesh\"}");
    }

    /** RFC 8785 section 3.2.2, without its numbers (fractions and exponents are not used here). */
    @Test
    void escapesStringsAsJcsDoes() throws ProofException {
        String json = "{\"string\":\"\\u20ac$\\u000F\\u000aA'\\u0042\\u0022\\u005c\\\\\\\"\\/\",\"literals\":[null,true,false]}";

        assertThat(canonical(json)).isEqualTo("{\"literals\":[null,true,false],\"string\":\"\u20ac$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}");
    }

    @Test
    void escapesEveryControlCharacterInLowerCaseAndNothingElse() {
        StringBuilder all = new StringBuilder();
        for (char c = 0; c < 0x20; c++) {
            all.append(c);
        }
        all.append("\u007f/\u2028\u00e9\ud83d\ude00");

        assertThat(CanonicalJson.encodeToString(all.toString())).isEqualTo("\"\\u0000\\u0001\\u0002\\u0003\\u0004\\u0005"
                + "\\u0006\\u0007\\b\\t\\n\\u000b\\f\\r\\u000e\\u000f\\u0010\\u0011\\u0012\\u0013\\u0014\\u0015\\u0016"
                + "\\u0017\\u0018\\u0019\\u001a\\u001b\\u001c\\u001d\\u001e\\u001f\u007f/\u2028\u00e9\ud83d\ude00\"");
        assertThat(CanonicalJson.encode("\u00e9\ud83d\ude00")).containsExactly(0x22, 0xc3, 0xa9, 0xf0, 0x9f, 0x98, 0x80,
                0x22);
    }

    @Test
    void writesWholeNumbersAndNestedValuesWithoutWhiteSpace() throws ProofException {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("b", List.of(0L, -1L, CanonicalJson.MAX_WHOLE_NUMBER, -CanonicalJson.MAX_WHOLE_NUMBER, 7));
        value.put("a", Map.of("z", true, "y", List.of()));

        assertThat(CanonicalJson.encodeToString(value))
                .isEqualTo("{\"a\":{\"y\":[],\"z\":true},\"b\":[0,-1,9007199254740991,-9007199254740991,7]}");
        assertThat(CanonicalJson.parse(CanonicalJson.encode(value))).isEqualTo(Map.of("a", Map.of("z", true, "y",
                List.of()), "b", List.of(0L, -1L, CanonicalJson.MAX_WHOLE_NUMBER, -CanonicalJson.MAX_WHOLE_NUMBER, 7L)));
    }

    @Test
    void refusesDuplicateMembers() {
        assertThatThrownBy(() -> CanonicalJson.parse(utf8("{\"a\":1,\"a\":1}"))).isInstanceOf(ProofException.class);
        assertThatThrownBy(() -> CanonicalJson.parse(utf8("{\"x\":{\"a\":1,\"b\":2,\"a\":3}}")))
                .isInstanceOf(ProofException.class);
    }

    @Test
    void refusesFractionsExponentsAndWholeNumbersBeyondWhatRfc8785WritesExactly() {
        for (String number : List.of("1.5", "1.0", "0.0", "-0.0", "1e3", "1E3", "1e-3", "9223372036854775808",
                "-9223372036854775809", "123456789012345678901234567890", "9007199254740992", "-9007199254740992",
                "9223372036854775807", "-9223372036854775808")) {
            assertThatThrownBy(() -> CanonicalJson.parse(utf8("{\"n\":" + number + "}"))).as(number)
                    .isInstanceOf(ProofException.class);
        }
    }

    @Test
    void refusesTrailingContentAndWhatIsNotJson() {
        for (String json : List.of("{} x", "{}{}", "{},", "[1]]", "", "  ", "{", "{\"a\":}", "{'a':1}", "{\"a\":01}",
                "{\"a\":NaN}", "// c\n{}", "{\"a\":1,}", "[1,]", "\"\t\"")) {
            assertThatThrownBy(() -> CanonicalJson.parse(utf8(json))).as(json).isInstanceOf(ProofException.class);
        }
    }

    /**
     * A lone surrogate has no UTF-8 encoding, so the canonical form cannot write it: parse refuses
     * it (escaped, in a value or a member name, or as the bytes ED A0 80) rather than return a value
     * that encode then throws on. A pair is one character and reads back as itself.
     */
    @Test
    void refusesLoneSurrogatesTheCanonicalFormCannotWrite() throws ProofException {
        for (String json : List.of("\"\\ud800\"", "\"a\\udc00\"", "\"\\ude00\\ud83d\"", "{\"\\ud83d\\\\u0080\":1}",
                "[\"ok\",{\"k\":\"\\ud83dx\"}]")) {
            assertThatThrownBy(() -> CanonicalJson.parse(utf8(json))).as(json).isInstanceOf(ProofException.class)
                    .hasMessageContaining("lone surrogate");
            assertThat(CanonicalJson.isCanonical(utf8(json))).as(json).isFalse();
        }
        byte[] cesu = {'"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"'};
        assertThatThrownBy(() -> CanonicalJson.parse(cesu)).isInstanceOf(ProofException.class);

        assertThat(CanonicalJson.parse(utf8("\"\\ud83d\\ude00\""))).isEqualTo("\ud83d\ude00");
    }

    @Test
    void refusesNestingDeeperThanAnyAuditDocument() {
        String deep = "[".repeat(20) + "]".repeat(20);

        assertThatThrownBy(() -> CanonicalJson.parse(utf8(deep))).isInstanceOf(ProofException.class);
        assertThat(CanonicalJson.isCanonical(utf8("[".repeat(10) + "]".repeat(10)))).isTrue();
    }

    @Test
    void tellsCanonicalBytesFromAnyOtherWritingOfTheSameValue() {
        assertThat(CanonicalJson.isCanonical(utf8("{\"a\":1,\"b\":[true,null,\"\u00e9\"]}"))).isTrue();
        for (String other : List.of("{\"b\":[true,null,\"\u00e9\"],\"a\":1}", "{\"a\": 1,\"b\":[true,null,\"\u00e9\"]}",
                "{\"a\":1,\"b\":[true,null,\"\\u00e9\"]}", " {\"a\":1}", "{\"a\":1}\n", "{\"a\":-0}", "{\"a\":\"\\/\"}",
                "{\"a\":\"\\u001F\"}", "{\"a\":\"\\u0041\"}", "\ufeff{\"a\":1}", "{\"a\":\"\\ud800\"}")) {
            assertThat(CanonicalJson.isCanonical(utf8(other))).as(other).isFalse();
        }
        assertThat(CanonicalJson.isCanonical(new byte[] {'"', (byte) 0xc3, '"'})).as("invalid UTF-8").isFalse();
        assertThat(CanonicalJson.isCanonical(new byte[] {'"', (byte) 0xc0, (byte) 0xa9, '"'})).as("overlong UTF-8")
                .isFalse();
        assertThat(CanonicalJson.isCanonical("{\"a\":1}".getBytes(StandardCharsets.UTF_16BE))).as("UTF-16").isFalse();
    }

    @Test
    void writesNothingItCouldNotReadBack() {
        assertThatThrownBy(() -> CanonicalJson.encode("lone \ud800")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CanonicalJson.encode(Map.of("n", 1.5))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CanonicalJson.encode(Map.of(1, "x"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CanonicalJson.encode(Map.of("n", Long.MAX_VALUE))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CanonicalJson.encode(List.of(-(1L << 53)))).isInstanceOf(IllegalArgumentException.class);
    }

    // ---- the canonical event ----

    static final String DOCUMENTED = "{\"actor\":\"system\",\"at\":\"2026-11-22T17:20:01.123456Z\",\"detail\":{\"line\":2},"
            + "\"feedId\":\"F-2026-11-22-001\",\"outcome\":\"ACCEPTED\",\"seq\":41,\"tipId\":\"CT-100000001\","
            + "\"type\":\"RECORD_ACCEPTED\",\"v\":1}";

    static AuditEvent documented() {
        return new AuditEvent(41, Instant.parse("2026-11-22T17:20:01.123456Z"), "RECORD_ACCEPTED", "system",
                "F-2026-11-22-001", "CT-100000001", null, null, "ACCEPTED", Map.of("line", 2L));
    }

    @Test
    void anEventIsEncodedAsDocsAuditMdShows() {
        assertThat(new String(documented().canonical(), StandardCharsets.UTF_8)).isEqualTo(DOCUMENTED);
        assertThat(documented().leafHash()).isEqualTo(Merkle.leafHash(utf8(DOCUMENTED)));
    }

    @Test
    void everyEventReadsBackAsItself() throws ProofException {
        for (long seq = 0; seq < 40; seq++) {
            AuditEvent event = AuditFixtures.event(seq);
            byte[] canonical = event.canonical();
            AuditEvent read = AuditEvent.fromMap(CanonicalJson.parseObject(canonical));

            assertThat(read).isEqualTo(event);
            assertThat(read.canonical()).isEqualTo(canonical);
            assertThat(CanonicalJson.isCanonical(canonical)).isTrue();
        }
    }

    @Test
    void aTimeIsKeptToTheMicrosecond() {
        AuditEvent event = new AuditEvent(0, Instant.parse("2026-11-22T17:20:01.123456789Z"), "T", "system", null, null,
                null, null, "OK", null);

        assertThat(new String(event.canonical(), StandardCharsets.UTF_8)).contains("\"at\":\"2026-11-22T17:20:01.123456Z\"")
                .contains("\"detail\":{}");
    }

    static Map<String, Object> documentedWith(String member, Object value) throws ProofException {
        Map<String, Object> m = new TreeMap<>(CanonicalJson.parseObject(utf8(DOCUMENTED)));
        if (value == REMOVED) {
            m.remove(member);
        } else {
            m.put(member, value);
        }
        return m;
    }

    static final Object REMOVED = new Object();

    @Test
    void refusesUnknownMembersAndOtherVersions() throws ProofException {
        List<Map<String, Object>> refused = new ArrayList<>();
        refused.add(documentedWith("signature", "x"));
        refused.add(documentedWith("v", 2L));
        refused.add(documentedWith("v", "1"));
        refused.add(documentedWith("v", REMOVED));
        for (Map<String, Object> m : refused) {
            assertThatThrownBy(() -> AuditEvent.fromMap(m)).as(m.toString()).isInstanceOf(ProofException.class);
        }
    }

    @Test
    void refusesMembersMissingNullOrOfTheWrongType() throws ProofException {
        List<Map<String, Object>> refused = new ArrayList<>();
        for (String required : List.of("seq", "at", "type", "actor", "outcome", "detail")) {
            refused.add(documentedWith(required, REMOVED));
            refused.add(documentedWith(required, null));
        }
        refused.add(documentedWith("tipId", null));
        refused.add(documentedWith("packageId", 7L));
        refused.add(documentedWith("seq", -1L));
        refused.add(documentedWith("seq", "41"));
        refused.add(documentedWith("detail", List.of()));
        refused.add(documentedWith("type", true));
        for (Map<String, Object> m : refused) {
            assertThatThrownBy(() -> AuditEvent.fromMap(m)).as(m.toString()).isInstanceOf(ProofException.class);
        }
    }

    /** A lenient reader would take February 30th as March 2nd, or 24:00 as the next day: another event than the one hashed. */
    @Test
    void refusesTimesNotWrittenExactlyOrThatDoNotExist() throws ProofException {
        for (String at : List.of("2026-11-22T17:20:01.123Z", "2026-11-22T17:20:01.1234567Z", "2026-11-22T17:20:01Z",
                "2026-11-22T17:20:01.123456+00:00", "2026-11-22 17:20:01.123456Z", "2026-02-30T17:20:01.123456Z",
                "2026-11-21T24:00:00.000000Z", "2026-11-22T17:20:60.000000Z", "2025-02-29T00:00:00.000000Z")) {
            Map<String, Object> m = documentedWith("at", at);
            assertThatThrownBy(() -> AuditEvent.fromMap(m)).as(at).isInstanceOf(ProofException.class);
        }
    }
}
