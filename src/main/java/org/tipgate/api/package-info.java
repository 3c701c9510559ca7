/**
 * The HTTPS intake API (Apache CXF JAX-RS under {@code /api}): a national sender posts feeds and
 * reads their status and acks; the client certificate, matched against the agency directory, says
 * which agency is asking, and every refusal leaves an AUTHENTICATION_FAILED event.
 */
package org.tipgate.api;
