package org.tipgate.transport;

/**
 * A delivery attempt that failed; {@link #retryable()} says whether a later attempt can help.
 * Retryable: the network, a server that is down or busy, an account or folder an operator can fix;
 * the outbox tries again with backoff. Not retryable: a security event (a host key or server
 * certificate the gateway cannot trust), another file already under the package's name, an
 * endpoint that cannot work as configured, an answer that refuses the package; these go to the
 * dead letter at once, for a person. The message names the destination, never a credential, and
 * carries only a short, printable excerpt of anything the other side said. The table per cause is
 * in {@code docs/delivery.md}.
 */
public final class DeliveryException extends Exception {

    private final boolean retryable;

    public DeliveryException(String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
    }

    public DeliveryException(String message, boolean retryable) {
        this(message, retryable, null);
    }

    public boolean retryable() {
        return retryable;
    }
}
