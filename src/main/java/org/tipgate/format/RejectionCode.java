package org.tipgate.format;

/**
 * The stable rejection codes of the v1 acknowledgement (docs/formats.md#7-rejection-codes). Names
 * are part of the wire contract: never rename one, only add.
 */
public enum RejectionCode {
    /** The signature or a required signed attribute does not verify, or the SignerInfo count is not one. */
    SIGNATURE_INVALID,
    /** The signer certificate does not chain to a trust anchor, or does not belong to the named sender. */
    SIGNER_UNTRUSTED,
    /** A certificate on the signer's path was not valid at the signing time. */
    CERT_EXPIRED,
    /** A certificate on the signer's path is revoked by a configured CRL. */
    CERT_REVOKED,
    /** A digest, signature algorithm or key outside the allow-list (SHA-1, MD5, RSA below 2048 bits, ...). */
    ALGORITHM_REJECTED,
    /** signingTime lies outside the acceptance window. */
    SIGNING_TIME_OUT_OF_WINDOW,
    /** The feed id or the feed's hash has been seen before. */
    REPLAY,
    /** The input is not a well-formed DER CMS structure of the expected type (truncated, trailing data, ...). */
    MALFORMED_CMS,
    /** The feed exceeds a configured limit (size, record count, line length). */
    TOO_LARGE,
    /** The feed header (line 1) is missing, not valid JSON, or does not match the header schema or the records. */
    HEADER_INVALID,
    /** A record does not validate against the tip record schema. */
    RECORD_INVALID,
    /** A tipId appears twice in one feed, or was already delivered to that recipient. */
    DUPLICATE_TIP,
    /** No Indian state (or no agency for it) could be resolved: the record is quarantined, not lost. */
    UNROUTABLE
}
