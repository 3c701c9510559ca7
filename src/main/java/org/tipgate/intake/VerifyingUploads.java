package org.tipgate.intake;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tipgate.evidence.EvidenceSpool;
import org.tipgate.feed.FeedStaging;
import org.tipgate.feed.FeedVerifier;

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
 * order, fails, or is removed is let go. What nobody took within {@link #KEEP} after its upload
 * ended (a temporary name never renamed) is dropped.
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

    private static final Logger LOG = LoggerFactory.getLogger(VerifyingUploads.class);
    /** An upload whose file nobody took within this long after it ended is let go. */
    static final Duration KEEP = Duration.ofMinutes(10);
    /** A verification waits this long for an upload's next bytes (the SFTP server's own idle timeout). */
    static final Duration SILENCE = Duration.ofMinutes(10);

    /** A verification whose upload ended at {@code at}, waiting for the intake. */
    private record Ended(UploadVerification verification, Instant at) {
    }

    private final UploadVerification.Work work;
    private final int max;
    private final Clock clock;
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger numbers = new AtomicInteger();
    /** Uploads that ended, by their file, until the intake takes them. */
    private final Map<Path, Ended> ended = new ConcurrentHashMap<>();
    /** Uploads being written and verified, by their file. */
    private final Map<Path, UploadVerification> writing = new ConcurrentHashMap<>();
    /** How many handles are open to write each file. */
    private final Map<Path, Integer> writers = new ConcurrentHashMap<>();
    /** Every verification not yet taken or let go: in either map above, or handed to the intake. */
    private final Set<UploadVerification> live = ConcurrentHashMap.newKeySet();
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
        this.work = new UploadVerification.Work(verifier, staging, spool, maxFeedBytes, threads);
        this.max = max;
        this.clock = clock;
    }

    /**
     * A handle was opened to write {@code file} ({@code fromStart}: from its first byte, not
     * appending). Anything verified of the file so far is let go, since its bytes may change now.
     * Starts verifying the upload if it is written from the start, by the only handle writing the
     * file, while fewer than {@code max} uploads are verified here; null otherwise (that upload is
     * verified from the evidence once taken in). Every call is paired with {@link #closed}.
     */
    UploadVerification opened(String agency, Path file, boolean fromStart) {
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
        UploadVerification verification = new UploadVerification(agency + "-" + numbers.incrementAndGet(), work,
                running::decrementAndGet, live::remove);
        live.add(verification);
        writing.put(file, verification);
        verification.start();
        return verification;
    }

    /** A handle {@linkplain #opened opened} to write {@code file} was closed. */
    void closed(Path file, UploadVerification verification) {
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
        UploadVerification active = writing.remove(file);
        if (active != null) {
            active.abandon();
        }
        Ended done = ended.remove(file);
        if (done != null) {
            done.verification().discard();
        }
    }

    /** The upload of {@code file} ended and is complete; the intake may take it. */
    void ended(Path file, UploadVerification verification) {
        Ended before = ended.put(file, new Ended(verification, clock.instant()));
        if (before != null && before.verification() != verification) {
            before.verification().discard();
        }
        if (closed) {
            discardAll();
        }
    }

    /**
     * A file was renamed (an upload under a temporary name given its final one). An upload still
     * being written when its file is renamed is let go; one that ended waits under its new name,
     * from now.
     */
    void moved(Path from, Path to) {
        touched(to);
        UploadVerification active = writing.remove(from);
        if (active != null) {
            active.abandon();
        }
        Ended done = ended.remove(from);
        if (done != null) {
            ended(to, done.verification());
        }
    }

    /** A file was removed: what was verified of it is let go. */
    void removed(Path file) {
        touched(file);
    }

    /**
     * The verification of the upload of {@code file}, handed over to the caller, who either
     * {@linkplain UploadVerification#take takes} its outcome or
     * {@linkplain UploadVerification#discard discards} it.
     */
    public Optional<UploadVerification> take(Path file) {
        expire();
        return Optional.ofNullable(ended.remove(file)).map(Ended::verification);
    }

    /** Uploads being verified now, or verified and not yet taken; for tests. */
    int pending() {
        return live.size();
    }

    private void expire() {
        Instant before = clock.instant().minus(KEEP);
        ended.entrySet().removeIf(entry -> {
            if (entry.getValue().at().isBefore(before)) {
                LOG.info("Letting go of the verification of an upload nobody took in {}: {}", KEEP, entry.getKey());
                entry.getValue().verification().discard();
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
        for (UploadVerification verification : live) {
            verification.discard();
        }
    }
}
