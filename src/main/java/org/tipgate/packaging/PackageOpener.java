package org.tipgate.packaging;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import org.tipgate.crypto.AgencyNames;
import org.tipgate.crypto.CmsDecryptor;
import org.tipgate.crypto.SealedSpool;
import org.tipgate.crypto.SignatureVerifier;
import org.tipgate.crypto.VerifiedSignature;
import org.tipgate.format.PackageHeader;
import org.tipgate.format.RejectedException;
import org.tipgate.format.RejectionCode;
import org.tipgate.format.WireDocument;

/**
 * Opens a package as its recipient does: decrypt with the recipient's key, verify the gateway's
 * signature, check that the package is addressed to this recipient and holds as many records as
 * its header says, and write the records out.
 */
public final class PackageOpener {

    /** What an opened package was. */
    public record OpenedPackage(PackageHeader header, VerifiedSignature signature, long records) {
    }


    private final X509Certificate recipientCert;
    private final PrivateKey recipientKey;
    private final SignatureVerifier verifier;
    private final String gatewayId;

    public PackageOpener(X509Certificate recipientCert, PrivateKey recipientKey, SignatureVerifier verifier,
                         String gatewayId) {
        this.recipientCert = recipientCert;
        this.recipientKey = recipientKey;
        this.verifier = verifier;
        this.gatewayId = gatewayId;
    }

    /**
     * Opens {@code pkg}; the records go to {@code recordsOut}, which the caller must discard when
     * this throws (they are unauthenticated until it returns). Between decryption and verification
     * the signed package waits in a {@link SealedSpool}: no plaintext copy reaches the disk.
     */
    public OpenedPackage open(Path pkg, OutputStream recordsOut) throws RejectedException, IOException {
        try (SealedSpool signed = SealedSpool.create()) {
            try (InputStream in = new BufferedInputStream(Files.newInputStream(pkg)); OutputStream out = signed.output()) {
                new CmsDecryptor(recipientCert, recipientKey).decrypt(in, out);
            }
            try (InputStream in = new BufferedInputStream(signed.input())) {
                return verify(in, recordsOut);
            }
        }
    }

    private OpenedPackage verify(InputStream signed, OutputStream recordsOut) throws RejectedException, IOException {
        HeaderAndRecords content = new HeaderAndRecords(recordsOut);
        VerifiedSignature signature = verifier.verify(signed, content::consume);
        if (!AgencyNames.speaksFor(signature.signer(), gatewayId)) {
            throw new RejectedException(RejectionCode.SIGNER_UNTRUSTED, "package signed by "
                    + signature.signer().getSubjectX500Principal().getName() + ", not by the gateway " + gatewayId);
        }
        PackageHeader header = content.header();
        String me = AgencyNames.agencyId(recipientCert);
        if (!header.recipient().equals(me)) {
            throw new RejectedException(RejectionCode.HEADER_INVALID,
                    "package is addressed to " + header.recipient() + ", not to " + me);
        }
        if (header.recordCount() != content.records) {
            throw new RejectedException(RejectionCode.HEADER_INVALID, "header says " + header.recordCount()
                    + " records, package holds " + content.records);
        }
        return new OpenedPackage(header, signature, content.records);
    }

    /** Splits the signed content into the header line and the record lines, streaming. */
    private static final class HeaderAndRecords {
        private final OutputStream recordsOut;
        private byte[] headerLine;
        private long records;

        HeaderAndRecords(OutputStream recordsOut) {
            this.recordsOut = recordsOut;
        }

        void consume(InputStream content) throws IOException {
            ByteArrayOutputStream header = new ByteArrayOutputStream();
            int b;
            while ((b = content.read()) != -1 && b != '\n' && header.size() <= PackageHeader.MAX_LINE_BYTES) {
                header.write(b);
            }
            headerLine = header.toByteArray();
            byte[] buffer = new byte[64 * 1024];
            boolean lineOpen = false;
            for (int n = content.read(buffer); n != -1; n = content.read(buffer)) {
                recordsOut.write(buffer, 0, n);
                for (int i = 0; i < n; i++) {
                    lineOpen = buffer[i] != '\n';
                    if (!lineOpen) {
                        records++;
                    }
                }
            }
            if (lineOpen) {
                records++;
            }
            recordsOut.flush();
        }

        PackageHeader header() throws RejectedException {
            return WireDocument.PACKAGE_HEADER.read(headerLine, PackageHeader.class);
        }
    }
}
