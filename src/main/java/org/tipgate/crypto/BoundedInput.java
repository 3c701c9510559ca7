package org.tipgate.crypto;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * Exactly {@code length} bytes of the underlying stream: end of stream after them, and a
 * {@link Truncated} error if the underlying stream ends first.
 */
final class BoundedInput extends InputStream {

    /** The input ended before the length its DER header declared. */
    static final class Truncated extends EOFException {
        Truncated(long missing) {
            super("input ends " + missing + " bytes before the length its DER header declares");
        }
    }

    private final InputStream in;
    private long remaining;

    BoundedInput(InputStream in, long length) {
        this.in = in;
        this.remaining = length;
    }

    @Override
    public int read() throws IOException {
        if (remaining == 0) {
            return -1;
        }
        int b = in.read();
        if (b == -1) {
            throw new Truncated(remaining);
        }
        remaining--;
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        if (remaining == 0) {
            return -1;
        }
        int n = in.read(buffer, offset, (int) Math.min(length, remaining));
        if (n == -1) {
            throw new Truncated(remaining);
        }
        remaining -= n;
        return n;
    }

    @Override
    public int available() throws IOException {
        return (int) Math.min(in.available(), remaining);
    }

    @Override
    public void close() {
        // The underlying stream outlives this view.
    }

    long remaining() {
        return remaining;
    }
}
