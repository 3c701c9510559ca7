/**
 * A feed as the gateway reads it: its signed content as a stream (the header, each record
 * validated and checked for duplicates, limits enforced), the signer bound to the sender, and
 * putting a sender's feed together for signing.
 */
package org.tipgate.feed;
