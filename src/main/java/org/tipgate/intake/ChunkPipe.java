package org.tipgate.intake;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Bytes handed from one thread (the SFTP server writing an upload) to another (reading it as a
 * stream), a few chunks at a time: the writer waits while {@link #CHUNKS} chunks are waiting, so a
 * slow reader slows the upload rather than fill the heap. The writer never waits on a reader that
 * has stopped ({@link #close}): its chunks are then dropped and {@link #handOver} says so. The reader
 * sees the end of the stream once the writer {@link #end ends} it, and an {@link IOException} if
 * the writer {@link #close closes} it first or stays silent for longer than {@code silence}.
 */
final class ChunkPipe extends InputStream {

    /**
     * At most this many chunks wait (OpenSSH writes 32 KiB at a time: about 512 KiB): enough to keep
     * the reader busy, and little for it still to work off when the upload ends (64 left a
     * verification 120-220 ms behind the end of a 60 MB upload on two busy cores; 16, 5-25 ms).
     */
    static final int CHUNKS = 16;

    private static final byte[] END = new byte[0];
    private static final byte[] FAILED = new byte[0];

    private final BlockingQueue<byte[]> chunks = new ArrayBlockingQueue<>(CHUNKS);
    private final Duration silence;
    private volatile boolean closed;
    private byte[] current = new byte[0];
    private int position;
    private boolean ended;
    private boolean failed;

    /** @param silence how long the reader waits for the next chunk before it gives up */
    ChunkPipe(Duration silence) {
        this.silence = silence;
    }

    /**
     * Hands the chunk itself to the reader, waiting while the pipe is full; the caller never changes
     * it again (so one copy may go to several pipes).
     *
     * @return false, dropping the chunk, once the reader has stopped
     */
    boolean handOver(byte[] chunk) throws InterruptedIOException {
        if (chunk.length == 0) {
            return !closed;
        }
        return put(chunk);
    }

    /** The writer is done: the reader sees the end of the stream after the chunks already handed over. */
    void end() throws InterruptedIOException {
        put(END);
    }

    private boolean put(byte[] chunk) throws InterruptedIOException {
        try {
            while (!closed) {
                if (chunks.offer(chunk, 100, TimeUnit.MILLISECONDS)) {
                    return !closed;
                }
            }
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while handing an upload's bytes over");
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, buffer.length);
        if (length == 0) {
            return 0;
        }
        if (position == current.length && !next()) {
            return -1;
        }
        int n = Math.min(length, current.length - position);
        System.arraycopy(current, position, buffer, offset, n);
        position += n;
        return n;
    }

    @Override
    public int available() {
        return current.length - position;
    }

    /** Takes the next chunk; false at the end of the stream. */
    private boolean next() throws IOException {
        if (closed) {
            throw new IOException("the pipe is closed");
        }
        if (failed) {
            throw new IOException("the upload was abandoned");
        }
        while (!ended) {
            byte[] chunk;
            try {
                chunk = chunks.poll(silence.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for an upload's bytes");
            }
            if (chunk == null) {
                throw new IOException("no bytes came for " + silence);
            }
            if (chunk == END) {
                ended = true;
            } else if (chunk == FAILED) {
                ended = true;
                failed = true;
                throw new IOException("the upload was abandoned");
            } else {
                current = chunk;
                position = 0;
                return true;
            }
        }
        return false;
    }

    /**
     * Stops the pipe, from either side: a writer waiting is let go and what it writes from now on is
     * dropped; a reader waiting, or reading next, gets an IOException.
     */
    @Override
    public void close() {
        closed = true;
        chunks.clear();
        chunks.offer(FAILED);
    }
}
