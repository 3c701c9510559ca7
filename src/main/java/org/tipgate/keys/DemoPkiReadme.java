package org.tipgate.keys;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/** The README written beside the demo keys: first of all, that they are public and not for use. */
final class DemoPkiReadme {

    private DemoPkiReadme() {
    }

    static String text(Instant generated, Instant until) {
        StringBuilder agencies = new StringBuilder();
        for (DemoAgency agency : DemoPki.AGENCIES) {
            agencies.append(String.format("| `%s` | %s | %s | %s | %s | %s |%n", agency.id(), agency.name(),
                    agency.role(), agency.kind(), orDash(agency.stateIso(), agency.stateLgd()),
                    agency.districtLgd() == null ? "-" : agency.districtLgd()));
        }
        return TEMPLATE.formatted(day(generated), day(until), agencies);
    }

    private static String orDash(String iso, Integer lgd) {
        return iso == null ? "-" : iso + " (LGD " + lgd + ")";
    }

    private static LocalDate day(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC).toLocalDate();
    }

    private static final String TEMPLATE = """
            # TipGate demo PKI: public example keys, NEVER for production

            **Every private key in this directory is public.** These files are examples committed to a
            public repository: anyone can read them, so anyone can sign a feed as `ncrb`, open a package
            meant for `mp-indore`, or log in to the SFTP server as any agency with them. They must never
            be used in production, and no production system may trust `ca.crt.pem`.

            They exist so that TipGate runs out of the box and its tests and examples have real keys.

            ## How they were made

                tipgate keys demo --out keys-example

            Generated %s; the certificates are valid until %s (backdated one day for clock skew).
            Running the command again makes a wholly new set; nothing here is derived from a secret.

            ## What each file is

            | file | what |
            |---|---|
            | `ca.crt.pem` | root CA "CN=TipGate Demo Root CA,O=TipGate Demo,C=IN", RSA-3072, self-signed, valid from 30 days before generation so that it predates every certificate it issued |
            | `ca.crl.pem` | the CA's CRL: lists `ncrb-revoked`; next update in 10 years |
            | `<id>.crt.pem` | the agency's certificate: "CN=<id>,O=<agency name> (DEMO),C=IN", signing, encryption and TLS client use; the CN is the agency id, by which a signer is bound to its agency |
            | `<id>.key.pem` | its private key, PKCS#8 PEM, unencrypted |
            | `<id>.ssh`, `<id>.ssh.pub` | its SFTP login key, a separate ecdsa-sha2-nistp256 key pair: OpenSSH private key (unencrypted) and an authorized_keys line with the id as comment |
            | `ncrb-expired.crt.pem`, `.key.pem` | CN=ncrb, validity ended a day before generation: for tests that expect CERT_EXPIRED |
            | `ncrb-revoked.crt.pem`, `.key.pem` | CN=ncrb, listed in `ca.crl.pem`: for tests that expect CERT_REVOKED |
            | `localhost.crt.pem`, `.key.pem` | the HTTPS server certificate, EC P-256, DNS `localhost` and IP `127.0.0.1` |

            The agencies (the demo directory in `config/agencies.yaml` uses the same ids):

            | id | agency | role | key | state | district (LGD) |
            |---|---|---|---|---|---|
            %s
            Git does not keep file permissions: after a checkout, `chmod 600 *.ssh *.key.pem`, or ssh
            refuses the login keys.

            Try them with OpenSSL alone, e.g. `openssl verify -CAfile ca.crt.pem mp-indore.crt.pem`, or
            `openssl cms -decrypt -inform DER -in PKG.p7m -recip mp-indore.crt.pem -inkey mp-indore.key.pem`.

            ## Making real keys

            - Each agency makes its own key pair on its own machine, ideally in a hardware token or HSM,
              and never sends the private key anywhere, e.g.
              `openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out agency.key.pem`
              (or RSA of at least 2048 bits), and
              `openssl req -new -key agency.key.pem -subj "/CN=<agency id>/O=<agency name>/C=IN" -out agency.csr`.
            - A certification authority that all the agencies trust signs the request: a CA licensed
              under India's Controller of Certifying Authorities, or an offline root run by the operating
              agency, with key usages for signing, key encipherment or agreement, and TLS client
              authentication. It publishes CRLs and the gateway is configured with them.
            - The agency makes its SFTP login key the same way, `ssh-keygen -t ecdsa -b 256 -f agency.ssh
              -C <agency id>` (protected by a passphrase), and hands over only `agency.ssh.pub`.
            - The operator enters the certificates and public keys in the agency directory; TipGate's own
              key is made in the same way and kept out of any repository.
            """;
}
