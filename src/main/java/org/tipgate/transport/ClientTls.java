package org.tipgate.transport;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.CertPathValidator;
import java.security.cert.CertStore;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.PKIXRevocationChecker;
import java.security.cert.X509CRL;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.util.EnumSet;
import java.util.List;
import javax.net.ssl.CertPathTrustManagerParameters;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The gateway's TLS client side: it shows the gateway's certificate and trusts a server only if
 * its certificate chains to one of the directory's CAs (never the JDK's default CAs) and, when the
 * directory has CRLs, is not revoked by them. Revocation is judged on those CRLs alone: no OCSP,
 * nothing fetched from the network; with CRLs configured, a CA without a current one fails the
 * handshake, as it fails a feed's signer. Host names are checked by the HTTP client.
 */
final class ClientTls {

    /** Protects the key only inside this in-memory store, which never leaves the process. */
    private static final char[] IN_MEMORY = "in-memory".toCharArray();

    private ClientTls() {
    }

    static SSLContext context(List<X509Certificate> trust, List<X509CRL> crls, List<X509Certificate> clientChain,
                              PrivateKey clientKey) {
        if (trust.isEmpty() || clientChain.isEmpty()) {
            throw new IllegalArgumentException("TLS needs at least one trusted CA and the gateway's certificate");
        }
        try {
            KeyStore anchors = emptyStore();
            for (int i = 0; i < trust.size(); i++) {
                anchors.setCertificateEntry("ca-" + i, trust.get(i));
            }
            PKIXBuilderParameters pkix = new PKIXBuilderParameters(anchors, new X509CertSelector());
            if (crls.isEmpty()) {
                pkix.setRevocationEnabled(false);
            } else {
                pkix.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(crls)));
                PKIXRevocationChecker revocation = (PKIXRevocationChecker) CertPathValidator.getInstance("PKIX")
                        .getRevocationChecker();
                revocation.setOptions(EnumSet.of(PKIXRevocationChecker.Option.PREFER_CRLS,
                        PKIXRevocationChecker.Option.NO_FALLBACK));
                pkix.addCertPathChecker(revocation);
            }
            TrustManagerFactory trustManagers = TrustManagerFactory.getInstance("PKIX");
            trustManagers.init(new CertPathTrustManagerParameters(pkix));

            KeyStore own = emptyStore();
            own.setKeyEntry("gateway", clientKey, IN_MEMORY, clientChain.toArray(X509Certificate[]::new));
            KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keyManagers.init(own, IN_MEMORY);

            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot set up the gateway's TLS client: " + e.getMessage(), e);
        }
    }

    private static KeyStore emptyStore() throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        return store;
    }
}
