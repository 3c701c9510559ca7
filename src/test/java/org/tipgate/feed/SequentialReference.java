package org.tipgate.feed;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.tipgate.format.Ack;
import org.tipgate.format.FeedHeader;
import org.tipgate.format.RejectionCode;

/**
 * What reading a feed must give, worked out the plain way for tests: the whole content split into
 * lines in memory, each record parsed ({@link JsonLine}) and validated one after another on one
 * thread, tipIds in an ordinary set. It shares no code with the reader's record pipeline, so a
 * mistake there (an order, a verdict, a count) shows up as a difference. It knows every limit but
 * maxContentBytes, whose moment depends on how the stream is read.
 */
final class SequentialReference {

    /** One call the listener got, in a form that compares by value. */
    record Call(String kind, Long line, String tipId, String raw, JsonNode record, Ack.Rejection rejection) {

        static Call header(FeedHeader header) {
            return new Call("header " + header, null, null, null, null, null);
        }

        static Call accepted(long line, String tipId, byte[] raw, JsonNode record) {
            return new Call("accepted", line, tipId, new String(raw, StandardCharsets.ISO_8859_1), record, null);
        }

        static Call rejected(Ack.Rejection rejection) {
            return new Call("rejected", rejection.line(), rejection.tipId(), null, null, rejection);
        }
    }

    record Result(FeedContent summary, List<Call> calls) {
    }

    /** A listener that notes its calls and the threads they came on. */
    static final class Calls implements FeedContentListener {
        final List<Call> calls = new ArrayList<>();
        final Set<Thread> threads = new HashSet<>();

        @Override
        public void header(FeedHeader header) {
            threads.add(Thread.currentThread());
            calls.add(Call.header(header));
        }

        @Override
        public void accepted(long line, String tipId, byte[] raw, JsonNode record) {
            threads.add(Thread.currentThread());
            calls.add(Call.accepted(line, tipId, raw, record));
        }

        @Override
        public void rejected(Ack.Rejection rejection) {
            threads.add(Thread.currentThread());
            calls.add(Call.rejected(rejection));
        }
    }

    private SequentialReference() {
    }

    static Result read(byte[] content, FeedLimits limits) {
        return read(content, limits, Feeds.VALIDATOR::validate);
    }

