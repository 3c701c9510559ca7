package org.tipgate.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.tipgate.crypto.Pem;
import org.tipgate.keys.CertificateIssuer;
import org.tipgate.keys.KeyKind;

/**
 * An in-memory PKI for tests: a trusted CA with agencies of each key kind, an expired and a
 * revoked certificate (with the CRL), an RSA-1024 agency, and a second, untrusted CA.
 * Agency certificates carry the agency id as CN, like the demo PKI.
 */
public final class TestPki {

    /** A certificate with its private key. */
    public record Credential(String id, X509Certificate cert, PrivateKey key) {
        /** Writes {@code <id>.crt.pem} and {@code <id>.key.pem} into {@code dir}. */
        public Credential writeTo(Path dir) throws IOException {
            Pem.write(dir.resolve(id + ".crt.pem"), cert);
            Pem.write(dir.resolve(id + ".key.pem"), key);
            return this;
        }

        public Path certFile(Path dir) {
            return dir.resolve(id + ".crt.pem");
        }

        public Path keyFile(Path dir) {
            return dir.resolve(id + ".key.pem");
        }
    }

    private static final Instant NOW = Instant.now();
    private static TestPki shared;

    public final Credential ca;
    public final Credential rogueCa;
    /** The national sender, RSA 2048. */
    public final Credential ncrb;
    /** A state agency, EC P-256. */
    public final Credential stateEc;
    /** The gateway, EC P-256. */
    public final Credential gateway;
    /** A district agency, RSA 2048. */
    public final Credential districtRsa;
    /** Issued by the trusted CA, valid until yesterday. */
    public final Credential expired;
    /** Issued by the trusted CA, listed in {@link #crl}. */
    public final Credential revoked;
    /** Issued by the trusted CA with an RSA-1024 key. */
    public final Credential rsa1024;
    /** Issued by {@link #rogueCa}, with the same CN as ncrb. */
    public final Credential impostor;
    public final X509CRL crl;

    private TestPki() {
        ca = ca("ca", "CN=TipGate Test Root CA,O=TipGate Test,C=IN");
        rogueCa = ca("rogue-ca", "CN=TipGate Test Root CA,O=TipGate Test,C=IN");
        CertificateIssuer issuer = new CertificateIssuer(ca.cert(), ca.key());
        CertificateIssuer rogueIssuer = new CertificateIssuer(rogueCa.cert(), rogueCa.key());
        Instant from = NOW.minus(Duration.ofDays(30));
        Instant until = NOW.plus(Duration.ofDays(365));
        ncrb = agency(issuer, "ncrb", KeyKind.RSA_2048, from, until);
        stateEc = agency(issuer, "mp-scc", KeyKind.EC_P256, from, until);
        districtRsa = agency(issuer, "mp-indore", KeyKind.RSA_2048, from, until);
        gateway = agency(issuer, "tipgate", KeyKind.EC_P256, from, until);
        expired = agency(issuer, "ncrb", KeyKind.EC_P256, from, NOW.minus(Duration.ofDays(1)));
        revoked = agency(issuer, "ncrb", KeyKind.EC_P256, from, until);
        rsa1024 = agency(issuer, "ncrb", KeyKind.RSA_1024, from, until);
        impostor = agency(rogueIssuer, "ncrb", KeyKind.EC_P256, from, until);
        crl = issuer.crl(List.of(revoked.cert()), NOW.minus(Duration.ofDays(2)), NOW.plus(Duration.ofDays(30)));
    }

    /** One PKI per test JVM: RSA key generation is slow enough to share. */
    public static synchronized TestPki get() {
        if (shared == null) {
            shared = new TestPki();
        }
        return shared;
    }

    private static Credential ca(String id, String dn) {
        KeyPair pair = KeyKind.EC_P256.generate();
        X509Certificate cert = CertificateIssuer.selfSignedCa(pair, dn,
                NOW.minus(Duration.ofDays(365)), NOW.plus(Duration.ofDays(3650)));
        return new Credential(id, cert, pair.getPrivate());
    }

    private static Credential agency(CertificateIssuer issuer, String id, KeyKind kind, Instant from, Instant until) {
        KeyPair pair = kind.generate();
        X509Certificate cert = issuer.issue(CertificateIssuer.Request.agency(
                "CN=" + id + ",O=TipGate Test Agency,C=IN", pair.getPublic(), from, until));
        return new Credential(id, cert, pair.getPrivate());
    }
}
