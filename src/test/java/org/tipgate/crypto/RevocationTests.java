package org.tipgate.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tipgate.crypto.Fixtures.FEED;
import static org.tipgate.crypto.Fixtures.pki;
import static org.tipgate.crypto.RejectedFeedTests.assertRejected;

import java.security.cert.X509CRL;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tipgate.format.RejectionCode;
import org.tipgate.keys.CertificateIssuer;

/** Revocation is judged on the CRLs as they stand now, whatever signingTime the signer claims. */
class RevocationTests {

    private static final Instant NOW = Instant.now();
    private static final CertificateIssuer CA = new CertificateIssuer(pki().ca.cert(), pki().ca.key());

    @Test
    void acceptsFeedSignedBeforeTheLatestCrlWasIssued() throws Exception {
        X509CRL issuedJustNow = CA.crl(List.of(pki().revoked.cert()), NOW, NOW.plus(Duration.ofDays(7)));
        byte[] cms = Fixtures.signedAt(pki().ncrb, FEED, NOW.minus(Duration.ofHours(1)));

        assertThat(verifier(issuedJustNow).verify(cms).content()).isEqualTo(FEED);
    }

    @Test
    void reportsRevocationEvenWhenSigningTimeIsBackdatedBeforeIt() {
        byte[] backdated = Fixtures.signedAt(pki().revoked, FEED, NOW.minus(Duration.ofDays(3)));

        assertRejected(verifier(pki().crl), backdated, RejectionCode.CERT_REVOKED, "revoked");
    }

    @Test
    void refusesWhenTheIssuersOnlyCrlIsOutOfDate() {
        X509CRL stale = CA.crl(List.of(), NOW.minus(Duration.ofDays(10)), NOW.minus(Duration.ofDays(1)));

        assertRejected(verifier(stale), Fixtures.signed(pki().ncrb, FEED), RejectionCode.SIGNER_UNTRUSTED,
                "no current CRL");
    }

    @Test
    void stillReportsRevocationListedInAnOutOfDateCrl() {
        X509CRL stale = CA.crl(List.of(pki().revoked.cert()), NOW.minus(Duration.ofDays(10)), NOW.minus(Duration.ofDays(1)));

        assertRejected(verifier(stale), Fixtures.signed(pki().revoked, FEED), RejectionCode.CERT_REVOKED, "revoked");
    }

    @Test
    void ignoresCrlFromTheRogueCaThatBearsTheTrustedName() throws Exception {
        X509CRL forged = new CertificateIssuer(pki().rogueCa.cert(), pki().rogueCa.key())
                .crl(List.of(pki().ncrb.cert()), NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(7)));
        assertThat(forged.getIssuerX500Principal()).isEqualTo(pki().ca.cert().getSubjectX500Principal());

        VerificationPolicy both = VerificationPolicy.forFeeds(List.of(pki().ca.cert()), List.of(forged, pki().crl), Clock.systemUTC());
        assertThat(new SignatureVerifier(both).verify(Fixtures.signed(pki().ncrb, FEED)).content()).isEqualTo(FEED);
        assertRejected(verifier(forged), Fixtures.signed(pki().ncrb, FEED), RejectionCode.SIGNER_UNTRUSTED, "no current CRL");
    }

    @Test
    void checksNoRevocationWhenThePolicyHasNoCrls() throws Exception {
        assertThat(Fixtures.feedVerifier().verify(Fixtures.signed(pki().revoked, FEED)).content()).isEqualTo(FEED);
    }

    private static SignatureVerifier verifier(X509CRL crl) {
        return new SignatureVerifier(VerificationPolicy.forFeeds(List.of(pki().ca.cert()), List.of(crl), Clock.systemUTC()));
    }
}
