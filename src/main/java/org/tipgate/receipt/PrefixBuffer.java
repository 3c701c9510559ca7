package org.tipgate.receipt;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;

/** An OutputStream that keeps the first {@code capacity} bytes written to it and drops the rest. */
final class PrefixBuffer extends OutputStream {

    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
    private final int capacity;

    PrefixBuffer(int capacity) {
        this.capacity = capacity;
    }

    @Override
    public void write(int b) {
        if (kept.size() < capacity) {
            kept.write(b);
        }
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
        int room = Math.min(length, capacity - kept.size());
        if (room > 0) {
            kept.write(bytes, offset, room);
        }
    }

    byte[] bytes() {
        return kept.toByteArray();
    }
}
