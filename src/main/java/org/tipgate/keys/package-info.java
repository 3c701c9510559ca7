/**
 * Key material: issuing certificates and CRLs, and the demo PKI that {@code tipgate keys demo}
 * writes. Nothing here is used to verify anything; verification lives in the crypto package.
 */
package org.tipgate.keys;
