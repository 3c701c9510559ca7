package org.tipgate.api;

import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.tipgate.crypto.Digests;
import org.tipgate.directory.Agency;
import org.tipgate.directory.AgencyDirectory;

/**
 * Which agency a TLS client certificate speaks for: the agency whose directory entry lists that very
 * certificate, byte for byte. A certificate the directory does not list speaks for no one, whatever
 * its subject says and whichever CA issued it. (The directory check makes every listed certificate
 * carry its agency's id as CN, so no certificate is listed for two agencies.)
 */
final class AgencyCertificates {

    private record Listed(byte[] der, Agency agency) {
    }

    private final Map<String, Listed> bySha256 = new HashMap<>();

    AgencyCertificates(AgencyDirectory directory) {
        for (Agency agency : directory.agencies()) {
            for (X509Certificate cert : directory.certificates(agency.id())) {
                bySha256.put(Digests.sha256Hex(cert), new Listed(der(cert), agency));
            }
        }
    }

    Optional<Agency> agencyOf(X509Certificate cert) {
        byte[] der = der(cert);
        Listed listed = bySha256.get(Digests.sha256Hex(der));
        return listed != null && Arrays.equals(listed.der(), der) ? Optional.of(listed.agency()) : Optional.empty();
    }

    private static byte[] der(X509Certificate cert) {
        try {
            return cert.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("certificate cannot be encoded: " + cert.getSubjectX500Principal(), e);
        }
    }
}
