/**
 * The evidence spool: every feed exactly as it arrived, kept encrypted at rest for the gateway
 * (CMS AuthEnvelopedData), addressed by intake id, and read back whole for packaging and checks.
 */
package org.tipgate.evidence;
