package org.tipgate.crypto;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import org.tipgate.format.RejectedException;
import org.tipgate.format.RejectionCode;

/**
 * Checks, as the content of a DER structure streams by, that every element inside it, at every
 * depth, is framed as DER frames it: a low tag number, a definite length in its shortest form, and a
 * length that fits exactly in what its parent has left. Bouncy Castle's streaming parser reads the
 * fields it wants and does not hold a SEQUENCE's stated length against its fields or its parent, so
 * an altered length (which no tag authenticates) would otherwise go unseen. Primitive contents are
 * counted, not kept, so a content of gigabytes costs nothing.
 */
final class DerFraming {

    private enum Expect { TAG, LENGTH, LENGTH_OCTETS, CONTENT }

    /** The absolute end of each element still open, innermost first; the structure's own end last. */
    private final Deque<Long> ends = new ArrayDeque<>();
    private long position;
    private Expect expect = Expect.TAG;
    private int tag;
    private int lengthOctets;
    private boolean firstLengthOctet;
    private long length;
    private long contentLeft;
    private RejectedException violation;

    /** @param contentLength the bytes of the structure's content, which its elements must fill exactly */
    DerFraming(long contentLength) {
        ends.push(contentLength);
    }

    /** Takes the next bytes of the content; fails at the first one that breaks the framing. */
    void update(byte[] bytes, int offset, int count) throws Violation {
        int i = offset;
        int end = offset + count;
        while (i < end) {
            if (violation != null) {
                throw new Violation(violation);
            }
            if (expect == Expect.CONTENT) {
                int n = (int) Math.min(contentLeft, end - i);
                position += n;
                contentLeft -= n;
                i += n;
                if (contentLeft == 0) {
                    closeElements();
                }
                continue;
            }
            header(bytes[i++] & 0xff);
        }
        if (violation != null) {
            throw new Violation(violation);
        }
    }

    /** At the end of the structure: every element complete, nothing left open. */
    void finish() throws RejectedException {
        if (violation != null) {
            throw violation;
        }
        if (!ends.isEmpty()) {
            throw malformed("the AuthEnvelopedData ends inside an element (at byte " + position + " of "
                    + ends.getLast() + ")");
        }
    }

    /** The framing fault found so far, if any. */
    RejectedException violation() {
        return violation;
    }

    private void header(int b) {
        if (ends.isEmpty()) {
            violation = malformed("bytes after the end of the AuthEnvelopedData's last element");
            return;
        }
        position++;
        if (position > ends.peek()) {
            violation = malformed("an element's header at byte " + (position - 1) + " overruns its parent, which ends at "
                    + ends.peek());
            return;
        }
        switch (expect) {
            case TAG -> {
                if ((b & 0x1f) == 0x1f) {
                    violation = malformed(String.format("a high tag number form (0x%02x) at byte %d", b, position - 1));
                    return;
                }
                tag = b;
                expect = Expect.LENGTH;
            }
            case LENGTH -> {
                if (b < 0x80) {
                    open(b);
                } else if (b == 0x80) {
                    violation = malformed("an indefinite length (BER) at byte " + (position - 1));
                } else if ((b & 0x7f) > 4) {
                    violation = malformed("a length of " + (b & 0x7f) + " octets at byte " + (position - 1));
                } else {
                    lengthOctets = b & 0x7f;
                    firstLengthOctet = true;
                    length = 0;
                    expect = Expect.LENGTH_OCTETS;
                }
            }
            case LENGTH_OCTETS -> {
                if (firstLengthOctet && b == 0) {
                    violation = malformed("a length with a leading zero octet (not DER) at byte " + (position - 1));
                    return;
                }
                firstLengthOctet = false;
                length = (length << 8) | b;
                if (--lengthOctets == 0) {
                    if (length < 0x80) {
                        violation = malformed("a length of " + length + " in the long form (not DER) at byte "
                                + (position - 1));
                        return;
                    }
                    open(length);
                }
            }
            default -> throw new IllegalStateException("content is counted in update");
        }
    }

    /** The header is complete: the element must fit its parent; a constructed one opens, a primitive one is counted. */
    private void open(long contentLength) {
        long end = position + contentLength;
        if (end > ends.peek()) {
            violation = malformed(String.format("an element (tag 0x%02x) of %d bytes ending at byte %d overruns its"
                    + " parent, which ends at byte %d", tag, contentLength, end, ends.peek()));
            return;
        }
        if ((tag & 0x20) != 0) {
            ends.push(end);
            expect = Expect.TAG;
            closeElements();
        } else if (contentLength > 0) {
            contentLeft = contentLength;
            expect = Expect.CONTENT;
        } else {
            expect = Expect.TAG;
            closeElements();
        }
    }

    /** Closes every element the position has reached the end of. */
    private void closeElements() {
        expect = Expect.TAG;
        while (!ends.isEmpty() && ends.peek() == position) {
            ends.pop();
        }
    }

    private static RejectedException malformed(String reason) {
        return new RejectedException(RejectionCode.MALFORMED_CMS, reason);
    }

    /** A framing fault met while Bouncy Castle reads: it carries the refusal the decryptor gives. */
    static final class Violation extends IOException {

        private final transient RejectedException refusal;

        Violation(RejectedException refusal) {
            super(refusal.getMessage());
            this.refusal = refusal;
        }

        RejectedException refusal() {
            return refusal;
        }
    }
}
