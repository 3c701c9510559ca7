package org.tipgate.directory;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.sshd.common.config.keys.AuthorizedKeyEntry;
import org.tipgate.crypto.AgencyNames;
import org.tipgate.crypto.CmsEncryptor;
import org.tipgate.crypto.Pem;

/**
 * The key material each entry names: certificates readable, issued by a CA the directory trusts,
 * valid now, naming the agency (CN = id), usable for encryption where the agency receives packages;
 * SSH public keys readable. Loads what it checked, so that nothing is read twice.
 */
final class KeyMaterialCheck {

    private final Path base;
    private final Clock clock;
    private final List<String> findings = new ArrayList<>();
    private final List<X509Certificate> trust = new ArrayList<>();
    private final List<X509CRL> crls = new ArrayList<>();
    private final Map<String, List<X509Certificate>> certificates = new LinkedHashMap<>();

    KeyMaterialCheck(Path base, Clock clock) {
        this.base = base;
        this.clock = clock;
    }

    List<String> check(DirectoryFile file) {
        for (String path : file.trust()) {
            try {
                trust.addAll(Pem.readCertificates(base.resolve(path)));
            } catch (IOException e) {
                findings.add("(file): trust " + path + ": " + FileProblem.of(base.resolve(path), e));
            }
        }
        for (String path : file.crls()) {
            try {
                crls.addAll(Pem.readCrls(base.resolve(path)));
            } catch (IOException e) {
                findings.add("(file): crls " + path + ": " + FileProblem.of(base.resolve(path), e));
            }
        }
        for (Agency agency : file.agencies()) {
            if (agency.id() == null) {
                continue;
            }
            String entry = "agency " + agency.id();
            if (agency.certificates().isEmpty()) {
                findings.add(entry + ": no certificate");
            }
            List<X509Certificate> loaded = new ArrayList<>();
            for (String path : agency.certificates()) {
                try {
                    X509Certificate cert = Pem.readCertificate(base.resolve(path));
                    checkCertificate(entry + ": certificate " + path, agency, cert);
                    loaded.add(cert);
                } catch (IOException e) {
                    findings.add(entry + ": certificate " + path + ": " + FileProblem.of(base.resolve(path), e));
                }
            }
            certificates.put(agency.id(), List.copyOf(loaded));
            for (String path : agency.sshKeys()) {
                checkSshKey(entry + ": sshKey " + path, base.resolve(path));
            }
        }
        return findings;
    }

    List<X509Certificate> trust() {
        return List.copyOf(trust);
    }

    List<X509CRL> crls() {
        return List.copyOf(crls);
    }

    Map<String, List<X509Certificate>> certificates() {
        return certificates;
    }

    private void checkCertificate(String where, Agency agency, X509Certificate cert) {
        if (!AgencyNames.speaksFor(cert, agency.id())) {
            findings.add(where + ": its subject " + cert.getSubjectX500Principal().getName()
                    + " does not have CN=" + agency.id());
        }
        try {
            cert.checkValidity(Date.from(clock.instant()));
        } catch (GeneralSecurityException e) {
            findings.add(where + ": not valid now (" + cert.getNotBefore().toInstant() + " to "
                    + cert.getNotAfter().toInstant() + ")");
        }
        if (trust.stream().noneMatch(ca -> issued(ca, cert))) {
            findings.add(where + ": not issued by a CA in the directory's trust");
        }
        if (crls.stream().anyMatch(crl -> crl.isRevoked(cert))) {
            findings.add(where + ": revoked by a CRL in the directory's crls");
        }
        if (agency.role() != null && agency.role().receivesPackages()) {
            try {
                new CmsEncryptor(cert);
            } catch (IllegalArgumentException e) {
                findings.add(where + ": cannot encrypt for it: " + e.getMessage());
            }
        }
    }

    private static boolean issued(X509Certificate ca, X509Certificate cert) {
        if (!ca.getSubjectX500Principal().equals(cert.getIssuerX500Principal())) {
            return false;
        }
        try {
            cert.verify(ca.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private void checkSshKey(String where, Path file) {
        try {
            List<AuthorizedKeyEntry> entries = AuthorizedKeyEntry.readAuthorizedKeys(file);
            if (entries.isEmpty()) {
                findings.add(where + ": holds no public key");
            }
            for (AuthorizedKeyEntry entry : entries) {
                entry.resolvePublicKey(null, null);
            }
        } catch (IOException e) {
            findings.add(where + ": " + FileProblem.of(file, e));
        } catch (GeneralSecurityException e) {
            findings.add(where + ": " + e.getMessage());
        }
    }
}
