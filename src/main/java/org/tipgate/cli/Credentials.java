package org.tipgate.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import org.tipgate.crypto.CmsSigner;
import org.tipgate.crypto.Pem;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** An agency's own certificate and private key, as PEM files. */
final class Credentials {

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    @Option(names = "--cert", converter = FileOptions.Input.class, required = true, paramLabel = "CERT",
            description = "PEM certificate (chain may follow).")
    Path cert;

    @Option(names = "--key", converter = FileOptions.Input.class, required = true, paramLabel = "KEY",
            description = "PEM private key, unencrypted.")
    Path key;

    X509Certificate certificate() throws IOException {
        return Pem.readCertificate(cert);
    }

    /** Certificates after the first in the file: the chain to include in signatures. */
    List<X509Certificate> chain() throws IOException {
        List<X509Certificate> all = Pem.readCertificates(cert);
        return all.subList(1, all.size());
    }

    /**
     * The private key, once it is known to belong to the certificate: two files that do not fit
     * together are the operator's mistake (exit 2), not a bad input nor an internal error.
     */
    PrivateKey privateKey() throws IOException {
        PrivateKey privateKey = Pem.readPrivateKey(key);
        try {
            // CmsSigner refuses a key that does not match its certificate, by signing a probe.
            new CmsSigner(privateKey, certificate(), List.of(), Clock.systemUTC());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(command.commandLine(),
                    "--key " + key + " does not belong to --cert " + cert + ": " + e.getMessage(), e);
        }
        return privateKey;
    }
}
