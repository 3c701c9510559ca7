package org.tipgate.crypto;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.tipgate.testing.TestPki;

/**
 * Signs and verifies a large feed in whatever heap the JVM was given and prints the figures; run by
 * {@link StreamingMemoryTests} in a JVM with -Xmx256m. Exits non-zero if anything does not match.
 * Argument: the content size in bytes (default 1 GiB).
 */
public final class StreamingCheck {

    private static final int MB = 1024 * 1024;

    private StreamingCheck() {
    }

    public static void main(String[] args) throws Exception {
        long size = args.length > 0 ? Long.parseLong(args[0]) : 1L << 30;
        TestPki pki = TestPki.get();
        Path dir = Files.createTempDirectory("tipgate-streaming");
        Path content = dir.resolve("feed.jsonl");
        Path signed = dir.resolve("feed.p7m");
        try {
            String contentSha256 = writeFeed(content, size);
            HeapSampler heap = HeapSampler.start();

            long start = System.nanoTime();
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(signed), Streams.BUFFER)) {
                new CmsSigner(pki.ncrb.key(), pki.ncrb.cert(), List.of(), Clock.systemUTC()).sign(content, out);
            }
            double signSeconds = seconds(start);

            MessageDigest seen = Digests.sha256();
            start = System.nanoTime();
            VerifiedSignature signature;
            try (InputStream in = Files.newInputStream(signed)) {
                signature = new SignatureVerifier(VerificationPolicy.forFeeds(List.of(pki.ca.cert()), List.of(pki.crl),
                        Clock.systemUTC())).verify(in, sink -> digest(sink, seen));
            }
            double verifySeconds = seconds(start);
            heap.finish();

            String sinkSha256 = Digests.hex(seen.digest());
            System.out.printf("content: %d bytes (%.0f MiB), signed CMS: %d bytes%n", size, size / (double) MB, Files.size(signed));
            System.out.printf("sign:   %.1f s, %.0f MB/s%n", signSeconds, size / 1e6 / signSeconds);
            System.out.printf("verify: %.1f s, %.0f MB/s (content streamed to a digesting sink)%n", verifySeconds, size / 1e6 / verifySeconds);
            System.out.printf("heap: max %d MiB; peak used %d MiB (sampled every 5 ms); sum of heap pool peaks %d MiB%n",
                    Runtime.getRuntime().maxMemory() / MB, heap.maxUsed() / MB, heap.poolPeaks() / MB);
            if (!sinkSha256.equals(contentSha256) || signature.contentLength() != size
                    || signature.cmsLength() != Files.size(signed)) {
                System.out.println("MISMATCH: content " + contentSha256 + ", sink saw " + sinkSha256
                        + ", verified length " + signature.contentLength());
                System.exit(1);
            }
            System.out.println("OK: the sink saw the signed content byte for byte");
        } finally {
            Files.deleteIfExists(content);
            Files.deleteIfExists(signed);
            Files.deleteIfExists(dir);
        }
    }

    /** A repeating ~2 KiB JSON line, cut to exactly {@code size} bytes; returns its SHA-256. */
    private static String writeFeed(Path file, long size) throws IOException {
        String padding = "x".repeat(1700);
        MessageDigest digest = Digests.sha256();
        long written = 0;
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), Streams.BUFFER)) {
            for (long tip = 100_000_000L; written < size; tip++) {
                byte[] line = ("{\"schemaVersion\":\"1\",\"tipId\":\"" + tip + "\",\"receivedAt\":\"2025-05-30T08:12:44Z\","
                        + "\"incident\":{\"type\":\"Online Enticement of Children for Sexual Acts\",\"dateTime\":\"2025-05-29T22:01:00Z\"},"
                        + "\"reporter\":{\"espName\":\"Example ESP\"},\"annotations\":[\"" + padding + "\"]}\n")
                        .getBytes(StandardCharsets.UTF_8);
                int n = (int) Math.min(line.length, size - written);
                out.write(line, 0, n);
                digest.update(line, 0, n);
                written += n;
            }
        }
        return Digests.hex(digest.digest());
    }

    private static void digest(InputStream in, MessageDigest digest) throws IOException {
        byte[] buffer = new byte[Streams.BUFFER];
        for (int n = in.read(buffer); n != -1; n = in.read(buffer)) {
            digest.update(buffer, 0, n);
        }
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /** Samples heap use while signing and verifying run. */
    private static final class HeapSampler implements Runnable {
        private final AtomicLong maxUsed = new AtomicLong();
        private final Thread thread = new Thread(this, "heap-sampler");
        private volatile boolean running = true;

        static HeapSampler start() {
            System.gc();
            ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
            HeapSampler sampler = new HeapSampler();
            sampler.thread.setDaemon(true);
            sampler.thread.start();
            return sampler;
        }

        @Override
        public void run() {
            while (running) {
                maxUsed.accumulateAndGet(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), Math::max);
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        void finish() throws InterruptedException {
            running = false;
            thread.join();
        }

        long maxUsed() {
            return maxUsed.get();
        }

        long poolPeaks() {
            return ManagementFactory.getMemoryPoolMXBeans().stream().filter(pool -> pool.getType() == MemoryType.HEAP)
                    .mapToLong(pool -> pool.getPeakUsage().getUsed()).sum();
        }
    }
}
