package org.tipgate.crypto;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What the verifier accepts: the trust anchors, extra intermediate certificates for building paths,
 * the CRLs (none: no revocation checking), and the signingTime window
 * {@code [now - maxAge, now + maxFutureSkew]} on {@code clock}.
 *
 * @param maxAge null for no limit
 */
public record VerificationPolicy(List<X509Certificate> trustAnchors, List<X509Certificate> intermediates,
                                 List<X509CRL> crls, Duration maxAge, Duration maxFutureSkew, Clock clock) {

    /**
     * docs/formats.md#2-feed-sender---tipgate: a feed's signingTime may be at most 7 days old ...
     */
    public static final Duration FEED_MAX_AGE = Duration.ofDays(7);
    /** ... and at most 5 minutes ahead of TipGate's clock. */
    public static final Duration MAX_FUTURE_SKEW = Duration.ofMinutes(5);

    public VerificationPolicy {
        if (trustAnchors == null || trustAnchors.isEmpty()) {
            throw new IllegalArgumentException("a verification policy needs at least one trust anchor");
        }
        trustAnchors = List.copyOf(trustAnchors);
        intermediates = intermediates == null ? List.of() : List.copyOf(intermediates);
        crls = crls == null ? List.of() : List.copyOf(crls);
        Objects.requireNonNull(maxFutureSkew, "maxFutureSkew");
        Objects.requireNonNull(clock, "clock");
        if (maxFutureSkew.isNegative() || (maxAge != null && maxAge.isNegative())) {
            throw new IllegalArgumentException("maxAge and maxFutureSkew must not be negative");
        }
    }

    /** For feeds: signingTime at most 7 days old and 5 minutes ahead. {@code crls} may be empty or null. */
    public static VerificationPolicy forFeeds(List<X509Certificate> trustAnchors, List<X509CRL> crls, Clock clock) {
        return new VerificationPolicy(trustAnchors, List.of(), crls, FEED_MAX_AGE, MAX_FUTURE_SKEW, clock);
    }

    /** For acks, packages and receipts: no maximum age, 5 minutes ahead. */
    public static VerificationPolicy forDocuments(List<X509Certificate> trustAnchors, List<X509CRL> crls, Clock clock) {
        return new VerificationPolicy(trustAnchors, List.of(), crls, null, MAX_FUTURE_SKEW, clock);
    }

    /**
     * Loads trust from a PEM file that may hold several certificates: self-signed ones become
     * anchors, the rest intermediates; CRLs from an optional PEM file.
     *
     * @param feeds true for the feed window ({@link #forFeeds}), false for documents
     */
    public static VerificationPolicy load(Path trustPem, Path crlPemOrNull, boolean feeds, Clock clock) throws IOException {
        List<X509Certificate> anchors = new ArrayList<>();
        List<X509Certificate> intermediates = new ArrayList<>();
        for (X509Certificate cert : Pem.readCertificates(trustPem)) {
            (selfSigned(cert) ? anchors : intermediates).add(cert);
        }
        if (anchors.isEmpty()) {
            throw new IOException(trustPem + ": no self-signed certificate to use as a trust anchor");
        }
        List<X509CRL> crls = crlPemOrNull == null ? List.of() : Pem.readCrls(crlPemOrNull);
        return new VerificationPolicy(anchors, intermediates, crls, feeds ? FEED_MAX_AGE : null, MAX_FUTURE_SKEW, clock);
    }

    private static boolean selfSigned(X509Certificate cert) {
        if (!cert.getSubjectX500Principal().equals(cert.getIssuerX500Principal())) {
            return false;
        }
        try {
            cert.verify(cert.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
