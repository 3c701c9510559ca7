package org.tipgate.feed;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tipgate.format.Ack;
import org.tipgate.format.RejectionCode;

class FeedContentReaderTests {

    @Test
    void acceptsAGeneratedFeedAndHandsOverEachRecordWithItsLineAndRawBytes() {
        List<String> records = Feeds.generated(11, 200);
        Feeds.Read read = Feeds.read(Feeds.content(records));

        assertThat(read.summary().rejectedAsWhole()).isFalse();
        assertThat(read.summary().records()).isEqualTo(200);
        assertThat(read.summary().accepted()).isEqualTo(200);
        assertThat(read.listener().headers).singleElement().satisfies(h -> {
            assertThat(h.feedId()).isEqualTo("FEED-2025-11-29.001");
            assertThat(h.recordCount()).isEqualTo(200);
        });
        Feeds.Accepted last = read.listener().accepted.get(199);
        assertThat(last.line()).isEqualTo(201);
        assertThat(last.raw()).isEqualTo(records.get(199).getBytes(StandardCharsets.UTF_8));
        assertThat(last.tipId()).isEqualTo(tipId(records.get(199))).matches("[0-9]{9}");
    }

    @Test
    void keepsRawBytesExactlyAsSentWhateverTheirSpacingAndEscapes() {
        String record = Feeds.line(Feeds.exampleRecord())
                .replace("{\"schemaVersion\":\"1\"", "{ \"schemaVersion\" : \"1\" ")
                .replace("Indore", "\\u0049ndore");
        Feeds.Read read = Feeds.read(Feeds.content(List.of(record)));

        assertThat(read.listener().accepted).singleElement()
                .satisfies(a -> assertThat(a.raw()).isEqualTo(record.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void acceptsCrlfLineEndingsAndHandsOverRecordsWithoutThem() {
        List<String> records = Feeds.generated(12, 3);
        String content = Feeds.header(3) + "\r\n" + String.join("\r\n", records) + "\r\n";
        Feeds.Read read = Feeds.read(content.getBytes(StandardCharsets.UTF_8));

        assertThat(read.summary().accepted()).isEqualTo(3);
        assertThat(read.listener().accepted.get(0).raw()).isEqualTo(records.get(0).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void acceptsALastLineWithoutLineTerminator() {
        List<String> records = Feeds.generated(13, 2);
        String content = Feeds.header(2) + "\n" + String.join("\n", records);
        assertThat(Feeds.read(content.getBytes(StandardCharsets.UTF_8)).summary().accepted()).isEqualTo(2);
    }

    @Test
    void ignoresBlankLinesAtTheEnd() {
        String content = Feeds.header(1) + "\n" + Feeds.generated(14, 1).get(0) + "\n\n \r\n";
        Feeds.Read read = Feeds.read(content.getBytes(StandardCharsets.UTF_8));
        assertThat(read.summary().rejectedAsWhole()).isFalse();
        assertThat(read.summary().records()).isEqualTo(1);
    }

    @Test
    void rejectsBlankLineBetweenRecordsAsARecord() {
        List<String> records = Feeds.generated(15, 2);
        String content = Feeds.header(3) + "\n" + records.get(0) + "\n\n" + records.get(1) + "\n";
        Feeds.Read read = Feeds.read(content.getBytes(StandardCharsets.UTF_8));

        assertThat(read.summary().rejectedAsWhole()).isFalse();
        assertThat(read.summary().accepted()).isEqualTo(2);
        assertThat(read.summary().rejections()).containsExactly(
                new Ack.Rejection(3L, null, RejectionCode.RECORD_INVALID, "the line is blank"));
    }

    @Test
    void rejectsSecondRecordWithTheSameTipIdAsDuplicate() {
        List<String> records = new ArrayList<>(Feeds.generated(16, 3));
        records.add(records.get(1));
        Feeds.Read read = Feeds.read(Feeds.content(records));

        assertThat(read.summary().accepted()).isEqualTo(3);
        assertThat(read.summary().rejections()).singleElement().satisfies(r -> {
            assertThat(r.code()).isEqualTo(RejectionCode.DUPLICATE_TIP);
            assertThat(r.line()).isEqualTo(5L);
            assertThat(r.tipId()).isEqualTo(tipId(records.get(1)));
        });
    }

    @Test
    void treatsTipIdsWithLeadingZerosAsDifferent() {
        String one = Feeds.line(Feeds.exampleRecord().put("tipId", "7"));
        String other = Feeds.line(Feeds.exampleRecord().put("tipId", "007"));
        assertThat(Feeds.read(Feeds.content(List.of(one, other))).summary().accepted()).isEqualTo(2);
    }

    @Test
    void rejectsRecordWithTheSamePropertyTwice() {
        String record = Feeds.line(Feeds.exampleRecord()).replaceFirst("\\{", "{\"tipId\":\"1\",");
        assertThat(onlyRejection(record).reason()).startsWith("the line has the same property twice in one object");
    }

    @Test
    void rejectsRecordFollowedBySomethingElseOnTheLine() {
        assertThat(onlyRejection(Feeds.line(Feeds.exampleRecord()) + " {}").reason())
                .isEqualTo("the line holds more than one JSON value");
    }

    @Test
    void rejectsRecordThatIsNotJsonWithoutQuotingIt() {
        Ack.Rejection rejection = onlyRejection("{\"tipId\":\"1\", secret-name}");
        assertThat(rejection.reason()).startsWith("the line is not valid JSON (column ").doesNotContain("secret");
    }

    @Test
    void rejectsRecordThatIsNotUtf8() {
        byte[] record = Feeds.line(Feeds.exampleRecord()).replace("Indore", "Ind\u00f6re").getBytes(StandardCharsets.ISO_8859_1);
        byte[] header = (Feeds.header(1) + "\n").getBytes(StandardCharsets.UTF_8);
        byte[] content = new byte[header.length + record.length];
        System.arraycopy(header, 0, content, 0, header.length);
        System.arraycopy(record, 0, content, header.length, record.length);

        Feeds.Read read = Feeds.read(content);
        assertThat(read.summary().rejections()).singleElement().extracting(Ack.Rejection::reason)
                .isEqualTo("the line is not valid UTF-8");
    }

    @Test
    void listsAThousandRejectionsButCountsThemAll() {
        List<String> records = Collections.nCopies(1_200, "{}");
        Feeds.Read read = Feeds.read(Feeds.content(records));

        assertThat(read.summary().rejected()).isEqualTo(1_200);
        assertThat(read.summary().rejections()).hasSize(FeedContent.MAX_LISTED_REJECTIONS);
        assertThat(read.summary().rejectionsTruncated()).isTrue();
        assertThat(read.listener().rejected).hasSize(1_200);
    }

    @Test
    void readsTheWholeStreamAndCountsItsBytes() throws IOException {
        byte[] content = Feeds.content(Feeds.generated(17, 5));
        CountingStream stream = new CountingStream(content);
        FeedContent summary = new FeedContentReader(Feeds.VALIDATOR, FeedLimits.defaults()).read(stream, FeedContentListener.NONE);
        assertThat(summary.contentBytes()).isEqualTo(content.length);
        assertThat(stream.reachedEnd).isTrue();
    }

    static String tipId(String record) {
        return record.replaceFirst("^.*?\"tipId\":\"([0-9]+)\".*$", "$1");
    }

    private static Ack.Rejection onlyRejection(String record) {
        Feeds.Read read = Feeds.read(Feeds.content(List.of(record)));
        assertThat(read.summary().rejectedAsWhole()).isFalse();
        assertThat(read.summary().rejections()).hasSize(1);
        assertThat(read.summary().rejections().get(0).code()).isEqualTo(RejectionCode.RECORD_INVALID);
        return read.summary().rejections().get(0);
    }

    /** Remembers whether the reader read to the end (read returned -1). */
    static final class CountingStream extends InputStream {
        private final InputStream in;
        boolean reachedEnd;

        CountingStream(byte[] content) {
            this.in = new ByteArrayInputStream(content);
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            reachedEnd |= b < 0;
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            reachedEnd |= n < 0;
            return n;
        }
    }
}
