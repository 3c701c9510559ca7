package org.tipgate.feed;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.atomic.AtomicReference;
import org.tipgate.crypto.SignatureVerifier;
import org.tipgate.crypto.VerifiedSignature;
import org.tipgate.format.Ack;
import org.tipgate.format.RejectedException;

/**
 * The gateway's verification of one feed: the CMS policy, then the content (header, schema,
 * limits, duplicates), then the binding of the signer to the sender the header names
 * ({@link SenderBinding}). The content
 * streams through the reader while the signature is digested, and nothing it found counts unless
 * the signature holds: a forged feed is refused for its signature, never for its content.
 */
public final class FeedVerifier {

    /** A feed whose signature and header hold; its records may still be partly rejected. */
    public record VerifiedFeed(VerifiedSignature signature, FeedContent content) {

        public Ack.Status status() {
            return content.rejected() == 0 ? Ack.Status.ACCEPTED
                    : content.accepted() == 0 ? Ack.Status.REJECTED : Ack.Status.PARTIAL;
        }
    }

    private final SignatureVerifier verifier;
    private final FeedContentReader reader;
    private final SenderBinding senders;

    public FeedVerifier(SignatureVerifier verifier, FeedContentReader reader, SenderBinding senders) {
        this.verifier = verifier;
        this.reader = reader;
        this.senders = senders;
    }

    /**
     * @param listener sees each record as it streams by; its calls are provisional until this
     *                 returns, since the signature is only known at the end
     * @throws RejectedException when the whole feed is refused
     */
    public VerifiedFeed verify(InputStream feed, FeedContentListener listener) throws RejectedException, IOException {
        AtomicReference<FeedContent> content = new AtomicReference<>();
        VerifiedSignature signature = verifier.verify(feed, in -> content.set(reader.read(in, listener)));
        FeedContent read = content.get();
        if (read.header() == null) {
            throw rejection(read.feedRejection());
        }
        senders.check(read.header().sender(), signature.signer());
        if (read.rejectedAsWhole()) {
            throw rejection(read.feedRejection());
        }
        return new VerifiedFeed(signature, read);
    }

    private static RejectedException rejection(Ack.Rejection rejection) {
        return new RejectedException(rejection.code(), rejection.reason());
    }
}
