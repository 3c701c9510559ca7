package org.tipgate.keys;

import java.io.IOException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.Function;
import org.tipgate.keys.CertificateIssuer.Profile;
import org.tipgate.keys.CertificateIssuer.Request;

/**
 * The demo PKI of the embedded default (docs/design.md#8-the-embedded-default), as {@code tipgate
 * keys demo} writes it: a root CA, every agency of the demo directory with its certificate, PKCS#8
 * key and OpenSSH login key, an expired and a revoked national-sender certificate for tests, the
 * CRL, and the HTTPS server certificate. Every key is written unencrypted: the output is public
 * example material, never for production.
 */
public final class DemoPki {

    static final String CA_DN = "CN=TipGate Demo Root CA,O=TipGate Demo,C=IN";

    public static final List<DemoAgency> AGENCIES = List.of(
            new DemoAgency("ncrb", "National Crime Records Bureau", "NATIONAL_SENDER", KeyKind.RSA_2048, null, null, null),
            new DemoAgency("tipgate", "TipGate gateway", "GATEWAY", KeyKind.EC_P256, null, null, null),
            new DemoAgency("mp-scc", "Madhya Pradesh State Cyber Cell", "STATE_NODAL", KeyKind.RSA_2048, "IN-MP", 23, null),
            new DemoAgency("dl-ifso", "Delhi Police IFSO", "STATE_NODAL", KeyKind.EC_P256, "IN-DL", 7, null),
            new DemoAgency("mp-indore", "SP Indore", "DISTRICT", KeyKind.RSA_2048, "IN-MP", 23, 410),
            new DemoAgency("mp-bhopal", "SP Bhopal", "DISTRICT", KeyKind.EC_P256, "IN-MP", 23, 396),
            new DemoAgency("mp-gwalior", "SP Gwalior", "DISTRICT", KeyKind.RSA_2048, "IN-MP", 23, 407),
            new DemoAgency("dl-new-delhi", "DCP New Delhi District", "DISTRICT", KeyKind.EC_P256, "IN-DL", 7, 79),
            new DemoAgency("auditor", "Audit Inspection Officer", "AUDITOR", KeyKind.EC_P256, null, null, null));

    /** Backdated a day so that a verifier whose clock runs behind still accepts the certificates. */
    static final Duration BACKDATING = Duration.ofDays(1);
    static final Duration EXPIRED_ISSUED_AGO = Duration.ofDays(30);
    static final int VALID_YEARS = 10;

    private DemoPki() {
    }

    /** Writes the demo PKI into {@code outDir} (created if need be, files overwritten); returns the files. */
    public static List<Path> write(Path outDir, Clock clock) throws IOException {
        Instant now = clock.instant();
        Instant from = now.minus(BACKDATING);
        Instant until = now.atOffset(ZoneOffset.UTC).plusYears(VALID_YEARS).toInstant();
        DemoPkiFiles files = new DemoPkiFiles(outDir);

        // The CA's validity begins with the oldest certificate it issues, the expired one.
        KeyPair caPair = KeyKind.RSA_3072.generate();
        X509Certificate ca = CertificateIssuer.selfSignedCa(caPair, CA_DN, now.minus(EXPIRED_ISSUED_AGO), until);
        CertificateIssuer issuer = new CertificateIssuer(ca, caPair.getPrivate());
        files.pem("ca.crt.pem", ca);
        for (DemoAgency agency : AGENCIES) {
            issue(files, issuer, agency.id(), agency.kind(), key -> Request.agency(agency.subjectDn(), key, from, until));
            DemoSshKeys.write(files, agency.id());
        }
        String ncrb = AGENCIES.get(0).subjectDn();
        issue(files, issuer, "ncrb-expired", KeyKind.RSA_2048,
                key -> Request.agency(ncrb, key, now.minus(EXPIRED_ISSUED_AGO), now.minus(BACKDATING)));
        X509Certificate revoked = issue(files, issuer, "ncrb-revoked", KeyKind.RSA_2048,
                key -> Request.agency(ncrb, key, from, until));
        files.pem("ca.crl.pem", issuer.crl(List.of(revoked), from, until));
        issue(files, issuer, "localhost", KeyKind.EC_P256, key -> new Request("CN=localhost,O=TipGate Demo,C=IN",
                key, from, until, Profile.TLS_SERVER, List.of("localhost"), List.of("127.0.0.1")));
        files.text("README.md", DemoPkiReadme.text(now, until));
        return files.written();
    }

    /** Writes {@code <fileId>.crt.pem} and {@code <fileId>.key.pem} for a fresh key of {@code kind}. */
    private static X509Certificate issue(DemoPkiFiles files, CertificateIssuer issuer, String fileId, KeyKind kind,
                                         Function<PublicKey, Request> request) throws IOException {
        KeyPair pair = kind.generate();
        X509Certificate cert = issuer.issue(request.apply(pair.getPublic()));
        files.pem(fileId + ".crt.pem", cert);
        files.privateKey(fileId + ".key.pem", pair.getPrivate());
        return cert;
    }
}
