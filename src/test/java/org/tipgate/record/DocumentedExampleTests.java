package org.tipgate.record;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.tipgate.format.WireJson;
import org.tipgate.testing.DocExamples;

/** The example in docs/formats.md is the fixture the tests break, so it stays valid. */
class DocumentedExampleTests {

    @Test
    void documentsTheExampleRecordThatTheTestsValidate() throws IOException {
        JsonNode documented = WireJson.mapper().readTree(DocExamples.json("tip-record"));

        assertThat(documented).isEqualTo(RecordValidatorTests.example());
        assertThat(new RecordValidator().validate(documented)).isEmpty();
    }
}
