/**
 * The HTTPS API (Apache CXF JAX-RS under {@code /api}): a national sender posts feeds and reads
 * their status and acks; auditors, agencies and senders query the audit trail, read-only. The client
 * certificate, matched against the agency directory, says which agency is asking and so what it may
 * do and see; every refusal leaves an AUTHENTICATION_FAILED event, every audit query an AUDIT_QUERIED.
 */
package org.tipgate.api;
