package org.tipgate.record;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.tipgate.format.WireJson;

/** The example in docs/formats-records.md is the fixture the tests break, so it stays valid. */
class DocumentedExampleTests {

    @Test
    void documentsTheExampleRecordThatTheTestsValidate() throws IOException {
        String doc = Files.readString(Path.of("docs/formats-records.md"));
        String block = doc.substring(doc.indexOf("```json") + "```json".length(), doc.lastIndexOf("```"));
        JsonNode documented = WireJson.mapper().readTree(block);

        assertThat(documented).isEqualTo(RecordValidatorTests.example());
        assertThat(new RecordValidator().validate(documented)).isEmpty();
    }
}
