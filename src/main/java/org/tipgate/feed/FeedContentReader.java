package org.tipgate.feed;

import java.io.IOException;
import java.io.InputStream;
import org.tipgate.record.RecordValidator;

/**
 * Reads a feed's signed content (DESIGN.md 2.1: UTF-8 JSON Lines, header on line 1) as a stream,
 * one line in memory at a time. Content problems never throw: the caller verifies the signature
 * after the stream is consumed, and a bad signature must win over bad content, so problems are
 * reported to the listener and in the returned summary, and the stream is always read to its end.
 * Thread-safe; one instance serves all feeds.
 */
public final class FeedContentReader {

    private final RecordValidator validator;
    private final FeedLimits limits;
    private final HeaderCheck headerCheck = new HeaderCheck();

    public FeedContentReader(RecordValidator validator, FeedLimits limits) {
        this.validator = validator;
        this.limits = limits;
    }

    /**
     * Reads the content to its end, telling the listener about the header and each record in line
     * order. Line numbers are 1-based over the whole content; the LF or CRLF that ends a line is not
     * part of it, and blank lines at the very end are ignored.
     *
     * @return the header, the whole-feed rejection if any (HEADER_INVALID or TOO_LARGE), and counts
     * @throws IOException only if the stream itself fails; the stream is not closed
     */
    public FeedContent read(InputStream content, FeedContentListener listener) throws IOException {
        return new ContentRun(new LineInput(content, limits), headerCheck, validator, limits, listener).run();
    }
}
