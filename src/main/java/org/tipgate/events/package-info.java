/**
 * Audit-ready events: every step of the pipeline (and every refused authentication) appends one
 * row, in the same database transaction as the state change it describes. Events carry ids,
 * hashes, counts and codes, never personal data from the records. The tamper-evident trail
 * (Merkle tree, signed checkpoints, queries) is built over these rows by the audit module.
 */
package org.tipgate.events;
