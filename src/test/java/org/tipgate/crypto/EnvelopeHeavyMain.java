package org.tipgate.crypto;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Runs one envelope operation in a JVM of its own, so that its heap limit proves the memory bound:
 * {@code encrypt-file|encrypt-stream CERT IN OUT} or {@code decrypt CERT KEY IN OUT}. Prints the
 * figures as one line; exits non-zero on any failure, OutOfMemoryError included.
 */
final class EnvelopeHeavyMain {

    public static void main(String[] args) throws Exception {
        long start = System.nanoTime();
        String mode = args[0];
        Path in = Path.of(args[args.length - 2]);
        Path out = Path.of(args[args.length - 1]);
        try (OutputStream sink = new BufferedOutputStream(Files.newOutputStream(out))) {
            switch (mode) {
                case "encrypt-file" -> new CmsEncryptor(Pem.readCertificate(Path.of(args[1]))).encrypt(in, sink);
                case "encrypt-stream" -> {
                    try (InputStream source = new BufferedInputStream(Files.newInputStream(in))) {
                        new CmsEncryptor(Pem.readCertificate(Path.of(args[1]))).encrypt(source, sink);
                    }
                }
                case "decrypt" -> {
                    try (InputStream source = new BufferedInputStream(Files.newInputStream(in))) {
                        new CmsDecryptor(Pem.readCertificate(Path.of(args[1])), Pem.readPrivateKey(Path.of(args[2])))
                                .decrypt(source, sink);
                    }
                }
                default -> throw new IllegalArgumentException(mode);
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("%s bytes=%d seconds=%.1f MiB/s=%.0f peakHeapMiB=%d maxHeapMiB=%d%n", mode,
                Files.size(in), seconds, Files.size(in) / 1048576.0 / seconds, peakHeap() >> 20,
                Runtime.getRuntime().maxMemory() >> 20);
    }

    private static long peakHeap() {
        return ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(pool -> pool.getType() == MemoryType.HEAP)
                .mapToLong(pool -> pool.getPeakUsage().getUsed()).sum();
    }

    private EnvelopeHeavyMain() {
    }
}
