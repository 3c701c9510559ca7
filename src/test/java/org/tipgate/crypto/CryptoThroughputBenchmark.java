package org.tipgate.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.tipgate.testing.TestPki;
import org.tipgate.testing.TestPki.Credential;

/**
 * What the crypto core does with 64 MiB, a few rounds each: the gateway's own AES-GCM, the sealed
 * scratch file, and a whole envelope in memory (docs/performance.md, the crypto core). Prints its
 * figures; a slow machine is no failure. Run with
 * {@code mvn -Pbench test -Dtest=CryptoThroughputBenchmark}.
 */
@Tag("bench")
class CryptoThroughputBenchmark {

    private static final int SIZE = 64 << 20;

    @Test
    void fastGcm() throws Exception {
        byte[] key = random(32, 1);
        byte[] nonce = random(12, 2);
        byte[] plaintext = random(SIZE, 3);
        for (int round = 0; round < 4; round++) {
            long start = System.nanoTime();
            ByteArrayOutputStream out = new ByteArrayOutputStream(plaintext.length + 16);
            try (OutputStream enc = FastGcm.encrypting(out, key, nonce, new byte[0])) {
                for (int off = 0; off < plaintext.length; off += 1 << 16) {
                    enc.write(plaintext, off, 1 << 16);
                }
            }
            long encrypted = System.nanoTime();
            byte[] sealed = out.toByteArray();
            byte[] buffer = new byte[1 << 16];
            long opened = 0;
            try (InputStream in = FastGcm.decrypting(new ByteArrayInputStream(sealed), key, nonce)) {
                for (int n = in.read(buffer); n != -1; n = in.read(buffer)) {
                    opened += n;
                }
            }
            long decrypted = System.nanoTime();
            assertThat(opened).isEqualTo(plaintext.length);
            System.out.printf("FastGcm round %d: encrypt %.0f MB/s, decrypt %.0f MB/s%n", round,
                    plaintext.length / ((encrypted - start) / 1e3), plaintext.length / ((decrypted - encrypted) / 1e3));
        }
    }

    @Test
    void sealedSpool() throws Exception {
        byte[] chunk = random(1 << 16, 7);
        long size = SIZE;
        for (int round = 0; round < 5; round++) {
            try (SealedSpool spool = SealedSpool.create()) {
                long start = System.nanoTime();
                try (OutputStream out = spool.output()) {
                    for (long written = 0; written < size; written += chunk.length) {
                        out.write(chunk);
                    }
                }
                long written = System.nanoTime();
                long read = 0;
                try (InputStream in = spool.input()) {
                    for (int n = in.read(chunk); n != -1; n = in.read(chunk)) {
                        read += n;
                    }
                }
                long end = System.nanoTime();
                assertThat(read).isEqualTo(size);
                System.out.printf("SealedSpool round %d, %d MiB: write %.0f MB/s, read %.0f MB/s%n", round, size >> 20,
                        size / ((written - start) / 1e3), size / ((end - written) / 1e3));
            }
        }
    }

    @Test
    void envelope() throws Exception {
        Credential recipient = TestPki.get().districtRsa;
        CmsEncryptor encryptor = new CmsEncryptor(recipient.cert());
        CmsDecryptor decryptor = new CmsDecryptor(recipient.cert(), recipient.key());
        byte[] plaintext = CmsEncryptorTests.sample(SIZE);
        for (int round = 0; round < 5; round++) {
            long start = System.nanoTime();
            byte[] pkg = encryptor.encrypt(plaintext);
            long encrypted = System.nanoTime();
            ByteArrayOutputStream opened = new ByteArrayOutputStream(plaintext.length);
            decryptor.decrypt(new ByteArrayInputStream(pkg), opened);
            long decrypted = System.nanoTime();
            assertThat(opened.size()).isEqualTo(plaintext.length);
            System.out.printf("envelope round %d, %d MiB in memory: encrypt %.0f MB/s, decrypt %.0f MB/s%n", round,
                    plaintext.length >> 20, plaintext.length / ((encrypted - start) / 1e3),
                    plaintext.length / ((decrypted - encrypted) / 1e3));
        }
    }

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }
}
