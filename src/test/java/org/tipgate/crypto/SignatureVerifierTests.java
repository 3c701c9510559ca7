package org.tipgate.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.tipgate.crypto.Fixtures.FEED;
import static org.tipgate.crypto.Fixtures.feedVerifier;
import static org.tipgate.crypto.Fixtures.pki;
import static org.tipgate.crypto.Fixtures.signed;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cms.SignerInfoGenerator;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.junit.jupiter.api.Test;
import org.tipgate.format.RejectedException;
import org.tipgate.keys.CertificateIssuer;
import org.tipgate.keys.KeyKind;
import org.tipgate.testing.TestPki.Credential;

class SignatureVerifierTests {

    @Test
    void acceptsFeedSignedByRsaSenderAndReportsWhatItVerified() throws Exception {
        byte[] cms = signed(pki().ncrb, FEED);

        VerifiedContent verified = feedVerifier().verify(cms);

        VerifiedSignature signature = verified.signature();
        assertThat(verified.content()).isEqualTo(FEED);
        assertThat(signature.signer()).isEqualTo(pki().ncrb.cert());
        assertThat(signature.path()).containsExactly(pki().ncrb.cert(), pki().ca.cert());
        assertThat(signature.digestAlgorithm()).isEqualTo("SHA-256");
        assertThat(signature.signatureAlgorithm()).isEqualTo("SHA256withRSA");
        assertThat(signature.cmsSha256()).isEqualTo(Digests.sha256Hex(cms));
        assertThat(signature.cmsLength()).isEqualTo(cms.length);
        assertThat(signature.contentLength()).isEqualTo(FEED.length);
        assertThat(signature.signingTime()).isCloseTo(Instant.now(), within(1, ChronoUnit.MINUTES));
    }

    @Test
    void acceptsFeedSignedByEcP256Sender() throws Exception {
        VerifiedContent verified = feedVerifier().verify(signed(pki().stateEc, FEED));

        assertThat(verified.content()).isEqualTo(FEED);
        assertThat(verified.signature().signatureAlgorithm()).isEqualTo("SHA256withECDSA");
    }

    @Test
    void acceptsEcP384SignerWithSha384() throws Exception {
        Credential p384 = issued("mp-bhopal", KeyKind.EC_P384.generate());

        VerifiedSignature signature = feedVerifier().verify(signed(p384, FEED)).signature();

        assertThat(signature.digestAlgorithm()).isEqualTo("SHA-384");
        assertThat(signature.signatureAlgorithm()).isEqualTo("SHA384withECDSA");
    }

    @Test
    void acceptsEd25519Signer() throws Exception {
        KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        Credential ed = issued("mp-gwalior", pair);

        VerifiedSignature signature = feedVerifier().verify(signed(ed, FEED)).signature();

        assertThat(signature.signatureAlgorithm()).isEqualTo("Ed25519");
        assertThat(signature.digestAlgorithm()).isEqualTo("SHA-512");
    }

    @Test
    void acceptsRsaPssSignature() throws Exception {
        byte[] cms = Fixtures.bcSigned(FEED, List.of(pki().ncrb.cert()),
                Fixtures.bcSigner("SHA256withRSAandMGF1", pki().ncrb));

        VerifiedSignature signature = feedVerifier().verify(cms).signature();

        assertThat(signature.signatureAlgorithm()).isEqualTo("SHA256withRSAandMGF1");
    }

    @Test
    void findsTheSignerBySubjectKeyIdentifier() throws Exception {
        X509Certificate cert = pki().stateEc.cert();
        byte[] ski = ASN1OctetString.getInstance(ASN1OctetString.getInstance(
                cert.getExtensionValue(Extension.subjectKeyIdentifier.getId())).getOctets()).getOctets();
        SignerInfoGenerator bySki = new JcaSignerInfoGeneratorBuilder(new JcaDigestCalculatorProviderBuilder().build())
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(pki().stateEc.key()), ski);
        byte[] cms = Fixtures.bcSigned(FEED, List.of(pki().ncrb.cert(), cert), bySki);

