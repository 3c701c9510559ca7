package org.tipgate.crypto;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.io.CipherInputStream;
import org.bouncycastle.crypto.io.CipherOutputStream;
import org.bouncycastle.crypto.modes.AEADBlockCipher;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * Holds a plaintext of unknown length on disk until its length is known, because a definite-length
 * envelope states that length before its first ciphertext byte. The file is AES-256-GCM encrypted
 * under a key that lives only in this object, so no plaintext reaches the disk and a file altered
 * meanwhile fails its tag on the way back; it is deleted on close.
 */
final class EnvelopeSpool implements Closeable {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path file;
    private final byte[] key = new byte[32];
    private final byte[] nonce = new byte[12];
    private long length;

    private EnvelopeSpool(Path file) {
        this.file = file;
        RANDOM.nextBytes(key);
        RANDOM.nextBytes(nonce);
    }

    /** Reads {@code in} to its end; refuses more than {@code maxLength} bytes. */
    static EnvelopeSpool of(InputStream in, long maxLength) throws IOException {
        EnvelopeSpool spool = new EnvelopeSpool(Files.createTempFile("tipgate-envelope-", ".spool"));
        try (OutputStream out = new CipherOutputStream(Files.newOutputStream(spool.file), spool.gcm(true))) {
            byte[] buffer = new byte[64 * 1024];
            for (int n = in.read(buffer); n != -1; n = in.read(buffer)) {
                spool.length += n;
                if (spool.length > maxLength) {
                    throw new IOException("plaintext exceeds the envelope limit of " + maxLength + " bytes");
                }
                out.write(buffer, 0, n);
            }
        } catch (IOException | RuntimeException e) {
            spool.close();
            throw e;
        }
        return spool;
    }

    long length() {
        return length;
    }

    /** The plaintext again; the tag is checked when the stream reaches its end. */
    InputStream open() throws IOException {
        return new CipherInputStream(Files.newInputStream(file), gcm(false));
    }

    @Override
    public void close() throws IOException {
        Arrays.fill(key, (byte) 0);
        Files.deleteIfExists(file);
    }

    private AEADBlockCipher gcm(boolean encrypt) {
        AEADBlockCipher cipher = GCMBlockCipher.newInstance(AESEngine.newInstance());
        cipher.init(encrypt, new AEADParameters(new KeyParameter(key), 128, nonce));
        return cipher;
    }
}
