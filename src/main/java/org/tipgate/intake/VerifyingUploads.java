package org.tipgate.intake;

import java.io.BufferedInputStream;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.tipgate.feed.FeedStaging;
import org.tipgate.feed.FeedVerifier;
import org.tipgate.feed.FeedVerifier.VerifiedFeed;

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
 */
public final class VerifyingUploads implements AutoCloseable {

    /**
     * What verifying an upload as it arrived found, for the bytes with this SHA-256 and length:
     * the verified feed, each record's verdict, and the records staged for packaging.
     */
    record Outcome(VerifiedFeed feed, RecordVerdicts verdicts, FeedStaging.Stage stage) {

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

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(VerifyingUploads.class);
    /** An upload whose file nobody took within this long after it ended is let go. */
    static final Duration KEEP = Duration.ofMinutes(10);
    /** A verification waits this long for an upload's next bytes (the SFTP server's own idle timeout). */
    static final Duration SILENCE = Duration.ofMinutes(10);

    private final FeedVerifier verifier;
    private final FeedStaging staging;
    private final int max;
    private final Clock clock;
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger numbers = new AtomicInteger();
    /** Uploads that ended, by their file, until the intake takes them. */
    private final Map<Path, Verification> ended = new ConcurrentHashMap<>();
    /** Every verification not yet taken or let go. */
    private final Set<Verification> live = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /** @param max at most this many uploads are verified as they arrive at once; 0 verifies none */
    public VerifyingUploads(FeedVerifier verifier, FeedStaging staging, int max, Clock clock) {
        if (max < 0) {
            throw new IllegalArgumentException("max must not be negative: " + max);
        }
        this.verifier = verifier;
        this.staging = staging;
        this.max = max;
        this.clock = clock;
    }

    /**
     * An agency began writing a feed: starts verifying it, or returns null when {@code max}
     * uploads are being verified already (that one is verified from the evidence once taken in).
     */
    Verification begin(String agency) {
        expire();
        if (closed) {
            return null;
        }
        if (running.incrementAndGet() > max) {
            running.decrementAndGet();
            return null;
        }
        Verification verification = new Verification(agency + "-" + numbers.incrementAndGet());
        live.add(verification);
        verification.start();
        return verification;
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

    /** A file was renamed (an upload under a temporary name given its final one). */
    void moved(Path from, Path to) {
        Verification verification = ended.remove(from);
        if (verification != null) {
            ended(to, verification);
        }
    }

    /** A file was removed: what was verified of it is let go. */
    void removed(Path file) {
        Verification verification = ended.remove(file);
        if (verification != null) {
            verification.discard();
        }
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
        private boolean abandoned;
        private volatile Instant endedAt;
        /** Set once the outcome is taken or let go; a stage verified after it is let go at once. */
        private boolean settled;

        private Verification(String name) {
            this.name = name;
        }

        private void start() {
            Thread thread = new Thread(this::run, "verify-upload-" + name);
            thread.setDaemon(true);
            thread.start();
        }

        /**
         * Bytes the server wrote at {@code offset}; waits while the verification is behind.
         * Returns false, and lets the verification go, when they do not follow the bytes before.
         */
        boolean write(long offset, byte[] data, int from, int length) throws InterruptedIOException {
            if (abandoned) {
                return false;
            }
            if (offset != next || !pipe.write(data, from, length)) {
                abandon();
                return false;
            }
            next += length;
            return true;
        }

        /** The upload ended complete: the verification reads to its end. */
        void end() throws InterruptedIOException {
            if (!abandoned) {
                pipe.end();
            }
        }

        /** The upload failed or was written out of order: the verification stops and is let go. */
        void abandon() {
            abandoned = true;
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
                LOG.debug("Verifying upload {} as it arrived did not succeed", name, e.getCause());
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

        /** Lets the verification go, with whatever it staged, now or when it ends. */
        public void discard() {
            pipe.close();
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
                        new FeedIntake.Both(verdicts, stage));
                found = new Outcome(feed, verdicts, stage);
            } catch (Exception | Error e) {
                failure = e;
                stage.discard();
            } finally {
                pipe.close();
                running.decrementAndGet();
            }
            if (failure != null) {
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
