package org.tipgate.packaging;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import org.tipgate.crypto.CmsEncryptor;
import org.tipgate.crypto.CmsSigner;
import org.tipgate.crypto.ContentSource;
import org.tipgate.format.PackageHeader;
import org.tipgate.format.WireJson;

/**
 * Builds one delivery package: header line and the recipient's records (byte for byte as in the
 * feed), signed by the gateway, then encrypted for the recipient. Sign-then-encrypt, so that the
 * recipient can prove who sent it and nobody else can read it.
 */
public final class PackageBuilder {

    private final CmsSigner gatewaySigner;
    private final Path workDir;

    /** {@code workDir} holds the signed, not yet encrypted, package while it is built, then nothing. */
    public PackageBuilder(CmsSigner gatewaySigner, Path workDir) {
        this.gatewaySigner = gatewaySigner;
        this.workDir = workDir;
    }

    /** {@code records}: the recipient's record lines, each ending with a line feed. */
    public void build(PackageHeader header, ContentSource records, X509Certificate recipient, OutputStream out)
            throws IOException {
        byte[] headerLine = (new String(WireJson.toBytes(header), StandardCharsets.UTF_8) + "\n")
                .getBytes(StandardCharsets.UTF_8);
        Path signed = Files.createTempFile(workDir, "package-", ".signed");
        try {
            try (OutputStream signedOut = Files.newOutputStream(signed)) {
                gatewaySigner.sign(ContentSource.concat(headerLine, records), signedOut);
            }
            new CmsEncryptor(recipient).encrypt(signed, out);
        } finally {
            Files.deleteIfExists(signed);
        }
    }
}
