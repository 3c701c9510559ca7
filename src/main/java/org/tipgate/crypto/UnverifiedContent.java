package org.tipgate.crypto;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSSignedDataParser;
import org.bouncycastle.cms.CMSTypedStream;
import org.tipgate.format.RejectedException;
import org.tipgate.format.RejectionCode;

/**
 * Reads a SignedData's content WITHOUT verifying anything: the first line, for a recipient that
 * only needs a package's id to acknowledge the bytes it received; or all of it, for the gateway
 * reading back a feed it verified before. Never use it to decide trust.
 */
public final class UnverifiedContent {

    private UnverifiedContent() {
    }

    /**
     * Streams a SignedData's attached content without verifying anything. Only for content whose
     * signature the gateway already verified and which it reads back from its own authenticated
     * store (the evidence spool).
     */
    public static InputStream content(InputStream cms) throws RejectedException, IOException {
        try {
            CMSTypedStream content = new CMSSignedDataParser(Bc.jdkDigests(), cms).getSignedContent();
            if (content == null) {
                throw new RejectedException(RejectionCode.MALFORMED_CMS, "SignedData without attached content");
            }
            return content.getContentStream();
        } catch (CMSException | RuntimeException e) {
            throw new RejectedException(RejectionCode.MALFORMED_CMS, "not a CMS SignedData: " + e.getMessage(), e);
        }
    }

    public static byte[] firstLine(InputStream cms, int maxBytes) throws RejectedException, IOException {
        try {
            CMSSignedDataParser parser = new CMSSignedDataParser(Bc.jdkDigests(), cms);
            CMSTypedStream content = parser.getSignedContent();
            if (content == null) {
                throw new RejectedException(RejectionCode.MALFORMED_CMS, "SignedData without attached content");
            }
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            InputStream in = content.getContentStream();
            for (int b = in.read(); b != -1 && b != '\n'; b = in.read()) {
                if (line.size() == maxBytes) {
                    throw new RejectedException(RejectionCode.HEADER_INVALID, "line 1 longer than " + maxBytes + " bytes");
                }
                line.write(b);
            }
            return line.toByteArray();
        } catch (CMSException | RuntimeException e) {
            throw new RejectedException(RejectionCode.MALFORMED_CMS, "not a CMS SignedData: " + e.getMessage(), e);
        }
    }
}
