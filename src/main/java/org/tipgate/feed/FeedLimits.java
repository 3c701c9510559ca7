package org.tipgate.feed;

/**
 * Limits that make a feed {@code TOO_LARGE} as a whole. They bound what one feed can cost the
 * gateway (memory for one line, time and duplicate-tracking memory for the records), so a hostile
 * or broken sender cannot exhaust it.
 *
 * @param maxLineBytes longest line accepted, in bytes, not counting its line terminator; one line is
 *     held in memory at a time, so this bounds the reader's memory (default 1 MiB)
 * @param maxRecords most record lines accepted in one feed, not counting the header (default
 *     1,000,000); the duplicate-tipId check keeps a few bytes per record, so this bounds that too
 * @param maxContentBytes most bytes of signed content accepted in one feed, line terminators
 *     included (default 2 GiB, the most one CMS container can hold)
 */
public record FeedLimits(int maxLineBytes, long maxRecords, long maxContentBytes) {

    public static final int DEFAULT_MAX_LINE_BYTES = 1024 * 1024;
    public static final long DEFAULT_MAX_RECORDS = 1_000_000;
    public static final long DEFAULT_MAX_CONTENT_BYTES = Integer.MAX_VALUE;

    public FeedLimits {
        if (maxLineBytes < 1 || maxRecords < 0 || maxContentBytes < 1) {
            throw new IllegalArgumentException("feed limits must be positive: maxLineBytes=" + maxLineBytes
                    + ", maxRecords=" + maxRecords + ", maxContentBytes=" + maxContentBytes);
        }
    }

    /**
     * The largest feed file (the whole CMS container) worth reading: the content, plus what may
     * follow it (certificates, CRLs and SignerInfos, which the verifier caps at 1 MiB), plus room for
     * the structure before it. A larger upload is TOO_LARGE before a byte of it is parsed.
     */
    public long maxFeedBytes() {
        return maxContentBytes + 1024 * 1024 + 64 * 1024;
    }

    /** 1 MiB per line, 1,000,000 records, 2 GiB of content. */
    public static FeedLimits defaults() {
        return new FeedLimits(DEFAULT_MAX_LINE_BYTES, DEFAULT_MAX_RECORDS, DEFAULT_MAX_CONTENT_BYTES);
    }
}
