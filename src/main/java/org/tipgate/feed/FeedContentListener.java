package org.tipgate.feed;

import com.fasterxml.jackson.databind.JsonNode;
import org.tipgate.format.Ack;
import org.tipgate.format.FeedHeader;

/**
 * Receives a feed's content as {@link FeedContentReader} reads it, in line order, on the reading
 * thread. Everything it is told is provisional: the caller checks the signature only after the
 * stream is consumed, and the returned {@link FeedContent} may still reject the feed as a whole
 * (recordCount mismatch, a limit exceeded). A listener that stages records (routing, packaging)
 * must therefore discard them unless both the signature and the summary accept the feed.
 */
public interface FeedContentListener {

    /** A listener that keeps nothing, for callers that only need the summary's counts. */
    FeedContentListener NONE = new FeedContentListener() {
        @Override
        public void header(FeedHeader header) {
        }

        @Override
        public void accepted(long line, String tipId, byte[] raw, JsonNode record) {
        }

        @Override
        public void rejected(Ack.Rejection rejection) {
        }
    };

    /** Line 1, once it has passed the header schema; called before any record. */
    void header(FeedHeader header);

    /**
     * A record that passed the schema and whose tipId is new in this feed.
     *
     * @param line 1-based over the whole content (the header is line 1)
     * @param raw the line's bytes exactly as signed, without its LF or CRLF terminator; a fresh
     *     array the listener may keep
     */
    void accepted(long line, String tipId, byte[] raw, JsonNode record);

    /** A record refused on its own (RECORD_INVALID or DUPLICATE_TIP); the rest of the feed goes on. */
    void rejected(Ack.Rejection rejection);

    /** Tells {@code first}, then {@code second}, what the reader finds. */
    static FeedContentListener both(FeedContentListener first, FeedContentListener second) {
        return new FeedContentListener() {
            @Override
            public void header(FeedHeader header) {
                first.header(header);
                second.header(header);
            }

            @Override
            public void accepted(long line, String tipId, byte[] raw, JsonNode record) {
                first.accepted(line, tipId, raw, record);
                second.accepted(line, tipId, raw, record);
            }

            @Override
            public void rejected(Ack.Rejection rejection) {
                first.rejected(rejection);
                second.rejected(rejection);
            }
        };
    }
}
