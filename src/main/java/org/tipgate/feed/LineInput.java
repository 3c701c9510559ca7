package org.tipgate.feed;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Splits a stream into lines of bytes, holding one line at a time, so that memory stays flat
 * whatever the feed's size. LF ends a line and a CR before it is dropped with it. It counts every
 * byte it consumes and can drain the rest of the stream, because the caller digests the same
 * stream for the signature and needs it read to the end even when the content is refused.
 */
final class LineInput {

    enum Next { LINE, END, LINE_TOO_LONG, CONTENT_TOO_LARGE }

    private final InputStream in;
    private final FeedLimits limits;
    private final byte[] buffer = new byte[64 * 1024];
    private int position;
    private int limit;
    private byte[] line = new byte[8 * 1024];
    private int length;
    private long consumed;

    LineInput(InputStream in, FeedLimits limits) {
        this.in = in;
        this.limits = limits;
    }

    /** Reads the next line into {@link #bytes()}; END when the stream ends after a line terminator. */
    Next next() throws IOException {
        length = 0;
        boolean started = false;
        while (true) {
            if (position == limit) {
                if (!fill()) {
                    return started ? finishLine() : Next.END;
                }
                if (consumed > limits.maxContentBytes()) {
                    return Next.CONTENT_TOO_LARGE;
                }
            }
            int newline = indexOfNewline();
            int end = newline < 0 ? limit : newline;
            started = true;
            // One byte over the limit is allowed until the line ends: it may be the CR of a CRLF.
            if (length + (end - position) > limits.maxLineBytes() + 1) {
                return Next.LINE_TOO_LONG;
            }
            append(end - position);
            position = newline < 0 ? limit : newline + 1;
            if (newline >= 0) {
                return finishLine();
            }
        }
    }

    /** The current line's bytes, valid up to {@link #length()} and until the next call. */
    byte[] bytes() {
        return line;
    }

    int length() {
        return length;
    }

    /** Bytes consumed from the stream so far. */
    long consumed() {
        return consumed;
    }

    /** Reads the rest of the stream without keeping it. */
    void drain() throws IOException {
        while (fill()) {
            position = limit;
        }
    }

    private Next finishLine() {
        if (length > 0 && line[length - 1] == '\r') {
            length--;
        }
        return length > limits.maxLineBytes() ? Next.LINE_TOO_LONG : Next.LINE;
    }

    private int indexOfNewline() {
        for (int i = position; i < limit; i++) {
            if (buffer[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private void append(int count) {
        if (length + count > line.length) {
            line = Arrays.copyOf(line, Math.max(length + count, Math.min(line.length * 2, limits.maxLineBytes() + 1)));
        }
        System.arraycopy(buffer, position, line, length, count);
        length += count;
    }

    private boolean fill() throws IOException {
        int n;
        do {
            n = in.read(buffer);
        } while (n == 0);
        if (n < 0) {
            return false;
        }
        consumed += n;
        position = 0;
        limit = n;
        return true;
    }
}
