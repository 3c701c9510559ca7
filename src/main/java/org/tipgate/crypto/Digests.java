package org.tipgate.crypto;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;

/** SHA-256 as lower-case hex, the form used in acks, packages, receipts and the audit trail. */
public final class Digests {

    private Digests() {
    }

    public static String sha256Hex(byte[] data) {
        return hex(sha256().digest(data));
    }

    /** Streams the file: memory does not grow with its size. */
    public static String sha256Hex(Path file) throws IOException {
        MessageDigest digest = sha256();
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n = in.read(buffer); n != -1; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
        }
        return hex(digest.digest());
    }

    /** Of the certificate's DER encoding, as {@code openssl x509 -fingerprint -sha256} shows it. */
    public static String sha256Hex(X509Certificate cert) {
        try {
            return sha256Hex(cert.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("certificate cannot be encoded: " + cert.getSubjectX500Principal(), e);
        }
    }

    /** A fresh SHA-256 digest, for hashing bytes as they stream past. */
    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /** Lower-case hex, the form every document and ack carries. */
    public static String hex(byte[] digest) {
        return HexFormat.of().formatHex(digest);
    }
}
