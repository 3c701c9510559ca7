package org.tipgate.crypto;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Provider;
import java.security.Security;
import java.security.cert.X509Certificate;
import java.util.Objects;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.cms.CMSAlgorithm;
import org.bouncycastle.cms.CMSAuthEnvelopedDataStreamGenerator;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.jcajce.JceCMSContentEncryptorBuilder;
import org.bouncycastle.operator.OutputAEADEncryptor;

/**
 * Encrypts for one recipient as CMS AuthEnvelopedData (RFC 5083), AES-256-GCM; RSA recipients by
 * RSA-OAEP with SHA-256 (MGF1-SHA-256), EC recipients by ECDH (ephemeral-static,
 * dhSinglePass-stdDH-sha256kdf-scheme, AES-256 key wrap). Streaming.
 *
 * <p>The output is DER with definite lengths throughout, which needs the plaintext length before the
 * first byte: known for a file or an array; a stream is first spooled to disk, encrypted under a
 * one-time key ({@link SealedSpool}). The plaintext may not exceed {@link #MAX_PLAINTEXT} bytes.
 * On failure {@code out} holds a partial envelope, which the caller discards. Immutable, so one
 * instance may serve concurrent calls; every envelope has its own content key, nonce and, for EC,
 * ephemeral key.
 *
 * <p>Where it runs: the content is encrypted by the JDK's SunJCE AES-GCM, which streams when
 * encrypting and uses the CPU's AES and carry-less multiply instructions (GB/s; Bouncy Castle's
 * GCM, used before, about 100 MB/s); the output is the same GCM. The RecipientInfo (RSA-OAEP, ECDH,
 * AES key wrap) and the CMS structure stay with Bouncy Castle ({@link Bc#PROVIDER}).
 */
public final class CmsEncryptor {

    /** Just under 2 GiB: the decrypting side (Bouncy Castle) holds ASN.1 lengths in an int. */
    static final long MAX_PLAINTEXT = Integer.MAX_VALUE - 64 * 1024;

    /** The content cipher's provider: SunJCE's AES-GCM encryption streams on the CPU's AES instructions. */
    private static final Provider SUN_JCE = Objects.requireNonNull(Security.getProvider("SunJCE"), "SunJCE");

    private final X509Certificate recipient;

    /**
     * @throws IllegalArgumentException for a key that is neither RSA (2048 bits or more) nor EC, or
     *     whose keyUsage forbids key encipherment (RSA) or key agreement (EC)
     */
    public CmsEncryptor(X509Certificate recipient) {
        this.recipient = EnvelopeRecipientInfos.requireUsable(recipient);
    }

    public void encrypt(Path plaintext, OutputStream out) throws IOException {
        try (InputStream in = Files.newInputStream(plaintext)) {
            seal(in, Files.size(plaintext), out);
        }
    }

    public void encrypt(InputStream plaintext, OutputStream out) throws IOException {
        try (SealedSpool spool = SealedSpool.of(plaintext, MAX_PLAINTEXT);
             InputStream in = spool.input()) {
            seal(in, spool.length(), out);
        }
    }

    public byte[] encrypt(byte[] plaintext) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(plaintext.length + 1024);
        try {
            seal(new ByteArrayInputStream(plaintext), plaintext.length, out);
        } catch (IOException e) {
            throw new UncheckedIOException("in-memory streams cannot fail", e);
        }
        return out.toByteArray();
    }

    /**
     * An envelope to be written into: takes exactly {@code length} plaintext bytes, and closing it
     * writes the tag. For a producer that knows its length up front (a prepared signature), so
     * that nothing needs to be spooled.
     */
    public OutputStream open(long length, OutputStream out) throws IOException {
        checkLength(length);
        CMSAuthEnvelopedDataStreamGenerator generator = new CMSAuthEnvelopedDataStreamGenerator();
        // The generator's default is BER (indefinite lengths) even when the length is given.
        generator.setEncoding(ASN1Encoding.DER);
        generator.addRecipientInfoGenerator(EnvelopeRecipientInfos.forCertificate(recipient));
        try {
            return new ExactLengthOutput(FastGcm.inSlices(generator.open(out, length, contentEncryptor())), length);
        } catch (CMSException e) {
            throw new IllegalStateException("cannot encrypt for "
                    + recipient.getSubjectX500Principal().getName(), e);
        }
    }

    /** Writes the envelope for exactly {@code length} bytes of {@code in}; closing it writes the tag. */
    private void seal(InputStream in, long length, OutputStream out) throws IOException {
        try (OutputStream sealed = open(length, out)) {
            in.transferTo(sealed);
        }
    }

    private static void checkLength(long length) throws IOException {
        if (length > MAX_PLAINTEXT) {
            throw new IOException("plaintext of " + length + " bytes exceeds the envelope limit of "
                    + MAX_PLAINTEXT + " bytes");
        }
    }

    private static OutputAEADEncryptor contentEncryptor() {
        try {
            return (OutputAEADEncryptor) new JceCMSContentEncryptorBuilder(CMSAlgorithm.AES256_GCM)
                    .setProvider(SUN_JCE).build();
        } catch (CMSException e) {
            throw new IllegalStateException("AES-256-GCM unavailable", e);
        }
    }
}
