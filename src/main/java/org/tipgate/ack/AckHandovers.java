package org.tipgate.ack;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.transaction.support.TransactionTemplate;
import org.tipgate.events.Event;
import org.tipgate.events.EventLog;
import org.tipgate.events.EventType;
import org.tipgate.format.Channel;

/**
 * Records that a signed ack reached its sender (ACK_SENT): put in its {@code acks/} folder or on
 * its own server, or answered over HTTPS. The event is about the ack's feed; an ack of a feed
 * refused as a whole names no feed, and its event names the intake instead.
 */
public final class AckHandovers {

    private final AckLedger ledger;
    private final EventLog events;
    private final TransactionTemplate tx;
    private final Clock clock;

    public AckHandovers(AckLedger ledger, EventLog events, TransactionTemplate tx, Clock clock) {
        this.ledger = ledger;
        this.events = events;
        this.tx = tx;
        this.clock = clock;
    }

    /**
     * An ack is now where its sender collects it: marks it written and appends ACK_SENT, in one
     * transaction. Only the first of two writers of the same ack (the catch-up and the flow at
     * once) marks it and appends the event.
     */
    void written(AckLedger.Stored ack) {
        tx.executeWithoutResult(status -> {
            if (ledger.written(ack.ackId(), clock.instant())) {
                events.append(event(ack, ack.channel()));
            }
        });
    }

    /**
     * An ack is about to be answered over HTTPS: ACK_SENT in a short transaction of its own, just
     * before the response is written. The answer is written after this commits, so the event says
     * that the gateway handed the ack to the connection; a client that drops the connection at that
     * moment may not have it, and can fetch it again (each fetch is an ACK_SENT of its own).
     */
    public void answered(AckLedger.Stored ack) {
        tx.executeWithoutResult(status -> events.append(event(ack, Channel.HTTPS.name())));
    }

    private static Event event(AckLedger.Stored ack, String channel) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("ackId", ack.ackId());
        detail.put("stage", ack.stage().name());
        detail.put("channel", channel);
        if (ack.feedId() == null) {
            detail.put("intakeId", ack.intakeId());
        }
        return new Event(EventType.ACK_SENT, Event.SYSTEM, ack.feedId(), null, null, null, "SENT", detail);
    }
}
