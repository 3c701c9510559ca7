package org.tipgate.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tipgate.ack.AckHandovers;
import org.tipgate.ack.AckLedger;
import org.tipgate.ack.SignedAck;
import org.tipgate.crypto.SealedSpool;
import org.tipgate.feed.FeedLedger;
import org.tipgate.feed.FeedLimits;
import org.tipgate.format.Ack;
import org.tipgate.intake.Arrival;
import org.tipgate.outbox.Outbox;

/**
 * The pipeline behind the HTTPS API. A posted body is read into an encrypted scratch file and
 * handed to the {@code https-intake} flow, whose answer is the signed ack. A body that declares
 * more bytes than a feed may have is refused TOO_LARGE on that declaration alone, before a byte of
 * it is read; one that declares nothing (chunked) is read to one byte more than a feed may have at
 * most, and refused TOO_LARGE there. What a sender's posts hold in scratch space at once is bounded
 * ({@link SenderScratch}): a post that would pass the bound is refused for now, unread
 * ({@link ScratchSpaceFullException}). Status and acks are read from the database, and only for the
 * feed's own sender. Every ack answered (posted feed or fetch) is recorded as ACK_SENT in a short
 * transaction of its own just before the answer goes out ({@link AckHandovers#answered}): the
 * response is written after any transaction has ended.
 */
public final class HttpsFeeds implements FeedService {

    private static final Logger LOG = LoggerFactory.getLogger(HttpsFeeds.class);
    /** A chunked body reserves scratch space this much at a time as it arrives. */
    private static final long STEP = 1 << 20;

    private final FeedLimits limits;
    private final SenderScratch scratchSpace;
    private final Function<Arrival.Posted, SignedAck> flow;
    private final FeedLedger feeds;
    private final Outbox outbox;
    private final AckLedger acks;
    private final AckHandovers handovers;

    /** @param scratchPerSender the most bytes one sender's posts may hold in scratch space at once */
    public HttpsFeeds(FeedLimits limits, long scratchPerSender, Function<Arrival.Posted, SignedAck> flow,
                      FeedLedger feeds, Outbox outbox, AckLedger acks, AckHandovers handovers) {
        if (scratchPerSender < limits.maxFeedBytes() + 1) {
            throw new IllegalArgumentException("scratch space per sender (" + scratchPerSender
                    + " bytes) must hold at least the largest feed and one byte more (" + (limits.maxFeedBytes() + 1)
                    + ")");
        }
        this.limits = limits;
        this.scratchSpace = new SenderScratch(scratchPerSender);
        this.flow = flow;
        this.feeds = feeds;
        this.outbox = outbox;
        this.acks = acks;
        this.handovers = handovers;
    }

    @Override
    public SignedAck submit(String agency, long declaredLength, InputStream body)
            throws IOException, ScratchSpaceFullException {
        if (declaredLength > limits.maxFeedBytes()) {
            return answered(flow.apply(Arrival.Posted.unread(agency, declaredLength)));
        }
        long cap = limits.maxFeedBytes() + 1;
        try (SenderScratch.Reservation room = reserve(agency, Math.max(declaredLength, 0));
             SealedSpool scratch = SealedSpool.create()) {
            try (OutputStream out = scratch.output()) {
                byte[] buffer = new byte[1 << 16];
                long copied = 0;
                for (int n = read(agency, declaredLength, body, buffer, copied, cap); n > 0;
                     n = read(agency, declaredLength, body, buffer, copied, cap)) {
                    if (copied + n > room.bytes()) {
                        grow(room, Math.min(cap, copied + n + STEP));
                    }
                    out.write(buffer, 0, n);
                    copied += n;
                    if (copied == cap) {
                        break;
                    }
                }
            }
            return answered(flow.apply(new Arrival.Posted(agency, scratch)));
        }
    }

    /**
     * The next bytes of the body, at most up to {@code cap} in all; a failure to read them is the
     * client's ({@link UnfinishedBodyException}), told apart from the gateway's own (its scratch
     * file, the flow), which stay plain IOExceptions.
     */
    private static int read(String agency, long declared, InputStream body, byte[] buffer, long copied, long cap)
            throws UnfinishedBodyException {
        try {
            return body.read(buffer, 0, (int) Math.min(buffer.length, cap - copied));
        } catch (IOException e) {
            throw new UnfinishedBodyException(agency, copied, declared, e);
        }
    }

    /** The bytes a sender's posts hold in scratch space now. */
    long scratchHeld(String agency) {
        return scratchSpace.held(agency);
    }

    private SenderScratch.Reservation reserve(String agency, long bytes) throws ScratchSpaceFullException {
        try {
            return scratchSpace.reserve(agency, bytes);
        } catch (ScratchSpaceFullException e) {
            LOG.warn("HTTPS intake: a post from {} refused for now, unread: {}", agency, e.getMessage());
            throw e;
        }
    }

    private static void grow(SenderScratch.Reservation room, long total) throws ScratchSpaceFullException {
        try {
            room.growTo(total);
        } catch (ScratchSpaceFullException e) {
            LOG.warn("HTTPS intake: a chunked post refused for now after {} bytes: {}", room.bytes(), e.getMessage());
            throw e;
        }
    }

    private SignedAck answered(SignedAck answer) throws IOException {
        if (answer == null) {
            throw new IOException("the https-intake flow gave no answer");
        }
        handovers.answered(acks.byId(answer.ack().ackId()).orElseThrow(() -> new IOException("the ack "
                + answer.ack().ackId() + " the https-intake flow answered with is not recorded")));
        return answer;
    }

    @Override
    public Optional<FeedStatus> status(String agency, String feedId) {
        return feeds.feed(feedId).filter(f -> f.entry().sender().equals(agency)).map(f -> new FeedStatus(
                f.feedId(), f.entry().sender(), f.state().name(), f.entry().receivedAt(),
                new Ack.Counts(f.verification().records(), f.verification().accepted(), f.verification().rejected(),
                        f.quarantined()),
                outbox.byFeed(feedId).stream().map(p -> new PackageStatus(p.recipient(), p.packageId(), p.records(),
                        p.state().name(), p.deliveredAt(), p.receiptSha256())).toList()));
    }

    /** The ack, after its ACK_SENT event (in a transaction of its own) when there is one to answer with. */
    @Override
    public Optional<SignedAck> ack(String agency, String feedId, Ack.Stage stage) {
        Optional<AckLedger.Stored> stored = acks.byFeed(feedId, stage).filter(a -> a.agency().equals(agency));
        stored.ifPresent(handovers::answered);
        return stored.map(a -> new SignedAck(AckLedger.document(a), a.signed()));
    }
}
