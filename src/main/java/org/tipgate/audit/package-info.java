/**
 * The tamper-evident audit trail (docs/design.md#6-audit-trail, docs/audit.md): events queued by
 * the pipeline in its own transactions ({@code events.EventLog}) are placed by the {@link
 * org.tipgate.audit.Sequencer} in an RFC 6962 Merkle log ({@link org.tipgate.audit.Merkle}) whose
 * leaves are their canonical JSON ({@link org.tipgate.audit.AuditEvent}); the gateway signs {@link
 * org.tipgate.audit.Checkpoints}; {@link org.tipgate.audit.AuditTrail} answers queries, proofs and
 * custody reports with per-agency visibility ({@link org.tipgate.audit.Viewer}); exports ({@link
 * org.tipgate.audit.AuditExporter}), archives ({@link org.tipgate.audit.AuditArchive}) and their
 * offline checks ({@link org.tipgate.audit.LogVerifier}, {@link org.tipgate.audit.CustodyReport})
 * need nothing but the gateway's certificate.
 */
package org.tipgate.audit;
