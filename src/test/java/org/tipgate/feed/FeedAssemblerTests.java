package org.tipgate.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tipgate.format.FeedHeader;

class FeedAssemblerTests {

    @TempDir
    Path dir;

    @Test
    void putsTheHeaderInFrontOfTheRecordsKeptByteForByte() throws IOException {
        Path records = write("{\"a\":1}\r\n{\"b\":\"\u0939\"}\n");
        FeedHeader header = FeedHeader.of("f-1", "ncrb", "2026-11-22T10:00:00Z", FeedAssembler.countRecords(records));

        String content = read(FeedAssembler.content(header, records).open());

        assertThat(content).isEqualTo("{\"type\":\"tipgate-feed\",\"version\":1,\"feedId\":\"f-1\",\"sender\":\"ncrb\","
                + "\"createdAt\":\"2026-11-22T10:00:00Z\",\"recordCount\":2}\n{\"a\":1}\r\n{\"b\":\"\u0939\"}\n");
    }

    @Test
    void endsTheLastRecordWithALineFeedWhenTheFileDoesNot() throws IOException {
        Path records = write("{\"a\":1}\n{\"b\":2}");
        FeedHeader header = FeedHeader.of("f-1", "ncrb", "2026-11-22T10:00:00Z", FeedAssembler.countRecords(records));

        var content = FeedAssembler.content(header, records);

        assertThat(header.recordCount()).isEqualTo(2);
        assertThat(read(content.open())).endsWith("{\"a\":1}\n{\"b\":2}\n");
        assertThat(content.length()).isEqualTo(read(content.open()).getBytes(StandardCharsets.UTF_8).length);
    }

    @Test
    void refusesABlankLineBetweenRecords() throws IOException {
        Path records = write("{\"a\":1}\n\n{\"b\":2}\n");

        assertThatThrownBy(() -> FeedAssembler.countRecords(records)).hasMessageContaining("line 2 is blank");
    }

    @Test
    void namesADefaultFeedIdAfterTheSenderAndTheTime() {
        String id = FeedAssembler.defaultFeedId("ncrb", Instant.parse("2026-11-22T10:15:30.123Z"));

        assertThat(id).isEqualTo("ncrb-20261122T101530Z").matches(FeedHeader.FEED_ID_PATTERN);
    }

    private Path write(String text) throws IOException {
        return Files.writeString(dir.resolve("records.jsonl"), text, StandardCharsets.UTF_8);
    }

    private static String read(InputStream in) throws IOException {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
