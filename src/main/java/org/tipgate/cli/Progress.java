package org.tipgate.cli;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;

/**
 * Progress of long runs on stderr, at most every two seconds, so that stdout stays the result.
 * Short runs print nothing.
 */
final class Progress {

    private static final long INTERVAL_NANOS = 2_000_000_000L;

    private final String label;
    private final long total;
    private final String unit;
    private final PrintStream err = System.err;
    private long done;
    private long lastReport = System.nanoTime();
    private boolean reported;

    Progress(String label, long total, String unit) {
        this.label = label;
        this.total = total;
        this.unit = unit;
    }

    void advance(long n) {
        done += n;
        long now = System.nanoTime();
        if (now - lastReport >= INTERVAL_NANOS) {
            lastReport = now;
            reported = true;
            err.printf("%s: %,d of %,d %s (%d%%)%n", label, done, total, unit, total == 0 ? 100 : done * 100 / total);
        }
    }

    void finish() {
        if (reported) {
            err.printf("%s: %,d %s done%n", label, done, unit);
        }
    }

    /** Counts the bytes read through {@code in}. */
    InputStream bytesRead(InputStream in) {
        return new FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b != -1) {
                    advance(1);
                }
                return b;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                int n = super.read(buffer, offset, length);
                if (n > 0) {
                    advance(n);
                }
                return n;
            }
        };
    }

    /** Counts the lines written through {@code out}. */
    OutputStream linesWritten(OutputStream out) {
        return new FilterOutputStream(out) {
            @Override
            public void write(int b) throws IOException {
                out.write(b);
                if (b == '\n') {
                    advance(1);
                }
            }

            @Override
            public void write(byte[] bytes, int offset, int length) throws IOException {
                out.write(bytes, offset, length);
                long lines = 0;
                for (int i = offset; i < offset + length; i++) {
                    if (bytes[i] == '\n') {
                        lines++;
                    }
                }
                if (lines > 0) {
                    advance(lines);
                }
            }
        };
    }
}
