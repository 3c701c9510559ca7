package org.tipgate.audit;

/** A Merkle proof, a checkpoint, an exported log or a custody report that does not hold. */
public class ProofException extends Exception {

    private static final long serialVersionUID = 1L;

    public ProofException(String message) {
        super(message);
    }

    public ProofException(String message, Throwable cause) {
        super(message, cause);
    }
}
