package org.tipgate.intake;

import java.io.BufferedInputStream;
import java.io.InterruptedIOException;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tipgate.crypto.DeclaredSize;
import org.tipgate.evidence.EvidenceSpool;
import org.tipgate.feed.FeedContentListener;
import org.tipgate.feed.FeedStaging;
import org.tipgate.feed.FeedVerifier.VerifiedFeed;
import org.tipgate.feed.FeedVerifier;
import org.tipgate.format.Causes;

/**
 * One upload, verified as it arrives ({@link VerifyingUploads} decides which uploads are, and
 * follows their files). Its writes come from the SFTP server's thread for that file; they are
 * handed, one copy of each chunk, to a thread that runs {@link FeedVerifier} on them (signature,
 * sender, header, every record, routed and staged) and to a thread that keeps them as evidence
 * ({@link ArrivingEvidence}) when the feed's DER header says how long it is. A slow verification
 * slows the upload (at most {@link ChunkPipe#CHUNKS} chunks wait), never the other way round.
 *
 * <p>It ends one of three ways: its outcome is {@linkplain #take taken} by the intake, which then
 * owns the stage; it is {@linkplain #abandon abandoned} (bytes out of order, the upload failed);
 * or it is {@linkplain #discard let go} (its file changed, nobody took it, the gateway stops).
 * Whatever it staged or kept is released in the last two, whenever the verification ends.
 */
public final class UploadVerification {

    /**
     * What verifying an upload as it arrived found, for the bytes with this SHA-256 and length:
     * the verified feed, each record's verdict, and the records staged for packaging.
     *
     * @param lagMillis how long after the upload ended the verification did (it reads to the end)
     */
    record Outcome(VerifiedFeed feed, RecordVerdicts verdicts, FeedStaging.Stage stage, long lagMillis) {

        /**
         * The SHA-256 of every byte verified: the signature verifier digests its whole input and
         * refuses any byte after the signed structure, so a verified feed's input is all of them.
         */
        String sha256() {
            return feed.signature().cmsSha256();
        }

        long bytes() {
            return feed.signature().cmsLength();
        }
    }

    /**
     * What every verification uses.
     *
     * @param spool        where an upload is kept as evidence while it arrives; null to keep none that way
     * @param maxFeedBytes an upload that says it is larger than a feed may be is not kept as it arrives
     * @param threads      runs the verification and the keeping of its evidence: two threads an upload
     */
    record Work(FeedVerifier verifier, FeedStaging staging, EvidenceSpool spool, long maxFeedBytes,
                Executor threads) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(UploadVerification.class);

    private final ChunkPipe pipe = new ChunkPipe(VerifyingUploads.SILENCE);
    private final CompletableFuture<Outcome> outcome = new CompletableFuture<>();
    private final String name;
    private final Work work;
    /** Run once when the verification stops reading (it frees a place for another upload). */
    private final Runnable stopped;
    /** Run once when the outcome is taken or let go. */
    private final Consumer<UploadVerification> settledHook;
    private long next;
    /** The upload kept as evidence as it arrives, until the intake takes it; null when it is not. */
    private volatile ArrivingEvidence evidence;
    /** When the upload ended ({@link System#nanoTime}), for the outcome's lag; null until it did. */
    private volatile Long endNanos;
    /** Guarded by this: no more bytes are taken. */
    private boolean abandoned;
    /** Guarded by this: the outcome is taken or let go; a stage verified after it is let go at once. */
    private boolean settled;

    UploadVerification(String name, Work work, Runnable stopped, Consumer<UploadVerification> settled) {
        this.name = name;
        this.work = work;
        this.stopped = stopped;
        this.settledHook = settled;
    }

    /** Starts the verification's thread; with no thread free, the upload is verified from the evidence. */
    void start() {
        try {
            work.threads().execute(this::run);
        } catch (RejectedExecutionException e) {
            LOG.info("Upload {} is not verified as it arrives: {}", name, Causes.reason(e));
            stopped.run();
            pipe.close();
            outcome.completeExceptionally(e);
            abandon();
        }
    }

    /**
     * Bytes the server wrote at {@code offset}; waits while the verification is behind.
     * Returns false, and lets the verification go, when they do not follow the bytes before.
     */
    boolean write(long offset, byte[] data, int from, int length) throws InterruptedIOException {
        if (isAbandoned()) {
            return false;
        }
        if (offset != next) {
            abandon();
            return false;
        }
        if (offset == 0) {
            receive(data, from, length);
        }
        // One copy of the bytes, read by both the verification and the evidence.
        byte[] chunk = Arrays.copyOfRange(data, from, from + length);
        keep(chunk);
        if (!pipe.handOver(chunk)) {
            abandon();
            return false;
        }
        next += length;
        return true;
    }

