package org.tipgate.receipt;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import org.tipgate.crypto.CmsDecryptor;
import org.tipgate.crypto.CmsSigner;
import org.tipgate.crypto.Digests;
import org.tipgate.crypto.UnverifiedContent;
import org.tipgate.format.PackageHeader;
import org.tipgate.format.Receipt;
import org.tipgate.format.RejectedException;
import org.tipgate.format.WireDocument;
import org.tipgate.format.WireJson;

/**
 * Makes a recipient's receipt for a package: the package must decrypt for the recipient (so the
 * GCM tag proves the bytes intact), and the receipt names its id and the SHA-256 of its bytes.
 */
public final class ReceiptMaker {

    private static final int HEADER_PREFIX_BYTES = 4 * PackageHeader.MAX_LINE_BYTES;

    private final X509Certificate recipientCert;
    private final PrivateKey recipientKey;
    private final Clock clock;

    public ReceiptMaker(X509Certificate recipientCert, PrivateKey recipientKey, Clock clock) {
        this.recipientCert = recipientCert;
        this.recipientKey = recipientKey;
        this.clock = clock;
    }

    /** A receipt for a package whose header was read unverified: the package only has to decrypt. */
    public Receipt receiptFor(Path pkg) throws RejectedException, IOException {
        // The header line sits near the start of the signed content, so the decrypted stream is
        // kept only up to a prefix: no plaintext copy of the package is written anywhere.
        PrefixBuffer prefix = new PrefixBuffer(HEADER_PREFIX_BYTES);
        try (InputStream in = new BufferedInputStream(Files.newInputStream(pkg))) {
            new CmsDecryptor(recipientCert, recipientKey).decrypt(in, prefix);
        }
        byte[] headerLine = UnverifiedContent.firstLine(new ByteArrayInputStream(prefix.bytes()), PackageHeader.MAX_LINE_BYTES);
        return Receipt.of(packageId(headerLine), Digests.sha256Hex(pkg), WireJson.now(clock));
    }

    /** A receipt for a package already opened and verified ({@code PackageOpener}). */
    public Receipt receiptFor(Path pkg, PackageHeader verifiedHeader) throws IOException {
        return Receipt.of(verifiedHeader.packageId(), Digests.sha256Hex(pkg), WireJson.now(clock));
    }

    /** The receipt as CMS SignedData by the recipient. */
    public byte[] sign(Receipt receipt) {
        return new CmsSigner(recipientKey, recipientCert, List.of(), clock).sign(WireJson.toBytes(receipt));
    }

    public byte[] make(Path pkg) throws RejectedException, IOException {
        return sign(receiptFor(pkg));
    }

    private static String packageId(byte[] headerLine) throws RejectedException {
        return WireDocument.PACKAGE_HEADER.read(headerLine, PackageHeader.class).packageId();
    }
}
