package org.tipgate.crypto;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import java.util.Optional;
import org.bouncycastle.cms.CMSAuthEnvelopedDataParser;
import org.bouncycastle.crypto.io.InvalidCipherTextIOException;
import org.tipgate.format.RejectedException;
import org.tipgate.format.RejectionCode;

/**
 * The plaintext of one envelope as its reader pulls it ({@link CmsDecryptor#open}), its last byte held
 * back until the GCM tag holds and the envelope has been read to its end, with nothing after it. A
 * refusal found as it is read is thrown as a {@link Refused} and kept ({@link #refusal}).
 */
public final class EnvelopeContent extends InputStream {

    private final EnvelopeFrame frame;
    private final EnvelopeStreams streams;
    private final CMSAuthEnvelopedDataParser parser;
    private final InputStream content;
    /** The last byte read from the content and not yet given, or -1. */
    private int held = -1;
    /** The content has ended and the envelope is checked: the held byte may be given. */
    private boolean checked;
    private RejectedException refusal;

    EnvelopeContent(EnvelopeFrame frame, EnvelopeStreams streams, CMSAuthEnvelopedDataParser parser,
                    InputStream content) {
        this.frame = frame;
        this.streams = streams;
        this.parser = parser;
        this.content = content;
    }

    /** The refusal found as the plaintext was read, if any. */
    public Optional<RejectedException> refusal() {
        return Optional.ofNullable(refusal);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        if (refusal != null) {
            throw new Refused(refusal);
        }
        while (!checked) {
            if (held < 0) {
                int first = next();
                if (first < 0) {
                    check();
                } else {
                    held = first;
                }
                continue;
            }
            // Give the held byte and what follows it, holding back the last byte read.
            b[off] = (byte) held;
            if (len == 1) {
                int following = next();
                if (following < 0) {
                    check();
                    held = -1;
                    return 1;
                }
                held = following;
                return 1;
            }
            int n = content(b, off + 1, len - 1);
            if (n < 0) {
                check();
                held = -1;
                return 1;
            }
            held = b[off + n] & 0xff;
            return n;
        }
        if (held < 0) {
            return -1;
        }
        b[off] = (byte) held;
        held = -1;
        return 1;
    }

    private int next() throws IOException {
        try {
            return content.read();
        } catch (IOException | RuntimeException e) {
            throw refused(e);
        }
    }

    private int content(byte[] b, int off, int len) throws IOException {
        try {
            int n;
            do {
                n = content.read(b, off, len);
            } while (n == 0);
            return n;
        } catch (IOException | RuntimeException e) {
            throw refused(e);
        }
    }

    /** The content has ended: the tag held (else reading failed), now the envelope's end. */
    private void check() throws IOException {
        try {
            parser.getUnauthAttrs();
            frame.requireEnd();
        } catch (RejectedException e) {
            refusal = e;
            throw new Refused(e);
        } catch (IOException | RuntimeException e) {
            throw refused(e);
        }
        checked = true;
    }

    private Refused refused(Exception failure) throws IOException {
        refusal = refusalOf(frame, streams, failure);
        return new Refused(refusal);
    }

    /** A refusal found while the plaintext was read, carried through {@link InputStream#read}. */
    public static final class Refused extends IOException {

        private final RejectedException refusal;

        Refused(RejectedException refusal) {
            super(refusal.getMessage(), refusal);
            this.refusal = refusal;
        }

        public RejectedException refusal() {
            return refusal;
        }
    }

    /**
     * What a failure while the envelope was read means: the caller's own stream's failure, thrown
     * as it was; else the refusal to give, an element framed wrongly first, whatever Bouncy Castle
     * made of it.
     */
    static RejectedException refusalOf(EnvelopeFrame frame, EnvelopeStreams streams, Exception failure)
            throws IOException {
        IOException own = streams.callerFailure(failure);
        if (own != null) {
            throw own;
        }
        RejectedException misframed = frame.framingViolation();
        if (misframed != null) {
            return misframed;
        }
        if (failure instanceof InvalidCipherTextIOException) {
            return new RejectedException(RejectionCode.SIGNATURE_INVALID, "authentication tag mismatch: content altered",
                    failure);
        }
        return new RejectedException(RejectionCode.MALFORMED_CMS, frame.truncated()
                ? "truncated: input ends before the declared length"
                : "unparseable AuthEnvelopedData: " + failure.getMessage(), failure);
    }
}
