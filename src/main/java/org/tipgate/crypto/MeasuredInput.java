package org.tipgate.crypto;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;

/**
 * The raw CMS input as the caller supplied it: digested (SHA-256) and counted as it is read, and
 * remembering any failure of the underlying stream (an unchecked one is wrapped in an IOException),
 * so that a genuine I/O failure can be told apart from malformed input however deeply Bouncy Castle
 * wraps it.
 */
final class MeasuredInput extends FilterInputStream {

    private final MessageDigest digest = Digests.sha256();
    private long count;
    private IOException failure;

    MeasuredInput(InputStream in) {
        super(in);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n == -1 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n;
        try {
            n = in.read(buffer, offset, length);
        } catch (IOException e) {
            failure = e;
            throw e;
        } catch (RuntimeException e) {
            failure = new IOException("the CMS input stream failed: " + e, e);
            throw failure;
        }
        if (n > 0) {
            digest.update(buffer, offset, n);
            count += n;
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        // Skipped bytes would escape the digest: read them instead.
        byte[] buffer = new byte[(int) Math.min(Math.max(n, 0), Streams.BUFFER)];
        long skipped = 0;
        while (skipped < n) {
            int read = read(buffer, 0, (int) Math.min(buffer.length, n - skipped));
            if (read == -1) {
                break;
            }
            skipped += read;
        }
        return skipped;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    @Override
    public void close() {
        // The caller owns the stream it passed in.
    }

    /** The I/O error of the underlying stream that caused {@code t}, or null if it was not one. */
    IOException sourceFailureBehind(Throwable t) {
        for (Throwable cause = t; cause != null && failure != null; cause = cause.getCause()) {
            if (cause == failure) {
                return failure;
            }
        }
        return null;
    }

    String sha256Hex() {
        return Digests.hex(digest.digest());
    }

    long count() {
        return count;
    }
}
