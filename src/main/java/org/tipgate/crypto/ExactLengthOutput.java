package org.tipgate.crypto;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Guards a definite-length encoding: more bytes than declared, or fewer by close, would produce a
 * broken DER structure, so both are refused.
 */
final class ExactLengthOutput extends FilterOutputStream {

    private final long length;
    private long written;

    ExactLengthOutput(OutputStream out, long length) {
        super(out);
        this.length = length;
    }

    @Override
    public void write(int b) throws IOException {
        count(1);
        out.write(b);
    }

    @Override
    public void write(byte[] bytes, int offset, int count) throws IOException {
        count(count);
        out.write(bytes, offset, count);
    }

    @Override
    public void close() throws IOException {
        if (written != length) {
            throw new IOException("envelope declared " + length + " bytes but was given " + written);
        }
        out.close();
    }

    private void count(int n) throws IOException {
        if (written + n > length) {
            throw new IOException("envelope declared " + length + " bytes; more were written");
        }
        written += n;
    }
}
