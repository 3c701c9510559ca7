package org.tipgate.crypto;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Wraps the caller's own stream (the envelope's bytes) and remembers its failures. Bouncy Castle reports a garbled
 * structure and a broken disk alike as IOException; this tells them apart, so that a failure of the
 * caller's stream stays an IOException (retry) and everything else becomes a rejection (final).
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
