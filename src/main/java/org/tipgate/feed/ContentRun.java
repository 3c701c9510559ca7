package org.tipgate.feed;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.tipgate.format.Ack;
import org.tipgate.format.FeedHeader;
import org.tipgate.format.RejectionCode;
import org.tipgate.record.RecordValidator;

/** The state of reading one feed's content; used once, by one thread. */
final class ContentRun {

    /** Enough problems for a sender to fix a record; the rest are counted. */
    private static final int PROBLEMS_PER_RECORD = 3;

    private final LineInput input;
    private final HeaderCheck headerCheck;
    private final RecordValidator validator;
    private final FeedLimits limits;
    private final FeedContentListener listener;
    private final JsonLine json = new JsonLine();
    private final TipIdSet tipIds = new TipIdSet();
    private final List<Ack.Rejection> listed = new ArrayList<>();
    private FeedHeader header;
    private Ack.Rejection feedRejection;
    private long line;
    private long records;
    private long accepted;
    private long rejected;
    /** Blank lines not yet counted: they are only records if a non-blank line follows them. */
    private long pendingBlankLines;

    ContentRun(LineInput input, HeaderCheck headerCheck, RecordValidator validator, FeedLimits limits,
            FeedContentListener listener) {
        this.input = input;
        this.headerCheck = headerCheck;
        this.validator = validator;
        this.limits = limits;
        this.listener = listener;
    }

    FeedContent run() throws IOException {
        if (readHeader()) {
            readRecords();
        }
        input.drain();
        if (feedRejection == null && header.recordCount() != records) {
            feedRejection = whole(RejectionCode.HEADER_INVALID, "the header declares recordCount " + header.recordCount()
                    + " but the content has " + records + " record lines");
        }
        return new FeedContent(header, feedRejection, records, accepted, rejected, listed, input.consumed());
    }

    private boolean readHeader() throws IOException {
        line = 1;
        LineInput.Next next = input.next();
        if (next == LineInput.Next.END) {
            feedRejection = whole(RejectionCode.HEADER_INVALID, "the content is empty: line 1 must be the feed header");
            return false;
        }
        if (exceedsLimit(next)) {
            return false;
        }
        HeaderCheck.Result result = headerCheck.check(input.bytes(), input.length(), json);
        header = result.header();
        if (header == null) {
            feedRejection = whole(RejectionCode.HEADER_INVALID, result.problem());
            return false;
        }
        if (header.recordCount() > limits.maxRecords()) {
            feedRejection = whole(RejectionCode.TOO_LARGE, "the header declares " + header.recordCount()
                    + " records, more than the limit of " + limits.maxRecords());
            return false;
        }
        listener.header(header);
        return true;
    }

    private void readRecords() throws IOException {
        for (LineInput.Next next = input.next(); next != LineInput.Next.END; next = input.next()) {
            line++;
            if (exceedsLimit(next)) {
                return;
            }
            if (JsonLine.isBlank(input.bytes(), input.length())) {
                pendingBlankLines++;
                continue;
            }
            for (long blank = line - pendingBlankLines; blank < line; blank++) {
                if (!countRecord()) {
                    return;
                }
                reject(blank, null, RejectionCode.RECORD_INVALID, "the line is blank");
            }
            pendingBlankLines = 0;
            if (!countRecord()) {
                return;
            }
            record(input.bytes(), input.length());
        }
    }

    private void record(byte[] bytes, int length) {
        JsonLine.Parsed parsed = json.parse(bytes, length);
        if (parsed.node() == null) {
            reject(line, null, RejectionCode.RECORD_INVALID, "the line " + parsed.problem());
            return;
        }
        String tipId = tipIdOf(parsed.node());
        if (tipId != null && !tipIds.add(tipId)) {
            reject(line, tipId, RejectionCode.DUPLICATE_TIP, "the tipId appears on an earlier line of this feed");
            return;
        }
        List<String> problems = validator.validate(parsed.node());
        if (!problems.isEmpty()) {
            reject(line, tipId, RejectionCode.RECORD_INVALID, Reasons.firstOf(problems, PROBLEMS_PER_RECORD));
            return;
        }
        accepted++;
        listener.accepted(line, tipId, Arrays.copyOf(bytes, length), parsed.node());
    }

    private boolean countRecord() {
        if (records == limits.maxRecords()) {
            feedRejection = whole(RejectionCode.TOO_LARGE, "the content has more than the limit of "
                    + limits.maxRecords() + " records");
            return false;
        }
        records++;
        return true;
    }

    private boolean exceedsLimit(LineInput.Next next) {
        if (next == LineInput.Next.LINE_TOO_LONG) {
            feedRejection = whole(RejectionCode.TOO_LARGE, "line " + line + " is longer than the limit of "
                    + limits.maxLineBytes() + " bytes");
        } else if (next == LineInput.Next.CONTENT_TOO_LARGE) {
            feedRejection = whole(RejectionCode.TOO_LARGE, "the content is longer than the limit of "
                    + limits.maxContentBytes() + " bytes");
        }
        return feedRejection != null;
    }

    private void reject(long at, String tipId, RejectionCode code, String reason) {
        Ack.Rejection rejection = new Ack.Rejection(at, tipId, code, reason);
        rejected++;
        if (listed.size() < FeedContent.MAX_LISTED_REJECTIONS) {
            listed.add(rejection);
        }
        listener.rejected(rejection);
    }

    /** The record's tipId if it is a well-formed one; anything else is not echoed into the ack. */
    private static String tipIdOf(JsonNode record) {
        JsonNode tipId = record.path("tipId");
        if (!tipId.isTextual()) {
            return null;
        }
        String text = tipId.textValue();
        if (text.isEmpty() || text.length() > 20) {
            return null;
        }
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return null;
            }
        }
        return text;
    }

    private static Ack.Rejection whole(RejectionCode code, String reason) {
        return new Ack.Rejection(null, null, code, reason);
    }
}
