package org.tipgate.events;

/** What happened; docs/audit-events.md describes each type and its detail fields. */
public enum EventType {
    /** A feed was taken in and kept as evidence (detail: intakeId, channel, sha256, bytes). */
    FEED_RECEIVED,
    /** A feed's signature, sender and content held (detail: counts, signer). */
    FEED_VERIFIED,
    /** A feed was refused as a whole (outcome: the rejection code). */
    FEED_REJECTED,
    /** A record was quarantined or refused after verification (outcome: UNROUTABLE or DUPLICATE_TIP). */
    RECORD_REFUSED,
    /** A feed's records were routed (detail: records per recipient, quarantined). */
    FEED_ROUTED,
    /** A package was built and put in the outbox. */
    PACKAGE_BUILT,
    /** One delivery attempt failed (outcome RETRY, or DEAD when retries are exhausted). */
    DELIVERY_FAILED,
    /** A package was delivered. */
    PACKAGE_DELIVERED,
    /** An operator put a dead package back in the outbox. */
    DELIVERY_RETRIED,
    /** An ack was signed (outcome: its status; detail: stage, ackId). */
    ACK_SIGNED,
    /** A receipt was verified and recorded, or refused (outcome: ACCEPTED or a rejection code). */
    RECEIPT_RECORDED,
    /** A client was refused by the HTTPS API (outcome: 401 or 403) or the SFTP server. */
    AUTHENTICATION_FAILED
}
