package org.tipgate.intake;

import java.io.BufferedInputStream;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
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
 * Verifies feeds while agencies are still uploading them to the embedded SFTP server, so that the
 * gateway's verdict does not wait for a whole second read of the feed once the upload ends: the
 * upload's bytes are handed, as the server writes them to the file, to a thread that runs the
 * same verification the intake runs on the evidence ({@link FeedVerifier}: signature, sender,
 * header, every record, routed and staged), which also hashes them.
 *
 * <p>Purely an optimisation, bound to the evidence by the feed's SHA-256: the intake uses what was
 * found here only for an upload kept as evidence with exactly the SHA-256 and length of the bytes
 * verified here ({@link FeedIntake#verify}); in every other case it verifies the feed from the
 * evidence as it always does, with the same result. So only a verification that succeeded is ever
 * used, and a refusal is always the evidence's own. An upload is verified here only if it is
 * written to {@code inbox/} in order from its first byte, by a fresh handle (not appended to), and
 * while fewer than {@code max} uploads are being verified here at once; one that is written out of
 * order, fails, or is removed is let go. A slow verification slows the upload (at most
 * {@link ChunkPipe#CHUNKS} chunks wait), never the other way round. What nobody took within
 * {@link #KEEP} after its upload ended (a temporary name never renamed) is dropped.
 *
 * <p>The same bytes are kept as evidence as they arrive ({@link EvidenceSpool#receive}), on a
 * thread of their own ({@link ArrivingEvidence}): a signed feed's DER header says how long it is,
 * which the envelope needs first. The intake keeps that copy instead of reading the file again
 * when the upload ended with exactly that length; it was let go if the upload was longer or
 * shorter, and whenever anything else changed the file through the server: another handle opened
 * to write it, its size set, another file renamed onto it, or it renamed while written. (An
 * account cannot link, copy or remove files in its inbox.) A finished upload is followed under the
 * file the gateway moved it to ({@link TakenUploads}), which no client can reach, and the intake
 * takes its verification by that file.
 */
public final class VerifyingUploads implements AutoCloseable {

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

    private static final Logger LOG = LoggerFactory.getLogger(VerifyingUploads.class);
    /** An upload whose file nobody took within this long after it ended is let go. */
    static final Duration KEEP = Duration.ofMinutes(10);
    /** A verification waits this long for an upload's next bytes (the SFTP server's own idle timeout). */
    static final Duration SILENCE = Duration.ofMinutes(10);

    private final FeedVerifier verifier;
    private final FeedStaging staging;
    private final EvidenceSpool spool;
    private final long maxFeedBytes;
    private final int max;
    private final Executor threads;
    private final Clock clock;
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger numbers = new AtomicInteger();
    /** Uploads that ended, by their file, until the intake takes them. */
    private final Map<Path, Verification> ended = new ConcurrentHashMap<>();
    /** Every verification not yet taken or let go. */
    private final Set<Verification> live = ConcurrentHashMap.newKeySet();
    /** Uploads being written and verified, by their file. */
    private final Map<Path, Verification> writing = new ConcurrentHashMap<>();
    /** How many handles are open to write each file. */
    private final Map<Path, Integer> writers = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /**
     * @param spool        where an upload is kept as evidence while it arrives; null to keep none that way
     * @param maxFeedBytes an upload that says it is larger than a feed may be is not kept as it arrives
     * @param max          at most this many uploads are verified as they arrive at once; 0 verifies none
     * @param threads      runs each upload's verification and the keeping of its evidence: two
     *                     threads per upload, so at least 2 x {@code max} of them
     */
    public VerifyingUploads(FeedVerifier verifier, FeedStaging staging, EvidenceSpool spool, long maxFeedBytes,
                            int max, Executor threads, Clock clock) {
        if (max < 0) {
            throw new IllegalArgumentException("max must not be negative: " + max);
        }
        this.verifier = verifier;
        this.staging = staging;
        this.spool = spool;
        this.maxFeedBytes = maxFeedBytes;
        this.max = max;
        this.threads = threads;
        this.clock = clock;
    }

    /**
     * A handle was opened to write {@code file} ({@code fromStart}: from its first byte, not
     * appending). Anything verified of the file so far is let go, since its bytes may change now.
     * Starts verifying the upload if it is written from the start, by the only handle writing the
     * file, while fewer than {@code max} uploads are verified here; null otherwise (that upload is
     * verified from the evidence once taken in). Every call is paired with {@link #closed}.
     */
    Verification opened(String agency, Path file, boolean fromStart) {
        int handles = writers.merge(file, 1, Integer::sum);
        touched(file);
        expire();
        if (closed || !fromStart || handles > 1) {
            return null;
        }
        if (running.incrementAndGet() > max) {
            running.decrementAndGet();
            return null;
        }
        Verification verification = new Verification(agency + "-" + numbers.incrementAndGet());
        live.add(verification);
        writing.put(file, verification);
        verification.start();
        return verification;
    }

    /** A handle {@linkplain #opened opened} to write {@code file} was closed. */
    void closed(Path file, Verification verification) {
        writers.computeIfPresent(file, (f, handles) -> handles > 1 ? handles - 1 : null);
        if (verification != null) {
            writing.remove(file, verification);
        }
    }

    /**
     * The bytes of {@code file} were changed other than by the upload being verified (its size set,
     * another file renamed onto it): what was verified of it is let go.
     */
    void touched(Path file) {
        Verification active = writing.remove(file);
        if (active != null) {
            active.abandon();
        }
        Verification done = ended.remove(file);
        if (done != null) {
            done.discard();
        }
    }

    /** The upload of {@code file} ended and is complete; the intake may take it. */
    void ended(Path file, Verification verification) {
        verification.endedAt = clock.instant();
        Verification before = ended.put(file, verification);
        if (before != null && before != verification) {
            before.discard();
        }
        if (closed) {
            discardAll();
        }
    }

    /**
     * A file was renamed (an upload under a temporary name given its final one). An upload still
     * being written when its file is renamed is let go.
     */
    void moved(Path from, Path to) {
        touched(to);
        Verification active = writing.remove(from);
        if (active != null) {
            active.abandon();
        }
        Verification verification = ended.remove(from);
        if (verification != null) {
            ended(to, verification);
        }
    }

    /** A file was removed: what was verified of it is let go. */
    void removed(Path file) {
        touched(file);
    }

    /**
     * The verification of the upload of {@code file}, handed over to the caller, who either
     * {@linkplain Verification#take takes} its outcome or {@linkplain Verification#discard discards} it.
     */
    public Optional<Verification> take(Path file) {
        expire();
        return Optional.ofNullable(ended.remove(file));
    }

    /** Uploads being verified now, or verified and not yet taken; for tests. */
    int pending() {
        return live.size();
    }

    private void expire() {
        Instant before = clock.instant().minus(KEEP);
        ended.entrySet().removeIf(entry -> {
            Verification verification = entry.getValue();
            if (verification.endedAt.isBefore(before)) {
                LOG.info("Letting go of the verification of an upload nobody took in {}: {}", KEEP, entry.getKey());
                verification.discard();
                return true;
            }
            return false;
        });
    }

    /** Lets every verification go (the gateway is stopping); uploads are then verified from the evidence. */
    @Override
    public void close() {
        closed = true;
        discardAll();
    }

    private void discardAll() {
        ended.clear();
        writing.clear();
        for (Verification verification : live) {
            verification.discard();
        }
    }

    /** One upload, verified as it arrives. Its writes come from the SFTP server's thread for that file. */
    public final class Verification {

        private final ChunkPipe pipe = new ChunkPipe(SILENCE);
        private final CompletableFuture<Outcome> outcome = new CompletableFuture<>();
        private final String name;
        private long next;
        private volatile boolean abandoned;
        /** The upload kept as evidence as it arrives, until the intake takes it; null when it is not. */
        private volatile ArrivingEvidence evidence;
        private volatile Instant endedAt;
        /** When the upload ended ({@link System#nanoTime}), for the outcome's lag. */
        private volatile long endNanos;
        private volatile boolean uploadEnded;
        /** Set once the outcome is taken or let go; a stage verified after it is let go at once. */
        private boolean settled;

        private Verification(String name) {
            this.name = name;
        }

        private void start() {
            try {
                threads.execute(this::run);
            } catch (RejectedExecutionException e) {
                // No thread free (or the gateway is stopping): the upload is verified from the evidence.
                LOG.info("Upload {} is not verified as it arrives: {}", name, Causes.reason(e));
                running.decrementAndGet();
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
            if (abandoned) {
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
            uploadEnded = true;
            if (!abandoned) {
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

        /** Begins keeping the upload as evidence, if its first bytes say how long it is. */
        private void receive(byte[] data, int from, int length) {
            if (spool == null) {
                return;
            }
            long size = DeclaredSize.of(data, from, length);
            if (size < 0 || size > maxFeedBytes) {
                return;
            }
            ArrivingEvidence begun = ArrivingEvidence.begin(spool, size, name, threads).orElse(null);
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

        /** The upload failed or was written out of order: the verification stops and is let go. */
        void abandon() {
            synchronized (this) {
                abandoned = true;
            }
            discard();
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
            live.remove(this);
            return Optional.of(found);
        }

        /** Lets the verification go, with whatever it staged or kept, now or when it ends. */
        public void discard() {
            pipe.close();
            dropEvidence();
            settle();
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
            live.remove(this);
            if (found != null) {
                found.stage().discard();
            }
        }

        private void run() {
            FeedStaging.Stage stage = staging.begin();
            Outcome found = null;
            Throwable failure = null;
            try {
                RecordVerdicts verdicts = new RecordVerdicts();
                VerifiedFeed feed = verifier.verify(new BufferedInputStream(pipe, 1 << 16),
                        FeedContentListener.both(verdicts, stage));
                found = new Outcome(feed, verdicts, stage, (System.nanoTime() - endNanos) / 1_000_000);
            } catch (Exception | Error e) {
                failure = e;
                stage.discard();
            } finally {
                pipe.close();
                running.decrementAndGet();
            }
            if (failure != null) {
                if (!uploadEnded) {
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
}
