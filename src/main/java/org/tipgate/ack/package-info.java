/**
 * Acknowledgements to a feed's sender: building the v1 ack document, signing it, and reading and
 * verifying one (what {@code tipgate ack verify} does).
 */
package org.tipgate.ack;
