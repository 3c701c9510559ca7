package org.tipgate.crypto;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;

/**
 * A signature that passed the whole policy.
 *
 * @param signer             the certificate the SignerInfo's SID names
 * @param path               the validated path: the signer first, the trust anchor last
 * @param signingTime        the signed signingTime attribute (asserted by the signer, checked against the window)
 * @param digestAlgorithm    e.g. {@code SHA-256}
 * @param signatureAlgorithm e.g. {@code SHA256withRSA}, {@code SHA256withECDSA}, {@code SHA256withRSAandMGF1}, {@code Ed25519}
 * @param cmsSha256          hex SHA-256 of the whole CMS input, as received
 * @param cmsLength          bytes of CMS input
 * @param contentLength      bytes of encapsulated content
 */
public record VerifiedSignature(X509Certificate signer, List<X509Certificate> path, Instant signingTime,
                                String digestAlgorithm, String signatureAlgorithm, String cmsSha256,
                                long cmsLength, long contentLength) {
}
