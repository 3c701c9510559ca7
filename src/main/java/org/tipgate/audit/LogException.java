package org.tipgate.audit;

import java.util.OptionalLong;

/**
 * An exported log or a custody report that does not hold, with the first sequence number from
 * which its events are not proven (docs/audit.md). It is empty only when not even that can be
 * read, such as from an export without a readable header.
 */
public class LogException extends ProofException {

    private static final long serialVersionUID = 1L;

    private final long firstBadSeq;

    public LogException(long firstBadSeq, String message) {
        this(firstBadSeq, message, null);
    }

    public LogException(long firstBadSeq, String message, Throwable cause) {
        super(message, cause);
        this.firstBadSeq = firstBadSeq < 0 ? -1 : firstBadSeq;
    }

    /** When no sequence number can be named. */
    public static LogException unplaced(String message, Throwable cause) {
        return new LogException(-1, message, cause);
    }

    public OptionalLong firstBadSeq() {
        return firstBadSeq < 0 ? OptionalLong.empty() : OptionalLong.of(firstBadSeq);
    }
}
