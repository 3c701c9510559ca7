package org.tipgate.format;

/**
 * Raised when an input is refused for a reason that the sender must be told: it always carries a
 * {@link RejectionCode} and a reason fit for the acknowledgement and the audit trail (never
 * personal data from a record).
 */
public class RejectedException extends Exception {

    private final RejectionCode code;

    public RejectedException(RejectionCode code, String reason) {
        super(reason);
        this.code = code;
    }

    public RejectedException(RejectionCode code, String reason, Throwable cause) {
        super(reason, cause);
        this.code = code;
    }

    public RejectionCode code() {
        return code;
    }

    public String reason() {
        return getMessage();
    }

    @Override
    public String toString() {
        return code + ": " + getMessage();
    }
}
