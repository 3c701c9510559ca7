package org.tipgate.crypto;

import java.io.IOException;
import java.io.InputStream;

/**
 * The encapsulated content as the sink reads it from Bouncy Castle. It counts the bytes, turns
 * Bouncy Castle's parsing failures (some unchecked) into IOExceptions that it remembers, so the
 * input is rejected as malformed even if the sink swallowed the error, and ignores close().
 */
final class SinkInput extends InputStream {

    private final InputStream content;
    private final MeasuredInput source;
    private long count;
    private Exception malformation;

    SinkInput(InputStream content, MeasuredInput source) {
        this.content = content;
        this.source = source;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n == -1 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (malformation != null) {
            throw new IOException("malformed CMS content", malformation);
        }
        int n;
        try {
            n = content.read(buffer, offset, length);
        } catch (IOException | RuntimeException e) {
            IOException sourceFailure = source.sourceFailureBehind(e);
            if (sourceFailure != null) {
                throw sourceFailure;
            }
            malformation = e;
            throw new IOException("malformed CMS content: " + e.getMessage(), e);
        }
        if (n > 0) {
            count += n;
        }
        return n;
    }

    @Override
    public void close() {
        // The verifier drains and owns the stream; a sink closing it must not cut the digest short.
    }

    /** Reads what the sink left unread, so that the digest covers the whole content. */
    void drain() throws IOException {
        byte[] buffer = new byte[Streams.BUFFER];
        while (read(buffer, 0, buffer.length) != -1) {
            // digesting happens underneath
        }
    }

    long count() {
        return count;
    }

    /** The parsing failure met while reading the content, or null. */
    Exception malformation() {
        return malformation;
    }
}
