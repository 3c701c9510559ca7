package org.tipgate.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.tipgate.crypto.Fixtures.pki;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tipgate.keys.KeyKind;

class VerificationPolicyTests {

    @Test
    void feedPolicyAllowsSevenDaysBackAndFiveMinutesAhead() {
        VerificationPolicy feeds = VerificationPolicy.forFeeds(List.of(pki().ca.cert()), null, Clock.systemUTC());

        assertThat(feeds.maxAge()).isEqualTo(Duration.ofDays(7));
        assertThat(feeds.maxFutureSkew()).isEqualTo(Duration.ofMinutes(5));
        assertThat(feeds.crls()).isEmpty();
    }

    @Test
    void documentPolicyHasNoMaximumAge() {
        VerificationPolicy documents = VerificationPolicy.forDocuments(List.of(pki().ca.cert()), List.of(pki().crl), Clock.systemUTC());

        assertThat(documents.maxAge()).isNull();
        assertThat(documents.maxFutureSkew()).isEqualTo(Duration.ofMinutes(5));
        assertThat(documents.crls()).containsExactly(pki().crl);
    }

    @Test
    void loadsSelfSignedCertificatesAsAnchorsAndTheRestAsIntermediates(@TempDir Path dir) throws IOException {
        KeyPair key = KeyKind.EC_P256.generate();
        X509Certificate intermediate = Fixtures.certificate(Fixtures.name(pki().ca.cert()), pki().ca.key(),
                BigInteger.TEN, "CN=Issuing CA", key.getPublic(), true);
        Path trust = dir.resolve("trust.pem");
        Pem.write(trust, intermediate, pki().ca.cert());
        Path crls = dir.resolve("ca.crl.pem");
        Pem.write(crls, pki().crl);

        VerificationPolicy policy = VerificationPolicy.load(trust, crls, true, Clock.systemUTC());

        assertThat(policy.trustAnchors()).containsExactly(pki().ca.cert());
        assertThat(policy.intermediates()).containsExactly(intermediate);
        assertThat(policy.crls()).containsExactly(pki().crl);
        assertThat(policy.maxAge()).isEqualTo(Duration.ofDays(7));
        assertThat(VerificationPolicy.load(trust, null, false, Clock.systemUTC()).maxAge()).isNull();
    }

    @Test
    void refusesTrustFileWithoutSelfSignedCertificate(@TempDir Path dir) throws IOException {
        Path trust = dir.resolve("trust.pem");
        Pem.write(trust, pki().ncrb.cert());

        assertThatThrownBy(() -> VerificationPolicy.load(trust, null, true, Clock.systemUTC()))
                .isInstanceOf(IOException.class).hasMessageContaining("no self-signed certificate");
    }

    @Test
    void refusesPolicyWithoutTrustAnchors() {
        assertThatThrownBy(() -> VerificationPolicy.forFeeds(List.of(), List.of(), Clock.systemUTC()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