        VerifiedSignature signature = feedVerifier().verify(cms).signature();

        assertThat(signature.signer()).isEqualTo(cert);
    }

    @Test
    void streamsContentToTheSinkByteForByte() throws Exception {
        byte[] cms = signed(pki().ncrb, FEED);
        ByteArrayOutputStream seen = new ByteArrayOutputStream();

        VerifiedSignature signature = feedVerifier().verify(new ByteArrayInputStream(cms), in -> in.transferTo(seen));

        assertThat(seen.toByteArray()).isEqualTo(FEED);
        assertThat(signature.cmsSha256()).isEqualTo(Digests.sha256Hex(cms));
    }

    @Test
    void verifiesWholeContentEvenIfTheSinkStopsReadingEarly() throws Exception {
        byte[] cms = signed(pki().ncrb, FEED);

        VerifiedSignature signature = feedVerifier().verify(new ByteArrayInputStream(cms), in -> {
            in.read(new byte[10]);
            in.close();
        });

        assertThat(signature.contentLength()).isEqualTo(FEED.length);
    }

    @Test
    void acceptsEmptyContent() throws Exception {
        VerifiedContent verified = feedVerifier().verify(signed(pki().ncrb, new byte[0]));

        assertThat(verified.content()).isEmpty();
    }

    @Test
    void propagatesTheSinksOwnFailure() {
        byte[] cms = signed(pki().ncrb, FEED);

        assertThatThrownBy(() -> feedVerifier().verify(new ByteArrayInputStream(cms), in -> {
            throw new IOException("spool disk full");
        })).isInstanceOf(IOException.class).hasMessage("spool disk full");
    }

    @Test
    void propagatesAnIoFailureOfTheInputRatherThanCallingItMalformed() {
        byte[] cms = signed(pki().ncrb, FEED);
        InputStream failing = new FilterInputStream(new ByteArrayInputStream(cms, 0, 300)) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                if (n == -1) {
                    throw new IOException("connection reset");
                }
                return n;
            }

            @Override
            public int read() throws IOException {
                int n = super.read();
                if (n == -1) {
                    throw new IOException("connection reset");
                }
                return n;
            }
        };

        assertThatThrownBy(() -> feedVerifier().verify(failing, in -> in.transferTo(OutputStream.nullOutputStream())))
                .isInstanceOf(IOException.class).isNotInstanceOf(RejectedException.class)
                .hasMessage("connection reset");
    }

    @Test
    void documentPolicyAcceptsOldSignaturesThatTheFeedPolicyRefuses() throws Exception {
        byte[] cms = Fixtures.signedAt(pki().ncrb, FEED, Instant.now().minus(Duration.ofDays(20)));
        VerificationPolicy documents = VerificationPolicy.forDocuments(List.of(pki().ca.cert()), List.of(), Clock.systemUTC());

        assertThat(new SignatureVerifier(documents).verify(cms).content()).isEqualTo(FEED);
        assertThatThrownBy(() -> feedVerifier().verify(cms)).isInstanceOf(RejectedException.class);
    }

    @Test
    void acceptsSigningTimeJustInsideTheWindow() throws Exception {
        Instant now = Instant.now();
        feedVerifier().verify(Fixtures.signedAt(pki().ncrb, FEED, now.minus(Duration.ofDays(6))));
        feedVerifier().verify(Fixtures.signedAt(pki().ncrb, FEED, now.plus(Duration.ofMinutes(4))));
    }

    static Credential issued(String id, KeyPair pair) {
        Instant now = Instant.now();
        X509Certificate cert = new CertificateIssuer(pki().ca.cert(), pki().ca.key()).issue(CertificateIssuer.Request.agency(
                "CN=" + id + ",O=TipGate Test Agency,C=IN", pair.getPublic(), now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(30))));
        return new Credential(id, cert, pair.getPrivate());
    }
}