    /**
     * The upload ended complete: the verification reads to its end, and what was kept of it as
     * it arrived is finished meanwhile.
     */
    void end() throws InterruptedIOException {
        endNanos = System.nanoTime();
        if (!isAbandoned()) {
            pipe.end();
            ArrivingEvidence kept = evidence;
            if (kept != null) {
                kept.end();
            }
        }
    }

    /**
     * Waits for the upload's copy kept as evidence as it arrived to be finished (sealed and forced
     * to disk), and hands it over to the caller (who keeps it or closes it); empty when it was
     * not kept that way (the upload is then kept from its file). Only for an upload that
     * {@linkplain #end ended}.
     */
    public Optional<EvidenceSpool.Receiving> takeEvidence() throws InterruptedIOException {
        ArrivingEvidence kept = evidence;
        return kept == null ? Optional.empty() : kept.take();
    }

    /**
     * Waits for the verification to end and takes its outcome: the caller then owns its stage.
     * Empty when it failed (the intake then verifies from the evidence, which words the refusal).
     */
    Optional<Outcome> take() throws InterruptedIOException {
        Outcome found;
        try {
            found = outcome.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            discard();
            throw new InterruptedIOException("interrupted while an upload was verified");
        } catch (ExecutionException e) {
            LOG.info("Verifying upload {} as it arrived did not succeed ({}); it is verified from the evidence",
                    name, Causes.reason(e.getCause()));
            settle();
            return Optional.empty();
        }
        synchronized (this) {
            if (settled) {
                return Optional.empty();
            }
            settled = true;
        }
        settledHook.accept(this);
        return Optional.of(found);
    }

    /** The upload failed or was written out of order: the verification stops and is let go. */
    void abandon() {
        synchronized (this) {
            abandoned = true;
        }
        discard();
    }

    /** Lets the verification go, with whatever it staged or kept, now or when it ends. */
    public void discard() {
        pipe.close();
        dropEvidence();
        settle();
    }

    private synchronized boolean isAbandoned() {
        return abandoned;
    }

    /** Begins keeping the upload as evidence, if its first bytes say how long it is. */
    private void receive(byte[] data, int from, int length) {
        if (work.spool() == null) {
            return;
        }
        long size = DeclaredSize.of(data, from, length);
        if (size < 0 || size > work.maxFeedBytes()) {
            return;
        }
        ArrivingEvidence begun = ArrivingEvidence.begin(work.spool(), size, name, work.threads()).orElse(null);
        if (begun != null) {
            synchronized (this) {
                if (!abandoned) {
                    evidence = begun;
                    return;
                }
            }
            begun.drop();
        }
    }

    /** Keeps the upload's next bytes, unless its copy was let go. */
    private void keep(byte[] chunk) throws InterruptedIOException {
        ArrivingEvidence kept = evidence;
        if (kept != null && !kept.write(chunk)) {
            dropEvidence();
        }
    }

    private void dropEvidence() {
        ArrivingEvidence kept = evidence;
        if (kept != null) {
            kept.drop();
        }
    }

    private void settle() {
        Outcome found;
        synchronized (this) {
            if (settled) {
                return;
            }
            settled = true;
            found = outcome.isDone() && !outcome.isCompletedExceptionally() ? outcome.join() : null;
        }
        settledHook.accept(this);
        if (found != null) {
            found.stage().discard();
        }
    }

    private void run() {
        FeedStaging.Stage stage = work.staging().begin();
        Outcome found = null;
        Throwable failure = null;
        try {
            RecordVerdicts verdicts = new RecordVerdicts();
            VerifiedFeed feed = work.verifier().verify(new BufferedInputStream(pipe, 1 << 16),
                    FeedContentListener.both(verdicts, stage));
            Long ended = endNanos;
            found = new Outcome(feed, verdicts, stage, ended == null ? 0 : (System.nanoTime() - ended) / 1_000_000);
        } catch (Exception | Error e) {
            failure = e;
            stage.discard();
        } finally {
            pipe.close();
            stopped.run();
        }
        if (failure != null) {
            if (endNanos == null) {
                // Not to be kept as it arrives: its bytes are wrong, or its sender fell silent.
                dropEvidence();
            }
            outcome.completeExceptionally(failure);
            settle();
            return;
        }
        boolean letGo;
        synchronized (this) {
            outcome.complete(found);
            letGo = settled;
        }
        if (letGo) {
            stage.discard();
        }
    }
}
