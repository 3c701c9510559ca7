package org.tipgate.intake;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import org.tipgate.ack.AckBuilder;
import org.tipgate.ack.AckSigner;
import org.tipgate.feed.FeedContentListener;
import org.tipgate.feed.FeedLedger;
import org.tipgate.feed.FeedVerifier;
import org.tipgate.feed.FeedVerifier.VerifiedFeed;
import org.tipgate.format.Ack;
import org.tipgate.format.RejectedException;
import org.tipgate.format.RejectionCode;

/**
 * The steps of taking a feed in over SFTP, each called by one step of the {@code feed-intake}
 * flow: keep it as evidence, verify it, record it (a replay is refused there), and answer the
 * sender with the signed RECEIVED ack in its {@code acks/} folder.
 */
public final class FeedIntake {

    /** A file an agency finished uploading. */
    public record Upload(String agency, AccountFolder folder, Path file) {
    }

    /** An upload kept as evidence. */
    public record Taken(Upload upload, EvidenceSpool.Spooled spooled) {
    }

    /** A feed whose signature and header hold. */
    public record Verified(Taken taken, VerifiedFeed feed) {
    }

    private final EvidenceSpool spool;
    private final FeedVerifier verifier;
    private final FeedLedger ledger;
    private final AckBuilder acks;
    private final AckSigner signer;
    private final Path sftpRoot;
    private final Clock clock;

    public FeedIntake(EvidenceSpool spool, FeedVerifier verifier, FeedLedger ledger, AckSigner signer, Path sftpRoot,
                      Clock clock) {
        this.spool = spool;
        this.verifier = verifier;
        this.ledger = ledger;
        this.acks = new AckBuilder(clock);
        this.signer = signer;
        this.sftpRoot = sftpRoot;
        this.clock = clock;
    }

    public Taken spool(Upload upload) throws IOException {
        return new Taken(upload, spool.take(upload.file()));
    }

    /**
     * Verifies the spooled feed (streamed back from the evidence, so what is verified is what is
     * kept) and records it; the feed must name as sender the account it was uploaded by.
     */
    public Verified verify(Taken taken) throws IOException, RejectedException {
        VerifiedFeed feed = spool.read(taken.spooled().id(),
                in -> verifier.verify(new BufferedInputStream(in, 1 << 16), FeedContentListener.NONE));
        String sender = feed.content().header().sender();
        if (!sender.equals(taken.upload().agency())) {
            throw new RejectedException(RejectionCode.SIGNER_UNTRUSTED, "uploaded by account " + taken.upload().agency()
                    + " but names sender " + sender);
        }
        ledger.record(new FeedLedger.Entry(feed.content().header().feedId(), taken.spooled().sha256(), sender, "SFTP",
                clock.instant()));
        return new Verified(taken, feed);
    }

    public void received(Verified verified) throws IOException {
        Ack ack = acks.received(verified.taken().spooled().sha256(), verified.feed());
        write(verified.taken().upload().agency(), ack);
    }

    /** Answers a feed refused as a whole; {@code body} is what the flow held when it was refused. */
    public void rejected(Object body, RejectedException refusal) throws IOException {
        Taken taken = body instanceof Verified v ? v.taken() : body instanceof Taken t ? t : null;
        if (taken == null) {
            throw new IOException("a feed was refused before it was kept as evidence: " + refusal);
        }
        write(taken.upload().agency(), acks.rejected(taken.spooled().id(), taken.spooled().sha256(), refusal));
    }

    private void write(String agency, Ack ack) throws IOException {
        Path dir = sftpRoot.resolve(agency).resolve(AccountFolder.ACKS.directoryName());
        Path target = dir.resolve(ack.ackId() + ".p7m");
        Path partial = dir.resolve(ack.ackId() + ".p7m.partial");
        Files.write(partial, signer.sign(ack));
        Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
