package org.tipgate.cli;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;

/**
 * Progress of long runs on stderr, at most every two seconds (the system property
 * {@code tipgate.progress.interval-ms} changes that), so that stdout stays the result. Short runs
 * print nothing. A run that reads its input more than once (feed sign counts the records, then
 * digests, then writes) counts each pass on its own, against that pass's real size, and says which
 * pass it is in; once a run has printed anything, each later pass says when it starts.
 */
final class Progress {

    private static final long DEFAULT_INTERVAL_MILLIS = 2_000;

    private final String label;
    private final String unit;
    private final int passes;
    private final long intervalNanos =
            Long.getLong("tipgate.progress.interval-ms", DEFAULT_INTERVAL_MILLIS) * 1_000_000;
    private final PrintStream err = System.err;
    private int pass;
    private String passName;
    private long total;
    private long done;
    private long lastReport = System.nanoTime();
    private boolean reported;

    /** A run of one pass over {@code total} units. */
    Progress(String label, long total, String unit) {
        this(label, 1, unit);
        pass(null, total);
    }

    private Progress(String label, int passes, String unit) {
        this.label = label;
        this.passes = passes;
        this.unit = unit;
    }

    /** A run of {@code passes} passes; call {@link #pass} before each. */
    static Progress ofPasses(String label, int passes, String unit) {
        return new Progress(label, passes, unit);
    }

    /** Starts the next pass, over {@code total} units. */
    void pass(String name, long total) {
        if (pass == passes) {
            throw new IllegalStateException(label + " has only " + passes + " passes");
        }
        pass++;
        passName = name;
        this.total = total;
        done = 0;
        if (reported) {
            report();
        }
    }

    void advance(long n) {
        done += n;
        if (System.nanoTime() - lastReport >= intervalNanos) {
            report();
        }
    }

    private void report() {
        reported = true;
        lastReport = System.nanoTime();
        String where = passes == 1 ? label : label + ", pass " + pass + " of " + passes + " (" + passName + ")";
        err.printf("%s: %,d of %,d %s (%d%%)%n", where, done, total, unit, total == 0 ? 100 : done * 100 / total);
    }

    void finish() {
        if (reported) {
            err.printf(passes == 1 ? "%s: %,d %s done%n" : "%s: %,d %s, all passes done%n", label, done, unit);
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
