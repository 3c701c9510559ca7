package org.tipgate.feed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.tipgate.directory.LgdTables;
import org.tipgate.format.Ack;
import org.tipgate.format.FeedHeader;
import org.tipgate.format.WireJson;
import org.tipgate.record.RecordValidator;
import org.tipgate.synthetic.FeedGenerator;

/** Builds feed contents for tests and reads them with a recording listener. */
public final class Feeds {

    public static final RecordValidator VALIDATOR = new RecordValidator();
    public static final LgdTables LGD = LgdTables.bundled();

    private Feeds() {
    }

    static String header(long recordCount) {
        return new String(WireJson.toBytes(FeedHeader.of("FEED-2025-11-29.001", "ncrb", "2025-11-29T10:15:00Z", recordCount)),
                StandardCharsets.UTF_8);
    }

    /** The documented example record, as a tree to break in one place. */
    static ObjectNode exampleRecord() {
        try (InputStream in = Feeds.class.getResourceAsStream("/record/example-record.json")) {
            return (ObjectNode) WireJson.mapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String line(JsonNode record) {
        return new String(WireJson.toBytes(record), StandardCharsets.UTF_8);
    }

    /** Records written by the generator, one string per line. */
    public static List<String> generated(long seed, int count) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            new FeedGenerator(LGD).write(seed, count, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return List.of(out.toString(StandardCharsets.UTF_8).split("\n"));
    }

    /** A header declaring the right count, then the records, each ending in LF. */
    static byte[] content(List<String> records) {
        StringBuilder text = new StringBuilder(header(records.size())).append('\n');
        records.forEach(r -> text.append(r).append('\n'));
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    static Read read(byte[] content) {
        return read(content, FeedLimits.defaults());
    }

    static Read read(byte[] content, FeedLimits limits) {
        Recorder recorder = new Recorder();
        try {
            FeedContent summary = new FeedContentReader(VALIDATOR, limits).read(new ByteArrayInputStream(content), recorder);
            return new Read(summary, recorder);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    record Read(FeedContent summary, Recorder listener) {
    }

    record Accepted(long line, String tipId, byte[] raw) {
    }

    static final class Recorder implements FeedContentListener {
        final List<FeedHeader> headers = new ArrayList<>();
        final List<Accepted> accepted = new ArrayList<>();
        final List<Ack.Rejection> rejected = new ArrayList<>();

        @Override
        public void header(FeedHeader header) {
            headers.add(header);
        }

        @Override
        public void accepted(long line, String tipId, byte[] raw, JsonNode record) {
            accepted.add(new Accepted(line, tipId, raw));
        }

        @Override
        public void rejected(Ack.Rejection rejection) {
            rejected.add(rejection);
        }
    }
}
