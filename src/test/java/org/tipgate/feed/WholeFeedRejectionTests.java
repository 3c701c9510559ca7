package org.tipgate.feed;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tipgate.format.Ack;
import org.tipgate.format.RejectionCode;

/** Problems that refuse a feed as a whole: its header (HEADER_INVALID) and its limits (TOO_LARGE). */
class WholeFeedRejectionTests {

    private static final String RECORDS = String.join("\n", Feeds.generated(21, 3)) + "\n";

    @Test
    void rejectsEmptyContentAsMissingHeader() {
        assertThat(feedRejection(new byte[0])).isEqualTo(
                whole(RejectionCode.HEADER_INVALID, "the content is empty: line 1 must be the feed header"));
    }

    @Test
    void rejectsContentWhoseFirstLineIsARecord() {
        Ack.Rejection rejection = feedRejection(RECORDS.getBytes(StandardCharsets.UTF_8));
        assertThat(rejection.code()).isEqualTo(RejectionCode.HEADER_INVALID);
        assertThat(rejection.reason()).startsWith("line 1 does not match the feed header schema: ")
                .contains("$: required property 'type' not found");
    }

    @Test
    void rejectsBlankFirstLine() {
        assertThat(feedRejection(utf8("\n" + Feeds.header(3) + "\n" + RECORDS)).reason())
                .isEqualTo("line 1 is blank: it must be the feed header");
    }

    @Test
    void rejectsHeaderThatIsNotJson() {
        assertThat(feedRejection(utf8("type=tipgate-feed;version=1\n" + RECORDS)))
                .isEqualTo(whole(RejectionCode.HEADER_INVALID, "line 1 is not valid JSON (column 5)"));
    }

    @Test
    void rejectsHeaderThatIsNotUtf8() {
        byte[] header = Feeds.header(3).replace("ncrb", "ncr\u00e9").getBytes(StandardCharsets.ISO_8859_1);
        assertThat(feedRejection(join(header, utf8("\n" + RECORDS))).reason()).isEqualTo("line 1 is not valid UTF-8");
    }

    @Test
    void rejectsHeaderWithAByteOrderMark() {
        assertThat(feedRejection(utf8("\uFEFF" + Feeds.header(3) + "\n" + RECORDS)).reason())
                .startsWith("line 1 starts with a byte order mark");
    }

    @Test
    void rejectsHeaderOfAnotherDocumentType() {
        String header = Feeds.header(3).replace("tipgate-feed", "tipgate-package");
        assertThat(feedRejection(utf8(header + "\n" + RECORDS)).reason())
                .isEqualTo("line 1 does not match the feed header schema: $.type: must be the constant value 'tipgate-feed'");
    }

    @Test
    void rejectsHeaderOfAnotherVersion() {
        String header = Feeds.header(3).replace("\"version\":1", "\"version\":2");
        assertThat(feedRejection(utf8(header + "\n" + RECORDS)).reason()).contains("$.version: must be the constant value '1'");
    }

    @Test
    void rejectsFeedIdThatCouldEscapeAFileName() {
        String header = Feeds.header(3).replace("FEED-2025-11-29.001", "../outbox/x");
        assertThat(feedRejection(utf8(header + "\n" + RECORDS)).reason())
                .isEqualTo("line 1 does not match the feed header schema: $.feedId: does not match the pattern of the schema");
    }

    @Test
    void rejectsHeaderWithoutRecordCount() {
        String header = Feeds.header(3).replace(",\"recordCount\":3", "");
        assertThat(feedRejection(utf8(header + "\n" + RECORDS)).reason()).contains("required property 'recordCount' not found");
    }

    @Test
    void rejectsHeaderWithCreatedAtThatIsNotRfc3339() {
        String header = Feeds.header(3).replace("2025-11-29T10:15:00Z", "29.11.2025");
        assertThat(feedRejection(utf8(header + "\n" + RECORDS)).reason()).contains("$.createdAt");
    }

    @Test
    void rejectsHeaderWithAnExtraProperty() {
        String header = Feeds.header(3).replace("{", "{\"comment\":\"x\",");
        assertThat(feedRejection(utf8(header + "\n" + RECORDS)).reason())
                .contains("$: property 'comment' is not defined in the schema");
    }

    @Test
    void reportsNothingToTheListenerWhenTheHeaderIsInvalid() {
        Feeds.Read read = Feeds.read(utf8("{}\n" + RECORDS));
        assertThat(read.summary().header()).isNull();
        assertThat(read.listener().headers).isEmpty();
        assertThat(read.listener().accepted).isEmpty();
        assertThat(read.summary().records()).isZero();
    }

