package org.tipgate.feed;

import java.util.List;
import org.tipgate.format.Ack;
import org.tipgate.format.FeedHeader;

/**
 * What {@link FeedContentReader} found in a feed's content.
 *
 * @param header line 1, or null if it was missing or invalid
 * @param feedRejection the refusal of the whole feed (HEADER_INVALID or TOO_LARGE; line and tipId
 *     null), or null; when set, nothing of the feed may be routed
 * @param records record lines read (the header and trailing blank lines not counted)
 * @param accepted records passed to the listener as accepted
 * @param rejected records refused on their own
 * @param rejections the first {@link #MAX_LISTED_REJECTIONS} record refusals, in line order
 * @param contentBytes bytes consumed from the stream, which is always read to its end
 */
public record FeedContent(
        FeedHeader header,
        Ack.Rejection feedRejection,
        long records,
        long accepted,
        long rejected,
        List<Ack.Rejection> rejections,
        long contentBytes) {

    /** Enough for a sender to see the pattern of its mistakes without an unbounded acknowledgement. */
    public static final int MAX_LISTED_REJECTIONS = 1000;

    public FeedContent {
        rejections = List.copyOf(rejections);
    }

    public boolean rejectedAsWhole() {
        return feedRejection != null;
    }

    /** True when more records were refused than {@link #rejections()} lists. */
    public boolean rejectionsTruncated() {
        return rejected > rejections.size();
    }
}
