package org.tipgate.events;

/** What happened; docs/audit-events.md describes each type and its detail fields. */
public enum EventType {
    /** A feed was taken in and kept as evidence (detail: intakeId, channel, sha256, bytes). */
    FEED_RECEIVED,
    /** A feed's signature, sender and content held (detail: counts, signer). */
    FEED_VERIFIED,
    /** A feed was refused as a whole (outcome: the rejection code). */
    FEED_REJECTED,
    /** A record passed verification at intake (tipId; outcome ACCEPTED; detail: line). */
    RECORD_ACCEPTED,
    /** A record was refused at intake (tipId when it had one; outcome: the rejection code; detail: line, reason). */
    RECORD_REJECTED,
    /** A record was quarantined or refused after verification (outcome: UNROUTABLE or DUPLICATE_TIP). */
    RECORD_REFUSED,
    /** A record was put in one recipient's package (tipId, packageId, recipient; outcome ROUTED; one event per recipient). */
    RECORD_ROUTED,
    /** A feed's records were routed (detail: records per recipient, quarantined). */
    FEED_ROUTED,
    /**
     * A feed's DELIVERED ack was not signed: its packages leave out tips routed to their recipients
     * that no earlier delivered package holds (outcome INCOMPLETE; detail: missing, examples,
     * packages). An operator alarm.
     */
    FEED_HELD,
    /** A package was built and put in the outbox. */
    PACKAGE_BUILT,
    /** A delivery attempt began (packageId, recipient; outcome ATTEMPTED; detail: attempt, transport). */
    DELIVERY_ATTEMPTED,
    /** One delivery attempt failed (outcome RETRY, or DEAD when retries are exhausted). */
    DELIVERY_FAILED,
    /** A package's retries were exhausted and it was set aside for an operator (outcome DEAD). */
    PACKAGE_DEAD_LETTERED,
    /** A package was delivered. */
    PACKAGE_DELIVERED,
    /** An operator put a dead package back in the outbox. */
    DELIVERY_RETRIED,
    /** A recipient downloaded a package from its SFTP outbox whole, for the first time (actor: the recipient; outcome COLLECTED). */
    PACKAGE_COLLECTED,
    /** A recipient removed a package it had collected from its SFTP outbox (actor: the recipient; outcome REMOVED). */
    PACKAGE_REMOVED,
    /** An ack was signed (outcome: its status; detail: stage, ackId). */
    ACK_SIGNED,
    /** A signed ack was handed to the sender: written to its acks folder or server, or answered over HTTPS (outcome SENT). */
    ACK_SENT,
    /** A receipt was verified and recorded, or refused (outcome: ACCEPTED or a rejection code). */
    RECEIPT_RECORDED,
    /** A client was refused by the HTTPS API (outcome 401 or 403) or the SFTP server (outcome REFUSED). */
    AUTHENTICATION_FAILED,
    /** The audit trail was queried, over HTTPS or by the CLI (actor: the agency or operator; outcome OK, NOT_FOUND, INVALID or ERROR; detail: the query and its filters). */
    AUDIT_QUERIED,
    /** Events were archived out of the database to a verified export file (actor: the operator; detail: from, to, sha256 of the file). */
    AUDIT_ARCHIVED,
    /** The agency directory the gateway runs with differs from the one it last recorded (detail: sha256, previous, agencies). */
    DIRECTORY_CHANGED,
    /** The gateway's own certificate or its trust anchors differ from those it last recorded (detail: fingerprints). */
    KEY_CHANGED
}
