package org.tipgate.audit;

/** An event of the log with the leaf hash the sequencer recorded for it. */
public record LoggedEvent(AuditEvent event, byte[] leafHash) {

    public LoggedEvent {
        leafHash = leafHash.clone();
    }

    @Override
    public byte[] leafHash() {
        return leafHash.clone();
    }
}
