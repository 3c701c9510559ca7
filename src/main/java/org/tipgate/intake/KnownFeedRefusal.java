package org.tipgate.intake;

import org.tipgate.format.RejectedException;

/**
 * A feed refused as a whole after its signature and header were verified (a REPLAY, or a sender
 * other than the agency that brought it): unlike a refusal before that, its feed id is known, and
 * its ack is named by it ({@link org.tipgate.ack.AckBuilder#refusedAckId}).
 */
final class KnownFeedRefusal extends RejectedException {

    private final String feedId;

    KnownFeedRefusal(String feedId, RejectedException refusal) {
        super(refusal.code(), refusal.reason(), refusal);
        this.feedId = feedId;
    }

    String feedId() {
        return feedId;
    }
}
