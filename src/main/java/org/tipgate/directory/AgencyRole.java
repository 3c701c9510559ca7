package org.tipgate.directory;

/** What an agency does in the exchange (docs/design.md#1-parties). */
public enum AgencyRole {
    /** Sends feeds (NCRB). */
    NATIONAL_SENDER,
    /** TipGate itself: signs packages and acknowledgements. */
    GATEWAY,
    /** Receives the packages for its state. */
    STATE_NODAL,
    /** Receives the packages for its district. */
    DISTRICT,
    /** Reads the audit trail. */
    AUDITOR;

    /** Roles that receive packages, and so need an endpoint. */
    public boolean receivesPackages() {
        return this == STATE_NODAL || this == DISTRICT;
    }
}
