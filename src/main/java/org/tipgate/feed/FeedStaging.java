package org.tipgate.feed;

/**
 * Where a feed's records go while verification streams them, so that the next step (routing and
 * packaging) need not read the feed a second time. Whatever a stage is told is provisional, as
 * for any {@link FeedContentListener}: it is handed over with the feed's verdict, under the
 * intake's id (never the feedId a sender chose, which a replay shares), and discarded otherwise.
 */
public interface FeedStaging {

    /** A stage for one feed's verification. */
    Stage begin();

    /** One feed's records as verification streams them. */
    interface Stage extends FeedContentListener {

        /**
         * The feed's verdict is being recorded, from intake {@code intakeId}: hand what was staged
         * over, for the next step to take once the verdict has committed.
         */
        void verified(String intakeId);

        /**
         * The feed was refused, or recording its verdict failed: let go of what was staged, also
         * when it was handed over already.
         */
        void discard();
    }
}
