package org.tipgate.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import org.tipgate.crypto.SignatureVerifier;
import org.tipgate.crypto.VerificationPolicy;
import picocli.CommandLine.Option;

/** The trust options every verifying command shares. */
final class TrustOptions {

    @Option(names = "--trust", converter = FileOptions.Input.class, required = true, paramLabel = "CA",
            description = "PEM file of trusted CA certificates (self-signed ones are anchors, others intermediates).")
    Path trust;

    @Option(names = "--crl", converter = FileOptions.Input.class, paramLabel = "CRL",
            description = "PEM file of CRLs; revocation is checked when given.")
    Path crl;

    @Option(names = "--gateway", defaultValue = "tipgate", paramLabel = "ID",
            description = "Agency id of the gateway that must have signed (default: ${DEFAULT-VALUE}).")
    String gatewayId;

    SignatureVerifier verifier(boolean feeds) throws IOException {
        return new SignatureVerifier(VerificationPolicy.load(trust, crl, feeds, Clock.systemUTC()));
    }
}
