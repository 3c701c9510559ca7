package org.tipgate.crypto;

import java.security.Provider;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.DigestCalculatorProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

/**
 * One Bouncy Castle provider instance handed to the builders that need it, so that nothing is
 * registered in {@link java.security.Security}. Envelopes use it because its AES-GCM decrypts as a
 * stream, holding back only the 16-byte tag, where SunJCE buffers the whole ciphertext until the
 * tag is checked. Content digests use the JDK's MessageDigest, whose SHA-2 intrinsics are several
 * times faster on large feeds.
 */
final class Bc {

    static final Provider PROVIDER = new BouncyCastleProvider();

    private Bc() {
    }

    static DigestCalculatorProvider jdkDigests() {
        try {
            return new JcaDigestCalculatorProviderBuilder().build();
        } catch (OperatorCreationException e) {
            throw new IllegalStateException("no digest calculator provider", e);
        }
    }
}
