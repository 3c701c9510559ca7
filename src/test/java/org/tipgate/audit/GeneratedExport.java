package org.tipgate.audit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * An export of events 0 to {@code to - 1} with a checkpoint every {@code every} events, written
 * as it is read: however long, it is never in memory as a whole.
 */
final class GeneratedExport extends InputStream {

    private final long to;
    private final int every;
    private final ByteArrayOutputStream chunk = new ByteArrayOutputStream();
    private final ExportWriter writer = new ExportWriter(chunk);
    private final Frontier tree = Frontier.empty();
    private byte[] pending = new byte[0];
    private int position;
    private long next;
    private long bytes;

    GeneratedExport(long to, int every) {
        this.to = to;
        this.every = every;
        try {
            writer.header(AuditFixtures.ORIGIN, 0, to, AuditFixtures.T0.plusSeconds(to + 60));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        refill();
    }

    /** Bytes handed out so far. */
    long bytes() {
        return bytes;
    }

    private boolean refill() {
        while (chunk.size() < 64 * 1024 && next < to) {
            AuditEvent event = AuditFixtures.event(next);
            byte[] leaf = event.leafHash();
            try {
                writer.event(event, leaf);
                tree.append(leaf, (h, i, hash) -> { });
                next++;
                if (next % every == 0 || next == to) {
                    writer.checkpoint(AuditFixtures.checkpoint(next, tree.root()));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        pending = chunk.toByteArray();
        chunk.reset();
        position = 0;
        return pending.length > 0;
    }

    @Override
    public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
        if (position == pending.length && !refill()) {
            return -1;
        }
        int n = Math.min(length, pending.length - position);
        System.arraycopy(pending, position, buffer, offset, n);
        position += n;
        bytes += n;
        return n;
    }
}