    static Result read(byte[] content, FeedLimits limits, Function<JsonNode, List<String>> validate) {
        List<byte[]> lines = lines(content);
        List<Call> calls = new ArrayList<>();
        List<Ack.Rejection> all = new ArrayList<>();
        JsonLine json = new JsonLine();
        if (lines.isEmpty()) {
            return whole(null, 0, all, calls, content, RejectionCode.HEADER_INVALID,
                    "the content is empty: line 1 must be the feed header");
        }
        if (lines.get(0).length > limits.maxLineBytes()) {
            return whole(null, 0, all, calls, content, RejectionCode.TOO_LARGE,
                    "line 1 is longer than the limit of " + limits.maxLineBytes() + " bytes");
        }
        HeaderCheck.Result headerResult = new HeaderCheck().check(lines.get(0), lines.get(0).length, json);
        FeedHeader header = headerResult.header();
        if (header == null) {
            return whole(null, 0, all, calls, content, RejectionCode.HEADER_INVALID, headerResult.problem());
        }
        if (header.recordCount() > limits.maxRecords()) {
            return whole(header, 0, all, calls, content, RejectionCode.TOO_LARGE, "the header declares "
                    + header.recordCount() + " records, more than the limit of " + limits.maxRecords());
        }
        calls.add(Call.header(header));
        Set<String> tipIds = new HashSet<>();
        long records = 0;
        // Blank lines are records only when a non-blank line follows them.
        List<Long> blanks = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            long lineNumber = i + 1;
            byte[] line = lines.get(i);
            if (line.length > limits.maxLineBytes()) {
                return whole(header, records, all, calls, content, RejectionCode.TOO_LARGE,
                        "line " + lineNumber + " is longer than the limit of " + limits.maxLineBytes() + " bytes");
            }
            if (blank(line)) {
                blanks.add(lineNumber);
                continue;
            }
            List<Long> recordLines = new ArrayList<>(blanks);
            recordLines.add(lineNumber);
            blanks.clear();
            for (long at : recordLines) {
                if (records == limits.maxRecords()) {
                    return whole(header, records, all, calls, content, RejectionCode.TOO_LARGE,
                            "the content has more than the limit of " + limits.maxRecords() + " records");
                }
                records++;
                Ack.Rejection rejection = verdict(lines.get((int) at - 1), at, json, tipIds, validate, calls);
                if (rejection != null) {
                    all.add(rejection);
                    calls.add(Call.rejected(rejection));
                }
            }
        }
        Ack.Rejection feedRejection = header.recordCount() == records ? null : new Ack.Rejection(null, null,
                RejectionCode.HEADER_INVALID, "the header declares recordCount " + header.recordCount()
                        + " but the content has " + records + " record lines");
        return new Result(summary(header, feedRejection, records, all, content), calls);
    }

    /** The rejection of one record line, or null after telling the listener it was accepted. */
    private static Ack.Rejection verdict(byte[] line, long at, JsonLine json, Set<String> tipIds,
            Function<JsonNode, List<String>> validate, List<Call> calls) {
        if (blank(line)) {
            return new Ack.Rejection(at, null, RejectionCode.RECORD_INVALID, "the line is blank");
        }
        JsonLine.Parsed parsed = json.parse(line, line.length);
        if (parsed.node() == null) {
            return new Ack.Rejection(at, null, RejectionCode.RECORD_INVALID, "the line " + parsed.problem());
        }
        JsonNode tipIdNode = parsed.node().path("tipId");
        String tipId = tipIdNode.isTextual() && tipIdNode.textValue().matches("[0-9]{1,20}") ? tipIdNode.textValue() : null;
        if (tipId != null && !tipIds.add(tipId)) {
            return new Ack.Rejection(at, tipId, RejectionCode.DUPLICATE_TIP, "the tipId appears on an earlier line of this feed");
        }
        List<String> problems = validate.apply(parsed.node());
        if (!problems.isEmpty()) {
            String shown = String.join("; ", problems.subList(0, Math.min(3, problems.size())));
            return new Ack.Rejection(at, tipId, RejectionCode.RECORD_INVALID,
                    problems.size() > 3 ? shown + " (and " + (problems.size() - 3) + " more)" : shown);
        }
        calls.add(Call.accepted(at, tipId, line, parsed.node()));
        return null;
    }

    private static Result whole(FeedHeader header, long records, List<Ack.Rejection> all, List<Call> calls,
            byte[] content, RejectionCode code, String reason) {
        return new Result(summary(header, new Ack.Rejection(null, null, code, reason), records, all, content), calls);
    }

    private static FeedContent summary(FeedHeader header, Ack.Rejection feedRejection, long records,
            List<Ack.Rejection> all, byte[] content) {
        long rejected = all.size();
        return new FeedContent(header, feedRejection, records, records - rejected, rejected,
                all.subList(0, Math.min(all.size(), FeedContent.MAX_LISTED_REJECTIONS)), content.length);
    }

    /** LF ends a line and a CR before it goes with it; a last line needs no LF. */
    static List<byte[]> lines(byte[] content) {
        List<byte[]> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= content.length; i++) {
            if (i == content.length ? i > start : content[i] == '\n') {
                int end = i > start && content[i - 1] == '\r' ? i - 1 : i;
                lines.add(Arrays.copyOfRange(content, start, end));
                start = i + 1;
            }
        }
        return lines;
    }

    private static boolean blank(byte[] line) {
        for (byte b : line) {
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return true;
    }
}
