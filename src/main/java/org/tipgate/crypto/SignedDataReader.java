package org.tipgate.crypto;

import java.io.IOException;
import java.util.Collection;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSSignedDataParser;
import org.bouncycastle.cms.CMSTypedStream;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.operator.DigestCalculatorProvider;
import org.bouncycastle.util.Store;
import org.tipgate.format.RejectedException;
import org.tipgate.format.RejectionCode;

/**
 * The structure step: parses the SignedData with Bouncy Castle's streaming parser over the bounded
 * DER view, streams the encapsulated content to the sink while it is digested, then reads the
 * certificates and SignerInfos and proves that the input ended exactly with the ContentInfo.
 * Every parsing failure is MALFORMED_CMS; a failure of the caller's stream stays an IOException.
 */
final class SignedDataReader {

    /** What the structure step yields; nothing in it is verified yet. */
    record Parsed(Collection<SignerInformation> signers, Store<X509CertificateHolder> certificates, long contentLength) {
    }

    private static final DigestCalculatorProvider DIGESTS = Bc.jdkDigests();

    /**
     * What may follow the content: certificates, CRLs and SignerInfos, which Bouncy Castle loads
     * into memory. A signer's chain is a few kilobytes; the caps keep a hostile feed from filling
     * the heap before any check has run.
     */
    static final long MAX_AFTER_CONTENT_BYTES = 1024 * 1024;
    static final int MAX_CERTIFICATES = 32;

    private SignedDataReader() {
    }

    @SuppressWarnings("unchecked")
    static Parsed read(MeasuredInput source, ContentSink sink) throws RejectedException, IOException {
        DerInput der = DerInput.open(source);
        CMSSignedDataParser parser = parse(source, () -> new CMSSignedDataParser(DIGESTS, der.contentInfo()));
        // Bouncy Castle parses the encapsulated content's header here, and reports some malformations
        // in it unchecked (ASN1ParsingException): they are MALFORMED_CMS like any other.
        CMSTypedStream signed = parse(source, parser::getSignedContent);
        if (signed == null) {
            throw DerInput.malformed("no encapsulated content (a detached signature)");
        }
        String contentType = parse(source, parser::getSignedContentTypeOID);
        if (!CMSObjectIdentifiers.data.getId().equals(contentType)) {
            throw DerInput.malformed("encapsulated content type " + contentType + " is not id-data");
        }
        SinkInput content = new SinkInput(signed.getContentStream(), source);
        try {
            sink.consume(content);
            content.drain();
        } catch (IOException | RuntimeException e) {
            if (content.malformation() != null) {
                throw rejection(content.malformation());
            }
            throw e;
        }
        if (der.remaining() > MAX_AFTER_CONTENT_BYTES) {
            throw new RejectedException(RejectionCode.TOO_LARGE, "certificates and SignerInfos take "
                    + der.remaining() + " bytes; at most " + MAX_AFTER_CONTENT_BYTES + " are accepted");
        }
        Store<X509CertificateHolder> certificates = parse(source, parser::getCertificates);
        int count = certificates.getMatches(null).size();
        if (count > MAX_CERTIFICATES) {
            throw new RejectedException(RejectionCode.TOO_LARGE, count + " certificates in the SignedData; at most "
                    + MAX_CERTIFICATES + " are accepted");
        }
        Collection<SignerInformation> signers = parse(source, () -> parser.getSignerInfos().getSigners());
        der.requireEnd();
        return new Parsed(signers, certificates, content.count());
    }

    private interface BcStep<T> {
        T run() throws CMSException, IOException;
    }

    private static <T> T parse(MeasuredInput source, BcStep<T> step) throws RejectedException, IOException {
        try {
            return step.run();
        } catch (CMSException | IOException | RuntimeException e) {
            IOException failure = source.sourceFailureBehind(e);
            if (failure != null) {
                throw failure;
            }
            throw rejection(e);
        }
    }

    private static RejectedException rejection(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof BoundedInput.Truncated truncated) {
                return new RejectedException(RejectionCode.MALFORMED_CMS, "truncated: " + truncated.getMessage(), e);
            }
        }
        return new RejectedException(RejectionCode.MALFORMED_CMS, "unparseable CMS structure: " + e.getMessage(), e);
    }
}
