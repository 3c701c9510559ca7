/**
 * Audit events: every step of the pipeline (and every refused authentication) appends its events
 * to the audit queue in the same database transaction as the state change it describes. Events
 * carry ids, hashes, counts and codes, never personal data from the records (docs/audit-events.md).
 * The audit package's sequencer then places them in the tamper-evident log (docs/audit.md).
 */
package org.tipgate.events;