    @Test
    void rejectsFeedWithFewerRecordsThanItsHeaderDeclares() {
        Feeds.Read read = Feeds.read(utf8(Feeds.header(4) + "\n" + RECORDS));
        assertThat(read.summary().feedRejection()).isEqualTo(whole(RejectionCode.HEADER_INVALID,
                "the header declares recordCount 4 but the content has 3 record lines"));
        assertThat(read.summary().header()).isNotNull();
    }

    @Test
    void rejectsFeedWithMoreRecordsThanItsHeaderDeclares() {
        assertThat(feedRejection(utf8(Feeds.header(2) + "\n" + RECORDS)).code()).isEqualTo(RejectionCode.HEADER_INVALID);
    }

    @Test
    void rejectsLineLongerThanTheLimitAndStillReadsTheWholeStream() throws IOException {
        String longRecord = Feeds.line(Feeds.exampleRecord().put("padding", "x".repeat(5_000)));
        byte[] content = Feeds.content(List.of(Feeds.generated(22, 1).get(0), longRecord, Feeds.generated(23, 1).get(0)));
        FeedContentReaderTests.CountingStream stream = new FeedContentReaderTests.CountingStream(content);
        Feeds.Recorder listener = new Feeds.Recorder();

        FeedContent summary = new FeedContentReader(Feeds.VALIDATOR, new FeedLimits(4_096, 1_000, 1 << 20)).read(stream, listener);

        assertThat(summary.feedRejection()).isEqualTo(whole(RejectionCode.TOO_LARGE, "line 3 is longer than the limit of 4096 bytes"));
        assertThat(stream.reachedEnd).isTrue();
        assertThat(summary.contentBytes()).isEqualTo(content.length);
        assertThat(listener.accepted).hasSize(1);
        assertThat(summary.records()).isEqualTo(1);
    }

    @Test
    void acceptsALineOfExactlyTheLimitEvenWithCrlf() {
        String record = Feeds.generated(24, 1).get(0);
        byte[] content = utf8(Feeds.header(1) + "\r\n" + record + "\r\n");
        FeedLimits limits = new FeedLimits(record.length(), 10, 1 << 20);
        assertThat(Feeds.read(content, limits).summary().accepted()).isEqualTo(1);
        assertThat(Feeds.read(content, new FeedLimits(record.length() - 1, 10, 1 << 20)).summary().feedRejection().code())
                .isEqualTo(RejectionCode.TOO_LARGE);
    }

    @Test
    void rejectsMoreRecordsThanTheLimit() {
        String content = Feeds.header(2) + "\n" + RECORDS;
        Feeds.Read read = Feeds.read(utf8(content), new FeedLimits(1 << 20, 2, 1 << 20));
        assertThat(read.summary().feedRejection())
                .isEqualTo(whole(RejectionCode.TOO_LARGE, "the content has more than the limit of 2 records"));
        assertThat(read.summary().contentBytes()).isEqualTo(utf8(content).length);
    }

    @Test
    void rejectsHeaderDeclaringMoreRecordsThanTheLimitBeforeReadingThem() {
        Feeds.Read read = Feeds.read(utf8(Feeds.header(3) + "\n" + RECORDS), new FeedLimits(1 << 20, 2, 1 << 20));
        assertThat(read.summary().feedRejection())
                .isEqualTo(whole(RejectionCode.TOO_LARGE, "the header declares 3 records, more than the limit of 2"));
        assertThat(read.listener().accepted).isEmpty();
    }

    @Test
    void rejectsContentBeyondTheByteLimitAndStillReadsTheWholeStream() {
        byte[] content = Feeds.content(Feeds.generated(25, 200));
        Feeds.Read read = Feeds.read(content, new FeedLimits(1 << 20, 1_000, 100_000));
        assertThat(read.summary().feedRejection())
                .isEqualTo(whole(RejectionCode.TOO_LARGE, "the content is longer than the limit of 100000 bytes"));
        assertThat(read.summary().contentBytes()).isEqualTo(content.length);
        assertThat(read.summary().records()).isLessThan(200);
    }

    private static Ack.Rejection feedRejection(byte[] content) {
        Feeds.Read read = Feeds.read(content);
        assertThat(read.summary().rejectedAsWhole()).isTrue();
        return read.summary().feedRejection();
    }

    private static Ack.Rejection whole(RejectionCode code, String reason) {
        return new Ack.Rejection(null, null, code, reason);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] join(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
