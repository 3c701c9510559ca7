package org.tipgate.crypto;

/** A small document's content together with the signature it was verified under. */
public record VerifiedContent(byte[] content, VerifiedSignature signature) {
}
