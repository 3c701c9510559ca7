package org.tipgate.feed;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.tipgate.format.Ack;
import org.tipgate.format.FeedHeader;
import org.tipgate.format.RejectionCode;
import org.tipgate.testing.FuzzSupport;

/**
 * Fuzzes {@link FeedContentReader} (docs/fuzzing.md), which reads a sender's signed content, line
 * by line, through {@link JsonLine}, the header check and the record schema: it never throws on
 * content, reads the stream to its end, hears about each record line once and in order, keeps
 * the counts it reports, hands on each accepted record's exact bytes, and says the same whether
 * the stream arrives whole or in short reads. The limits are small so that TOO_LARGE is reached.
 */
class FeedContentReaderFuzzTests {

    /** 512-byte lines, 8 records, 3 KiB of content. */
    private static final FeedLimits LIMITS = new FeedLimits(512, 8, 3 * 1024);
    private static final FeedContentReader READER = new FeedContentReader(Feeds.VALIDATOR::validate, LIMITS, 2);

    @FuzzTest(maxDuration = "30s")
    void readsAnyContentToItsEndAndTellsOfEachRecordOnce(byte[] content) throws IOException {
        Reading whole = read(new ByteArrayInputStream(content));
        Reading trickled = read(FuzzSupport.trickle(content, Arrays.hashCode(content), 97));

        assertThat(trickled.summary).isEqualTo(whole.summary);
        assertThat(trickled.events).isEqualTo(whole.events);
        FeedContent summary = whole.summary;
        assertThat(summary.contentBytes()).isEqualTo(content.length);
        assertThat(summary.rejections()).hasSize((int) Math.min(summary.rejected(), FeedContent.MAX_LISTED_REJECTIONS));
        for (Ack.Rejection rejection : summary.rejections()) {
            assertThat(rejection.code()).isIn(RejectionCode.RECORD_INVALID, RejectionCode.DUPLICATE_TIP);
            assertThat(rejection.line()).isBetween(2L, summary.records() + 1);
            assertThat(rejection.reason()).isNotBlank();
        }
        if (summary.rejectedAsWhole()) {
            Ack.Rejection whole1 = summary.feedRejection();
            assertThat(whole1.code()).isIn(RejectionCode.HEADER_INVALID, RejectionCode.TOO_LARGE);
            assertThat(whole1.line()).isNull();
            assertThat(whole1.tipId()).isNull();
            assertThat(whole1.reason()).isNotBlank();
            return;
        }
        assertThat(summary.header()).isNotNull();
        assertThat(summary.records()).isEqualTo(summary.header().recordCount()).isLessThanOrEqualTo(LIMITS.maxRecords());
        assertThat(summary.accepted() + summary.rejected()).isEqualTo(summary.records());
        assertThat(whole.headers).isEqualTo(1);
        assertThat(whole.accepted).hasSize((int) summary.accepted());
        assertThat(whole.rejected).isEqualTo(summary.rejected());
        List<byte[]> lines = lines(content);
        long previous = 1;
        Set<String> tipIds = new HashSet<>();
        for (Accepted a : whole.accepted) {
            assertThat(a.line).isGreaterThan(previous);
            previous = a.line;
            assertThat(a.raw).isEqualTo(lines.get((int) a.line - 1));
            assertThat(tipIds.add(a.tipId)).as("tipId accepted twice").isTrue();
            assertThat(a.record.path("tipId").asText()).isEqualTo(a.tipId);
        }
    }

    private static Reading read(InputStream in) throws IOException {
        Reading reading = new Reading();
        reading.summary = READER.read(in, reading);
        return reading;
    }

    /** The content's lines as the reader must see them: split at LF, a CR before it dropped. */
    private static List<byte[]> lines(byte[] content) {
        List<byte[]> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= content.length; i++) {
            if (i == content.length || content[i] == '\n') {
                int end = i > start && i < content.length && content[i - 1] == '\r' ? i - 1 : i;
                lines.add(Arrays.copyOfRange(content, start, end));
                start = i + 1;
            }
        }
        return lines;
    }

    private record Accepted(long line, String tipId, byte[] raw, JsonNode record) {
    }

    /** What the listener heard, on the reading thread, in order. */
    private static final class Reading implements FeedContentListener {
        final List<String> events = new ArrayList<>();
        final List<Accepted> accepted = new ArrayList<>();
        int headers;
        long rejected;
        FeedContent summary;

        @Override
        public void header(FeedHeader header) {
            assertThat(events).as("the header comes first").isEmpty();
            headers++;
            events.add("header " + header);
        }

        @Override
        public void accepted(long line, String tipId, byte[] raw, JsonNode record) {
            assertThat(headers).as("a record before the header").isEqualTo(1);
            accepted.add(new Accepted(line, tipId, raw, record));
            events.add("accepted " + line + " " + tipId + " " + HexFormat.of().formatHex(raw));
        }

        @Override
        public void rejected(Ack.Rejection rejection) {
            assertThat(headers).as("a record before the header").isEqualTo(1);
            rejected++;
            events.add("rejected " + rejection);
        }
    }
}
