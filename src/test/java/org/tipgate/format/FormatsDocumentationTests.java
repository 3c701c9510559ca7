package org.tipgate.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.tipgate.testing.DocExamples;

/** docs/formats.md is a contract with other agencies' tools: its examples must be what the code reads. */
class FormatsDocumentationTests {

    @Test
    void documentedFeedHeaderIsWhatTheCodeWrites() throws Exception {
        FeedHeader header = FeedHeader.of("ncrb-20261122T101500Z", "ncrb", "2026-11-22T10:15:00Z", 30000);

        assertThat(DocExamples.json("feed-header")).isEqualTo(new String(WireJson.toBytes(header), StandardCharsets.UTF_8));
        assertThat(JsonSchemaCheck.fromClasspath("schema/feed-header.schema.json")
                .problems(WireJson.mapper().readTree(DocExamples.json("feed-header")))).isEmpty();
    }

    @Test
    void documentedPackageHeaderValidatesAndReadsBackUnchanged() throws Exception {
        assertRoundTrip("package-header", WireDocument.PACKAGE_HEADER, PackageHeader.class);
    }

    @Test
    void documentedAcksValidateAndReadBackUnchanged() throws Exception {
        for (String name : new String[] {"ack-received", "ack-rejected", "ack-delivered"}) {
            assertRoundTrip(name, WireDocument.ACK, Ack.class);
        }
    }

    @Test
    void documentedReceiptValidatesAndReadsBackUnchanged() throws Exception {
        assertRoundTrip("receipt", WireDocument.RECEIPT, Receipt.class);
    }

    @Test
    void documentsEveryRejectionCode() {
        String table = DocExamples.section("## 7. Rejection codes");

        Arrays.stream(RejectionCode.values()).forEach(code -> assertThat(table).contains("| `" + code + "` |"));
    }

    private static <T> void assertRoundTrip(String example, WireDocument kind, Class<T> type) throws Exception {
        String documented = DocExamples.json(example);

        T read = kind.read(documented.getBytes(StandardCharsets.UTF_8), type);

        assertThat(new String(WireJson.toBytes(read), StandardCharsets.UTF_8)).as(example).isEqualTo(documented);
    }
}
