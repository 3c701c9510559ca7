package org.tipgate.crypto;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Wraps the caller's own streams and remembers their failures. Bouncy Castle reports a garbled
 * structure and a broken disk alike as IOException; this tells them apart, so that a failure of the
 * caller's streams stays an IOException (retry) and everything else becomes a rejection (final).
 */
final class EnvelopeStreams {

    private final Map<Throwable, Boolean> failures = new IdentityHashMap<>();

    InputStream source(InputStream in) {
        return new FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                try {
                    return super.read();
                } catch (IOException e) {
                    throw remember(e);
                }
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                try {
                    return in.read(b, off, len);
                } catch (IOException e) {
                    throw remember(e);
                }
            }
        };
    }

    OutputStream sink(OutputStream out) {
        return new FilterOutputStream(out) {
            @Override
            public void write(int b) throws IOException {
                try {
                    out.write(b);
                } catch (IOException e) {
                    throw remember(e);
                }
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                try {
                    out.write(b, off, len);
                } catch (IOException e) {
                    throw remember(e);
                }
            }
        };
    }

    /** The caller's own IOException somewhere in {@code thrown}'s cause chain, or null. */
    IOException callerFailure(Throwable thrown) {
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (failures.containsKey(t)) {
                return (IOException) t;
            }
        }
        return null;
    }

    private IOException remember(IOException e) {
        failures.put(e, Boolean.TRUE);
        return e;
    }
}
