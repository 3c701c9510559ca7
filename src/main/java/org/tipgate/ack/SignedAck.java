package org.tipgate.ack;

import org.tipgate.format.Ack;

/** A signed ack as the sender gets it: the document and its CMS bytes. */
public record SignedAck(Ack ack, byte[] signed) {
}
