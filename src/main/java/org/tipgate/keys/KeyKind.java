package org.tipgate.keys;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;

/** The key types TipGate issues. RSA_1024 exists only so that tests can prove it is refused. */
public enum KeyKind {
    RSA_1024("RSA", 1024),
    RSA_2048("RSA", 2048),
    RSA_3072("RSA", 3072),
    EC_P256("EC", 256),
    EC_P384("EC", 384);

    private final String algorithm;
    private final int bits;

    KeyKind(String algorithm, int bits) {
        this.algorithm = algorithm;
        this.bits = bits;
    }

    public boolean isRsa() {
        return "RSA".equals(algorithm);
    }

    public KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
            if (isRsa()) {
                generator.initialize(bits);
            } else {
                generator.initialize(new ECGenParameterSpec(bits == 256 ? "secp256r1" : "secp384r1"));
            }
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot generate " + this + " keys", e);
        }
    }
}
