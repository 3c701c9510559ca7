package org.tipgate.crypto;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.commons.io.IOUtils;

/** Copying with a buffer large enough that per-call overhead vanishes on gigabyte feeds. */
final class Streams {

    static final int BUFFER = 64 * 1024;

    private Streams() {
    }

    static long copy(InputStream in, OutputStream out) throws IOException {
        return IOUtils.copyLarge(in, out, new byte[BUFFER]);
    }
}
