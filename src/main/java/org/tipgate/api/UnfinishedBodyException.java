package org.tipgate.api;

import java.io.IOException;
import java.net.SocketTimeoutException;

/**
 * A posted body that could not be read to its end: the client stopped sending (the connection's
 * read timeout passed) or the connection ended before the body did. It is the client's failure, not
 * the gateway's: nothing of the post was accepted or recorded, and the client may send it again.
 */
public final class UnfinishedBodyException extends IOException {

    private final long read;

    UnfinishedBodyException(String agency, long read, long declared, IOException cause) {
        super("the body posted by " + agency + " ended or stalled after " + read + " bytes"
                + (declared >= 0 ? " of the " + declared + " it declared" : " (chunked)") + ": " + cause);
        this.read = read;
        initCause(cause);
    }

    /** The bytes read before the body stopped. */
    public long read() {
        return read;
    }

    /** True when the client stopped sending and the read timed out; false when the connection ended. */
    public boolean stalled() {
        return getCause() instanceof SocketTimeoutException;
    }
}
