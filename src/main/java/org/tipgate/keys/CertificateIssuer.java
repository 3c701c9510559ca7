package org.tipgate.keys;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Issues X.509 certificates and CRLs from one CA key, with the extensions that OpenSSL's S/MIME
 * and TLS purpose checks expect.
 */
public final class CertificateIssuer {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final X509Certificate caCert;
    private final PrivateKey caKey;

    public CertificateIssuer(X509Certificate caCert, PrivateKey caKey) {
        this.caCert = caCert;
        this.caKey = caKey;
    }

    /** What a certificate is for: an agency (signing, encryption, TLS client) or a TLS server. */
    public enum Profile { AGENCY, TLS_SERVER }

    /** One certificate to issue; {@code dnsNames} and {@code ipAddresses} go into subjectAltName. */
    public record Request(String subjectDn, PublicKey publicKey, Instant notBefore, Instant notAfter,
                          Profile profile, List<String> dnsNames, List<String> ipAddresses) {

        public static Request agency(String subjectDn, PublicKey key, Instant notBefore, Instant notAfter) {
            return new Request(subjectDn, key, notBefore, notAfter, Profile.AGENCY, List.of(), List.of());
        }
    }

    public static X509Certificate selfSignedCa(KeyPair keyPair, String subjectDn, Instant notBefore, Instant notAfter) {
        X500Name name = x500(subjectDn);
        try {
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, serial(),
                    Date.from(notBefore), Date.from(notAfter), name, keyPair.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            utils.createSubjectKeyIdentifier(keyPair.getPublic()));
            return toX509(builder.build(signer(keyPair.getPrivate())));
        } catch (GeneralSecurityException | CertIOException e) {
            throw new IllegalStateException("cannot issue CA certificate " + subjectDn, e);
        }
    }

    public X509Certificate issue(Request request) {
        try {
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            boolean rsa = "RSA".equals(request.publicKey().getAlgorithm());
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(caCert, serial(),
                    Date.from(request.notBefore()), Date.from(request.notAfter()),
                    x500(request.subjectDn()), request.publicKey())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            utils.createSubjectKeyIdentifier(request.publicKey()))
                    .addExtension(Extension.authorityKeyIdentifier, false,
                            utils.createAuthorityKeyIdentifier(caCert));
            if (request.profile() == Profile.TLS_SERVER) {
                builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature
                        | (rsa ? KeyUsage.keyEncipherment : KeyUsage.keyAgreement)));
                builder.addExtension(Extension.extendedKeyUsage, false,
                        new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            } else {
                builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature
                        | KeyUsage.nonRepudiation | (rsa ? KeyUsage.keyEncipherment : KeyUsage.keyAgreement)));
                builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(new KeyPurposeId[] {
                    KeyPurposeId.id_kp_emailProtection, KeyPurposeId.id_kp_clientAuth}));
            }
            GeneralNames altNames = altNames(request);
            if (altNames != null) {
                builder.addExtension(Extension.subjectAlternativeName, false, altNames);
            }
            return toX509(builder.build(signer(caKey)));
        } catch (GeneralSecurityException | CertIOException e) {
            throw new IllegalStateException("cannot issue certificate " + request.subjectDn(), e);
        }
    }

    /** A CRL revoking {@code revoked} (reason keyCompromise) as of {@code thisUpdate}. */
    public X509CRL crl(List<X509Certificate> revoked, Instant thisUpdate, Instant nextUpdate) {
        try {
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            X509v2CRLBuilder builder = new JcaX509v2CRLBuilder(caCert, Date.from(thisUpdate))
                    .setNextUpdate(Date.from(nextUpdate))
                    .addExtension(Extension.authorityKeyIdentifier, false, utils.createAuthorityKeyIdentifier(caCert))
                    .addExtension(Extension.cRLNumber, false,
                            new CRLNumber(BigInteger.valueOf(thisUpdate.getEpochSecond())));
            for (X509Certificate cert : revoked) {
                builder.addCRLEntry(cert.getSerialNumber(), Date.from(thisUpdate), CRLReason.keyCompromise);
            }
            return new JcaX509CRLConverter().getCRL(builder.build(signer(caKey)));
        } catch (GeneralSecurityException | CertIOException e) {
            throw new IllegalStateException("cannot issue CRL", e);
        }
    }

    /**
     * An RFC 4514 name ("CN=x,O=y,C=IN") encoded the conventional way, country first, as the JDK
     * and OpenSSL do, so that it prints back as it was written.
     */
    static X500Name x500(String dn) {
        return X500Name.getInstance(new X500Principal(dn).getEncoded());
    }

    private static GeneralNames altNames(Request request) {
        List<GeneralName> names = new ArrayList<>();
        request.dnsNames().forEach(d -> names.add(new GeneralName(GeneralName.dNSName, d)));
        request.ipAddresses().forEach(ip -> names.add(new GeneralName(GeneralName.iPAddress, ip)));
        return names.isEmpty() ? null : new GeneralNames(names.toArray(GeneralName[]::new));
    }

    private static ContentSigner signer(PrivateKey key) {
        String algorithm = "RSA".equals(key.getAlgorithm()) ? "SHA256withRSA" : "SHA256withECDSA";
        try {
            return new JcaContentSignerBuilder(algorithm).build(key);
        } catch (OperatorCreationException e) {
            throw new IllegalStateException("cannot sign with a " + key.getAlgorithm() + " key", e);
        }
    }

    private static X509Certificate toX509(X509CertificateHolder holder) throws GeneralSecurityException {
        return new JcaX509CertificateConverter().getCertificate(holder);
    }

    private static BigInteger serial() {
        return new BigInteger(127, RANDOM).add(BigInteger.ONE);
    }
}
