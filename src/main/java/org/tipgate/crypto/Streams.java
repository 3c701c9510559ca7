package org.tipgate.crypto;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** Copying with a buffer large enough that per-call overhead vanishes on gigabyte feeds. */
final class Streams {

    static final int BUFFER = 64 * 1024;

    private Streams() {
    }

    static long copy(InputStream in, OutputStream out) throws IOException {
        byte[] buffer = new byte[BUFFER];
        long total = 0;
        for (int n = in.read(buffer); n != -1; n = in.read(buffer)) {
            out.write(buffer, 0, n);
            total += n;
        }
        return total;
    }
}
