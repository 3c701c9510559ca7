package org.tipgate.crypto;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CRLException;
import java.security.cert.CertificateException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.util.io.pem.PemObject;

/** Reads and writes PEM certificates, CRLs and unencrypted private keys (PKCS#8 or traditional). */
public final class Pem {

    private Pem() {
    }

    public static List<X509Certificate> readCertificates(Path file) throws IOException {
        List<X509Certificate> certs = new ArrayList<>();
        for (Object object : readObjects(file)) {
            if (object instanceof X509CertificateHolder holder) {
                try {
                    certs.add(new JcaX509CertificateConverter().getCertificate(holder));
                } catch (CertificateException e) {
                    throw new IOException(file + ": unreadable certificate", e);
                }
            }
        }
        if (certs.isEmpty()) {
            throw new IOException(file + ": no PEM certificate found");
        }
        return certs;
    }

    public static X509Certificate readCertificate(Path file) throws IOException {
        return readCertificates(file).get(0);
    }

    public static List<X509CRL> readCrls(Path file) throws IOException {
        List<X509CRL> crls = new ArrayList<>();
        for (Object object : readObjects(file)) {
            if (object instanceof X509CRLHolder holder) {
                try {
                    crls.add(new JcaX509CRLConverter().getCRL(holder));
                } catch (CRLException e) {
                    throw new IOException(file + ": unreadable CRL", e);
                }
            }
        }
        if (crls.isEmpty()) {
            throw new IOException(file + ": no PEM CRL found");
        }
        return crls;
    }

    public static PrivateKey readPrivateKey(Path file) throws IOException {
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        for (Object object : readObjects(file)) {
            if (object instanceof PrivateKeyInfo info) {
                return converter.getPrivateKey(info);
            }
            if (object instanceof PEMKeyPair pair) {
                return converter.getKeyPair(pair).getPrivate();
            }
        }
        throw new IOException(file + ": no unencrypted PEM private key found");
    }

    /** Certificates, CRLs and keys as PEM text; private keys are written as PKCS#8. */
    public static String toPem(Object... objects) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            for (Object object : objects) {
                if (object instanceof PrivateKey key) {
                    // PKCS#8 ("PRIVATE KEY"), with the curve inside: what openssl and every JDK read.
                    writer.writeObject(new PemObject("PRIVATE KEY", key.getEncoded()));
                } else {
                    writer.writeObject(object);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    public static void write(Path file, Object... objects) throws IOException {
        Files.writeString(file, toPem(objects), StandardCharsets.US_ASCII);
    }

    private static List<Object> readObjects(Path file) throws IOException {
        List<Object> objects = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
             PEMParser parser = new PEMParser(reader)) {
            for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
                objects.add(object);
            }
        }
        return objects;
    }
}
