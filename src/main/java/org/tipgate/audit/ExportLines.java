package org.tipgate.audit;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * The lines of an export, read with a buffer of at most one line: a line longer than the limit is
 * an error rather than a reason to hold more of the file. A line is its bytes up to a line feed,
 * which every line ends with.
 */
final class ExportLines {

    /** What {@link #next()} found instead of a whole line. */
    enum End {
        /** The input ended where a line could begin. */
        CLEAN,
        /** The input ended inside a line: bytes with no line feed after them. */
        CUT,
        /** The line is longer than the limit. */
        TOO_LONG
    }

    private final InputStream in;
    private final int maxBytes;
    private final byte[] buffer = new byte[64 * 1024];
    private int position;
    private int limit;
    private byte[] line = new byte[1024];
    private long number;
    private End end;

    ExportLines(InputStream in, int maxBytes) {
        this.in = in;
        this.maxBytes = maxBytes;
    }

    /** The next line without its line feed, or null when there is none (see {@link #end()}). */
    byte[] next() throws IOException {
        if (end != null) {
            return null;
        }
        number++;
        int length = 0;
        while (true) {
            if (position == limit) {
                limit = in.read(buffer);
                position = 0;
                if (limit == -1) {
                    limit = 0;
                    end = length == 0 ? End.CLEAN : End.CUT;
                    return null;
                }
            }
            byte b = buffer[position++];
            if (b == '\n') {
                return Arrays.copyOf(line, length);
            }
            if (length == maxBytes) {
                end = End.TOO_LONG;
                return null;
            }
            if (length == line.length) {
                line = Arrays.copyOf(line, Math.min(maxBytes, line.length * 2));
            }
            line[length++] = b;
        }
    }

    /** Why {@link #next()} returned null. */
    End end() {
        return end;
    }

    /** The number of the line last returned, or of the line that could not be. */
    long number() {
        return number;
    }
}
