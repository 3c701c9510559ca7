package org.tipgate.cli;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes a command's output file beside its target and gives it the target's name only when the
 * command succeeded: a failure leaves no partial file, and an earlier file of that name untouched.
 */
final class AtomicOutput {

    /** What writes the output; it may throw anything the command may throw. */
    @FunctionalInterface
    interface Body<T> {
        T write(OutputStream out) throws Exception;
    }

    private AtomicOutput() {
    }

    static <T> T write(Path target, Body<T> body) throws Exception {
        Path partial = target.resolveSibling(target.getFileName() + ".partial");
        try {
            T result;
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(partial), 1 << 16)) {
                result = body.write(out);
            }
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return result;
        } finally {
            Files.deleteIfExists(partial);
        }
    }
}
