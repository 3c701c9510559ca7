package org.tipgate.record;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.tipgate.format.Text;
import org.tipgate.testing.FuzzSupport;

/**
 * Fuzzes what {@link RecordValidator} says of a record (docs/fuzzing.md): its problems go into the
 * sender's ack and, through {@link Text#auditReason}, into the audit trail, and name JSON paths and rules,
 * never a record's values, which are personal data. The harness takes the documented example
 * record, puts fuzzed text (marked, so that it can be recognised) in one to four places, as a
 * value, inside a new object or array, or as the name of a new member, and checks that no problem
 * carries the mark, except as the quoted name of an undefined member, which the audit text drops.
 */
class RecordValidatorFuzzTests {

    private static final RecordValidator VALIDATOR = new RecordValidator();
    /** Appears in no schema and no problem text. */
    private static final String MARK = "Qx7";
    private static final ObjectNode EXAMPLE = FuzzSupport.exampleRecord();
    private static final List<JsonPointer> PLACES = FuzzSupport.places(EXAMPLE);

    @FuzzTest(maxDuration = "30s")
    void namesPathsAndRulesButNeverTheValuesOfARecord(FuzzedDataProvider data) {
        ObjectNode record = EXAMPLE.deepCopy();
        int changes = data.consumeInt(1, 4);
        for (int i = 0; i < changes; i++) {
            JsonPointer at = data.pickValue(PLACES);
            String text = MARK + data.consumeString(40);
            JsonNode value = switch (data.consumeInt(0, 2)) {
                case 0 -> JsonNodeFactory.instance.textNode(text);
                case 1 -> JsonNodeFactory.instance.objectNode().put(data.consumeString(12), text);
                default -> JsonNodeFactory.instance.arrayNode().add(text);
            };
            FuzzSupport.put(record, at, data.consumeBoolean() ? text : null, value);
        }

        List<String> problems = VALIDATOR.validate(record);

        assertThat(problems).allSatisfy(problem -> {
            assertThat(Text.auditReason(problem)).doesNotContain(MARK);
            // A member's name the fuzzer made may hold the mark anywhere, not only where the harness puts it.
            assertThat(problem.replaceAll("property '[^']*' is not defined in the schema", ""))
                    .doesNotContain(MARK);
        });
    }
}
