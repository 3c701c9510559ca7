package org.tipgate.crypto;

import java.security.Provider;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * The JCA provider for every envelope operation. Bouncy Castle, because its AES-GCM decrypts as a
 * stream, holding back only the 16-byte tag, where SunJCE buffers the whole ciphertext until the tag
 * is checked. Used by instance and never registered, so other code's provider choice is unchanged.
 */
final class EnvelopeProvider {

    static final Provider BC = new BouncyCastleProvider();

    private EnvelopeProvider() {
    }
}
