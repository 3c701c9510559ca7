package org.tipgate.packaging;

import java.io.IOException;
import java.io.OutputStream;
import java.security.cert.X509Certificate;
import org.tipgate.crypto.CmsEncryptor;
import org.tipgate.crypto.CmsSigner;
import org.tipgate.crypto.ContentSource;
import org.tipgate.format.PackageHeader;
import org.tipgate.format.WireJson;

/**
 * Builds one delivery package: header line and the recipient's records (byte for byte as in the
 * feed), signed by the gateway, then encrypted for the recipient. Sign-then-encrypt, so that the
 * recipient can prove who sent it and nobody else can read it. The signed document streams
 * straight into the envelope: no plaintext copy of the package is written anywhere.
 */
public final class PackageBuilder {

    private final CmsSigner gatewaySigner;

    public PackageBuilder(CmsSigner gatewaySigner) {
        this.gatewaySigner = gatewaySigner;
    }

    /** {@code records}: the recipient's record lines, each ending with a line feed. */
    public void build(PackageHeader header, ContentSource records, X509Certificate recipient, OutputStream out)
            throws IOException {
        byte[] headerLine = WireJson.toLine(header);
        CmsSigner.Prepared signed = gatewaySigner.prepare(ContentSource.concat(headerLine, records));
        try (OutputStream envelope = new CmsEncryptor(recipient).open(signed.encodedLength(), out)) {
            signed.writeTo(envelope);
        }
    }
}
