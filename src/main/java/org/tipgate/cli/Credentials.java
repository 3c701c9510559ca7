package org.tipgate.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import org.tipgate.crypto.Pem;
import picocli.CommandLine.Option;

/** An agency's own certificate and private key, as PEM files. */
final class Credentials {

    @Option(names = "--cert", required = true, paramLabel = "CERT", description = "PEM certificate (chain may follow).")
    Path cert;

    @Option(names = "--key", required = true, paramLabel = "KEY", description = "PEM private key, unencrypted.")
    Path key;

    X509Certificate certificate() throws IOException {
        return Pem.readCertificate(cert);
    }

    /** Certificates after the first in the file: the chain to include in signatures. */
    List<X509Certificate> chain() throws IOException {
        List<X509Certificate> all = Pem.readCertificates(cert);
        return all.subList(1, all.size());
    }

    PrivateKey privateKey() throws IOException {
        return Pem.readPrivateKey(key);
    }
}
