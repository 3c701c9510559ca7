package org.tipgate.api;

import java.time.Duration;

/**
 * A post refused for now, unread: the sender's posts being received already hold as much scratch
 * space as one sender may ({@code tipgate.limits.max-scratch-bytes-per-sender}). Nothing of the post
 * was accepted or recorded; the sender may send it again once an earlier post has been answered.
 */
public final class ScratchSpaceFullException extends Exception {

    private final transient Duration retryAfter;

    ScratchSpaceFullException(String agency, long held, long wanted, long limit, Duration retryAfter) {
        super("the posts of " + agency + " being received hold " + held + " bytes of scratch space; " + wanted
                + " more would pass the " + limit + " bytes one sender's posts may hold at once");
        this.retryAfter = retryAfter;
    }

    /** When to send the post again. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
