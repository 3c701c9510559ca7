package org.tipgate.crypto;

import java.security.Provider;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.DigestCalculatorProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

/**
 * One Bouncy Castle provider instance handed to the builders that need it, so that nothing is
 * registered in {@link java.security.Security}.
 *
 * <p>What runs where: Bouncy Castle parses and writes the CMS structures and does the public-key
 * work of envelopes (RSA-OAEP and PKCS#1 key transport, ECDH, AES key wrap), on this provider. The
 * bulk AES-256-GCM, of envelope content and of sealed scratch files, runs on the JDK's SunJCE, whose
 * AES, CTR and GHASH use the CPU's instructions (GB/s, against about 100 MB/s for Bouncy Castle's
 * lightweight GCM): encryption is SunJCE's streaming AES-GCM; decryption is {@link FastGcm}, AES-CTR
 * plus a second GCM encryption that reproduces the tag, because SunJCE's GCM decryption holds the
 * whole ciphertext until the tag is checked. Content digests use the JDK's MessageDigest, whose
 * SHA-2 intrinsics are several times faster on large feeds.
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
