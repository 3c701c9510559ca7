package org.tipgate.format;

/**
 * Line 1 of a feed's signed content (docs/formats.md#feed-header-line-1). Being inside the
 * signature, it binds the feed id and the sender to the content, whatever the file is called.
 */
public record FeedHeader(String type, int version, String feedId, String sender, String createdAt, long recordCount) {

    public static final String TYPE = "tipgate-feed";
    public static final int VERSION = 1;
    /**
     * The feed id grammar (docs/formats.md#feed-header-line-1); the header schema holds the same
     * pattern.
     */
    public static final String FEED_ID_PATTERN = "[A-Za-z0-9][A-Za-z0-9._-]{0,127}";

    public static FeedHeader of(String feedId, String sender, String createdAt, long recordCount) {
        return new FeedHeader(TYPE, VERSION, feedId, sender, createdAt, recordCount);
    }
}
