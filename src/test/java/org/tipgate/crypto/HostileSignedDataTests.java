package org.tipgate.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.tipgate.crypto.Fixtures.bcSigned;
import static org.tipgate.crypto.Fixtures.bcSigner;
import static org.tipgate.crypto.Fixtures.der;
import static org.tipgate.crypto.Fixtures.encoded;
import static org.tipgate.crypto.Fixtures.pki;
import static org.tipgate.crypto.Fixtures.signed;
import static org.tipgate.crypto.RejectedFeedTests.assertRejected;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.function.UnaryOperator;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.asn1.cms.SignedData;
import org.bouncycastle.asn1.cms.SignerInfo;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSASSAPSSparams;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.junit.jupiter.api.Test;
import org.tipgate.format.RejectedException;
import org.tipgate.format.RejectionCode;

/**
 * SignedData built to cost the verifier memory, or to trip an unchecked exception, before any
 * signature check has run: each must end in a rejection code, cheaply.
 */
class HostileSignedDataTests {

    @Test
    void refusesACertificateSetTooLargeToLoad() throws IOException {
        byte[] cms = withCopiesOfTheSignerCertificate(2_000);

        assertThatThrownBy(() -> Fixtures.feedVerifier().verify(
                        new ByteArrayInputStream(cms), in -> in.transferTo(OutputStream.nullOutputStream())))
                .isInstanceOfSatisfying(RejectedException.class, e -> {
                    assertThat(e.code()).isEqualTo(RejectionCode.TOO_LARGE);
                    assertThat(e.reason()).contains("certificates and SignerInfos take");
                });
    }

    @Test
    void refusesMoreCertificatesThanAnyChainNeeds() throws IOException {
        assertRejected(withCopiesOfTheSignerCertificate(SignedDataReader.MAX_CERTIFICATES + 1),
                RejectionCode.TOO_LARGE, "33 certificates in the SignedData; at most 32");
    }

    @Test
    void refusesMalformedPssParametersWithACode() {
        byte[] good = bcSigned(Fixtures.FEED, List.of(pki().ncrb.cert()), bcSigner("SHA256withRSAandMGF1", pki().ncrb));
        AlgorithmIdentifier sha256 = new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha256, DERNull.INSTANCE);
        RSASSAPSSparams bad = new RSASSAPSSparams(sha256,
                new AlgorithmIdentifier(PKCSObjectIdentifiers.id_mgf1, new ASN1Integer(5)), new ASN1Integer(32),
                new ASN1Integer(1));

        byte[] cms = withSignerInfo(good, old -> new SignerInfo(old.getSID(), old.getDigestAlgorithm(),
                old.getAuthenticatedAttributes(), new AlgorithmIdentifier(PKCSObjectIdentifiers.id_RSASSA_PSS, bad),
                old.getEncryptedDigest(), old.getUnauthenticatedAttributes()));

        assertRejected(cms, RejectionCode.MALFORMED_CMS, "malformed SignedData");
    }

    @Test
    void refusesADocumentTooLargeToHoldInMemory() {
        byte[] tooLarge = new byte[SignatureVerifier.MAX_DOCUMENT_BYTES + 1];

        assertThatThrownBy(() -> Fixtures.feedVerifier().verify(tooLarge))
                .isInstanceOfSatisfying(RejectedException.class,
                        e -> assertThat(e.code()).isEqualTo(RejectionCode.TOO_LARGE));
    }

    /** A signed feed whose certificate set holds the signer's certificate {@code copies} times. */
    private static byte[] withCopiesOfTheSignerCertificate(int copies) throws IOException {
        SignedData good = SignedData.getInstance(ContentInfo.getInstance(signed(pki().ncrb, Fixtures.FEED)).getContent());
        byte[] cert = encoded(pki().ncrb.cert());
        ByteArrayOutputStream certs = new ByteArrayOutputStream();
        for (int i = 0; i < copies; i++) {
            certs.write(cert);
        }
        ByteArrayOutputStream signedData = new ByteArrayOutputStream();
        signedData.write(der(good.getVersion()));
        signedData.write(der(good.getDigestAlgorithms()));
        signedData.write(der(good.getEncapContentInfo()));
        signedData.write(DerHeader.of(DerHeader.CONTEXT_0_CONSTRUCTED, certs.size()));
        certs.writeTo(signedData);
        signedData.write(der(good.getSignerInfos()));
        return contentInfo(signedData.toByteArray());
    }

    private static byte[] withSignerInfo(byte[] cms, UnaryOperator<SignerInfo> change) {
        SignedData sd = SignedData.getInstance(ContentInfo.getInstance(cms).getContent());
        SignerInfo old = SignerInfo.getInstance(sd.getSignerInfos().getObjectAt(0));
        return der(new ContentInfo(CMSObjectIdentifiers.signedData, new SignedData(sd.getDigestAlgorithms(),
                sd.getEncapContentInfo(), sd.getCertificates(), sd.getCRLs(), new DERSet(change.apply(old)))));
    }

    private static byte[] contentInfo(byte[] signedDataBody) throws IOException {
        ByteArrayOutputStream explicit = new ByteArrayOutputStream();
        explicit.write(DerHeader.of(DerHeader.SEQUENCE, signedDataBody.length));
        explicit.write(signedDataBody);
        byte[] oid = der(CMSObjectIdentifiers.signedData);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(oid);
        body.write(DerHeader.of(DerHeader.CONTEXT_0_CONSTRUCTED, explicit.size()));
        explicit.writeTo(body);
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        all.write(DerHeader.of(DerHeader.SEQUENCE, body.size()));
        body.writeTo(all);
        return all.toByteArray();
    }
}
