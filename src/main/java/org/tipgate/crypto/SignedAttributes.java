package org.tipgate.crypto;

import java.time.Instant;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.cms.Time;
import org.bouncycastle.cms.SignerInformation;
import org.tipgate.format.RejectedException;
import org.tipgate.format.RejectionCode;

/**
 * The signed attributes a feed must have (docs/formats.md#2-feed-sender---tipgate): contentType,
 * messageDigest and signingTime, each present once with exactly one value. Their values are checked
 * by the signature step (contentType and messageDigest) and the time window (signingTime).
 */
final class SignedAttributes {

    private SignedAttributes() {
    }

    /** Checks presence and arity; returns the signingTime. */
    static Instant check(SignerInformation signer) throws RejectedException {
        AttributeTable attributes = signer.getSignedAttributes();
        if (attributes == null) {
            throw invalid("no signed attributes; contentType, messageDigest and signingTime are required");
        }
        single(attributes, CMSAttributes.contentType, "contentType");
        single(attributes, CMSAttributes.messageDigest, "messageDigest");
        ASN1Encodable time = single(attributes, CMSAttributes.signingTime, "signingTime");
        try {
            return Time.getInstance(time).getDate().toInstant();
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new RejectedException(RejectionCode.SIGNATURE_INVALID, "signingTime is not a valid time", e);
        }
    }

    private static ASN1Encodable single(AttributeTable attributes, ASN1ObjectIdentifier type, String name)
            throws RejectedException {
        ASN1EncodableVector all = attributes.getAll(type);
        if (all.size() == 0) {
            throw invalid("missing signed attribute " + name);
        }
        if (all.size() > 1) {
            throw invalid("signed attribute " + name + " appears " + all.size() + " times");
        }
        Attribute attribute = Attribute.getInstance(all.get(0));
        if (attribute.getAttrValues().size() != 1) {
            throw invalid("signed attribute " + name + " has " + attribute.getAttrValues().size()
                    + " values; exactly one required");
        }
        return attribute.getAttrValues().getObjectAt(0);
    }

    private static RejectedException invalid(String reason) {
        return new RejectedException(RejectionCode.SIGNATURE_INVALID, reason);
    }
}
