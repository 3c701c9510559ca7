package org.tipgate.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tipgate.crypto.Fixtures.FEED;
import static org.tipgate.crypto.Fixtures.pki;
import static org.tipgate.crypto.RejectedFeedTests.assertRejected;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.junit.jupiter.api.Test;
import org.tipgate.format.RejectionCode;
import org.tipgate.keys.KeyKind;

/** Paths through intermediate CAs: from the CMS, from the policy, and ones that must not validate. */
class SignerPathTests {

    private static final KeyPair INTERMEDIATE_KEY = KeyKind.EC_P256.generate();
    private static final X509Certificate INTERMEDIATE = Fixtures.certificate(Fixtures.name(pki().ca.cert()),
            pki().ca.key(), BigInteger.valueOf(1001), "CN=TipGate Test Issuing CA,O=TipGate Test,C=IN",
            INTERMEDIATE_KEY.getPublic(), true);
    private static final KeyPair SENDER_KEY = KeyKind.EC_P256.generate();
    private static final X509Certificate SENDER = Fixtures.certificate(Fixtures.name(INTERMEDIATE),
            INTERMEDIATE_KEY.getPrivate(), BigInteger.valueOf(2002), "CN=ncrb,O=TipGate Test Agency,C=IN",
            SENDER_KEY.getPublic(), false);

    @Test
    void acceptsSignerWhoseIntermediateTravelsInTheCms() throws Exception {
        byte[] cms = new CmsSigner(SENDER_KEY.getPrivate(), SENDER, List.of(INTERMEDIATE), Clock.systemUTC()).sign(FEED);

        VerifiedSignature signature = Fixtures.feedVerifier().verify(cms).signature();

        assertThat(signature.path()).containsExactly(SENDER, INTERMEDIATE, pki().ca.cert());
    }

    @Test
    void acceptsSignerWhoseIntermediateComesFromThePolicy() throws Exception {
        byte[] cms = new CmsSigner(SENDER_KEY.getPrivate(), SENDER, List.of(), Clock.systemUTC()).sign(FEED);
        VerificationPolicy policy = new VerificationPolicy(List.of(pki().ca.cert()), List.of(INTERMEDIATE), List.of(),
                VerificationPolicy.FEED_MAX_AGE, VerificationPolicy.MAX_FUTURE_SKEW, Clock.systemUTC());

        VerifiedSignature signature = new SignatureVerifier(policy).verify(cms).signature();

        assertThat(signature.path()).containsExactly(SENDER, INTERMEDIATE, pki().ca.cert());
    }

    @Test
    void rejectsSignerWhoseIntermediateIsMissing() {
        byte[] cms = new CmsSigner(SENDER_KEY.getPrivate(), SENDER, List.of(), Clock.systemUTC()).sign(FEED);

        assertRejected(cms, RejectionCode.SIGNER_UNTRUSTED, "no path");
    }

    @Test
    void rejectsCertificateIssuedByAnEndEntity() {
        KeyPair key = KeyKind.EC_P256.generate();
        X509Certificate issuedByNcrb = Fixtures.certificate(Fixtures.name(pki().ncrb.cert()), pki().ncrb.key(),
                BigInteger.valueOf(3003), "CN=mp-scc,O=TipGate Test Agency,C=IN", key.getPublic(), false);
        byte[] cms = new CmsSigner(key.getPrivate(), issuedByNcrb, List.of(pki().ncrb.cert()), Clock.systemUTC()).sign(FEED);

        assertRejected(cms, RejectionCode.SIGNER_UNTRUSTED, "path validation failed");
    }

    @Test
    void rejectsSignerCertificateNotMeantForSigning() {
        KeyPair key = KeyKind.EC_P256.generate();
        X509Certificate encryptionOnly = Fixtures.certificate(Fixtures.name(pki().ca.cert()), pki().ca.key(),
                BigInteger.valueOf(4004), "CN=ncrb,O=TipGate Test Agency,C=IN", key.getPublic(), false, KeyUsage.keyAgreement);
        byte[] cms = new CmsSigner(key.getPrivate(), encryptionOnly, List.of(), Clock.systemUTC()).sign(FEED);

        assertRejected(cms, RejectionCode.SIGNER_UNTRUSTED, "keyUsage");
    }
}
