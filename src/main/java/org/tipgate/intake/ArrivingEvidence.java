package org.tipgate.intake;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tipgate.evidence.EvidenceSpool;
import org.tipgate.format.Causes;

/**
 * An upload kept as evidence as it arrives ({@link EvidenceSpool#receive}), on a thread of its own,
 * so that hashing, encrypting and writing it never holds up the SFTP server's handling of the
 * upload: the server hands each write's bytes over through a {@link ChunkPipe} (a slow disk slows
 * the upload rather than fill the heap). Once the upload {@linkplain #end ends}, the copy is
 * finished (sealed and forced to disk) and waits, under its temporary name, for the intake to
 * {@linkplain #take take} it; {@linkplain #drop dropped}, or failed, it is removed.
 */
final class ArrivingEvidence {

    private static final Logger LOG = LoggerFactory.getLogger(ArrivingEvidence.class);

    private final ChunkPipe pipe = new ChunkPipe(VerifyingUploads.SILENCE);
    private final CompletableFuture<EvidenceSpool.Receiving> finished = new CompletableFuture<>();
    private final EvidenceSpool.Receiving receiving;
    private final String name;
    private boolean taken;
    private boolean dropped;

    private ArrivingEvidence(EvidenceSpool.Receiving receiving, String name) {
        this.receiving = receiving;
        this.name = name;
    }

    /** Begins keeping an upload of {@code size} bytes; empty if the spool cannot begin it. */
    static Optional<ArrivingEvidence> begin(EvidenceSpool spool, long size, String name, Executor threads) {
        ArrivingEvidence evidence;
        try {
            evidence = new ArrivingEvidence(spool.receive(size), name);
        } catch (IOException e) {
            LOG.warn("Keeping upload {} as evidence as it arrives cannot begin ({}); its file is kept once it is"
                    + " taken in", name, Causes.reason(e));
            return Optional.empty();
        }
        try {
            threads.execute(evidence::run);
            return Optional.of(evidence);
        } catch (RejectedExecutionException e) {
            LOG.info("Upload {} is not kept as it arrives ({}); its file is kept once it is taken in", name,
                    Causes.reason(e));
            evidence.drop();
            return Optional.empty();
        }
    }

    /**
     * The upload's next bytes, a chunk nobody changes again; false once the copy was let go (it is
     * then not kept this way).
     */
    boolean write(byte[] chunk) throws InterruptedIOException {
        return pipe.handOver(chunk);
    }

    /** The upload ended: the copy is finished once the bytes handed over are written. */
    void end() throws InterruptedIOException {
        pipe.end();
    }

    /**
     * Waits for the copy of an upload that ended to be finished, and hands it over to the caller
     * (who keeps it or closes it); empty if it was not (its bytes did not have the length they
     * declared, the disk failed) or was let go.
     */
    Optional<EvidenceSpool.Receiving> take() throws InterruptedIOException {
        EvidenceSpool.Receiving done;
        try {
            done = finished.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            drop();
            throw new InterruptedIOException("interrupted while an upload was kept");
        } catch (ExecutionException e) {
            return Optional.empty();
        }
        synchronized (this) {
            if (dropped || taken) {
                return Optional.empty();
            }
            taken = true;
        }
        return Optional.of(done);
    }

    /** Lets the copy go, now or once its thread stops, unless it was taken. */
    void drop() {
        synchronized (this) {
            if (taken) {
                return;
            }
            dropped = true;
        }
        pipe.close();
        if (finished.isDone()) {
            close();
        }
    }

    private void run() {
        try {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = pipe.read(buffer)) >= 0; ) {
                receiving.write(buffer, 0, n);
            }
            receiving.finish();
        } catch (IOException | RuntimeException e) {
            LOG.info("Keeping upload {} as evidence as it arrived did not succeed ({}); its file is kept once it is"
                    + " taken in", name, Causes.reason(e));
            pipe.close();
            close();
            finished.completeExceptionally(e);
            return;
        }
        boolean letGo;
        synchronized (this) {
            finished.complete(receiving);
            letGo = dropped;
        }
        if (letGo) {
            close();
        }
    }

    private void close() {
        try {
            receiving.close();
        } catch (IOException e) {
            LOG.warn("Removing what was kept of upload {} failed", name, e);
        }
    }
}
