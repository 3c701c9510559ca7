package org.tipgate.transport;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.tipgate.crypto.Digests;

/**
 * Puts a package file in a local folder the way {@code DIRECTORY} and {@code PULL} deliveries both
 * do: written under a hidden temporary name, {@code .<fileName>.<random>.part}, in a staging folder
 * on the same file system, forced to disk, then given its name by a hard link, which appears
 * atomically and, unlike a rename, never replaces a file already there; then the temporary name is
 * removed and the target's folder forced to disk (where the OS lets a folder be opened for that).
 * On a file system without hard links it falls back to an atomic rename after a check that the
 * name is free.
 *
 * <p>The name is the package's identity: taken by the same bytes (SHA-256), the package is there
 * already; taken by other bytes, it is a conflict that is never resolved by replacing the file.
 * Safe for concurrent use: each call has a temporary name of its own.
 */
final class Placement {

    private static final SecureRandom RANDOM = new SecureRandom();

    private Placement() {
    }

    /**
     * Places {@code packageFile} as {@code target}, staged in {@code staging}; a target already
     * holding the same bytes counts as placed.
     *
     * @throws DeliveryException not retryable, when {@code target} holds other bytes
     * @throws IOException when a file could not be written, linked or read
     */
    static void place(Path packageFile, Path staging, Path target) throws IOException, DeliveryException {
        if (Files.exists(target)) {
            requireSameBytes(target, packageFile);
            return;
        }
        Path temporary = staging.resolve("." + target.getFileName() + "." + HexFormat.of().formatHex(randomBytes())
                + ".part");
        try {
            writeDurably(packageFile, temporary);
            publish(temporary, target, packageFile);
            forceDirectory(target.getParent());
        } finally {
            deleteQuietly(temporary);
        }
    }

    /**
     * Removes what an attempt at this same package left when the gateway died in the middle of it:
     * hidden temporary files of this name in {@code staging}. The outbox never runs two attempts at
     * one package at once, so none of them can belong to an attempt still running.
     */
    static void removeLeftovers(Path staging, String fileName) {
        try (var leftovers = Files.newDirectoryStream(staging, "." + fileName + ".*.part")) {
            for (Path leftover : leftovers) {
                deleteQuietly(leftover);
            }
        } catch (IOException e) {
            // a hidden leftover is harmless to the recipient; this attempt goes on
        }
    }

    static void requireSameBytes(Path existing, Path packageFile) throws DeliveryException {
        try {
            String there = Digests.sha256Hex(existing);
            String ours = Digests.sha256Hex(packageFile);
            if (!there.equals(ours)) {
                throw new DeliveryException("conflict: " + existing + " already exists with other content (SHA-256 "
                        + there + ", this package " + ours + "); it was left as it is", false);
            }
        } catch (IOException e) {
            throw new DeliveryException("cannot compare the existing " + existing + " with the package: " + e, true, e);
        }
    }

    private static void writeDurably(Path source, Path temporary) throws IOException {
        try (FileChannel in = FileChannel.open(source, StandardOpenOption.READ);
             FileChannel out = FileChannel.open(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            long size = in.size();
            for (long done = 0; done < size; ) {
                done += in.transferTo(done, size - done, out);
            }
            out.force(true);
        }
    }

    /** Gives the complete file its name, never over a file already there. */
    private static void publish(Path temporary, Path target, Path packageFile) throws IOException, DeliveryException {
        try {
            Files.createLink(target, temporary);
        } catch (FileAlreadyExistsException raced) {
            requireSameBytes(target, packageFile);
        } catch (UnsupportedOperationException | FileSystemException noLinks) {
            if (Files.exists(target)) {
                requireSameBytes(target, packageFile);
                return;
            }
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
        }
    }

    /** Makes the new name itself durable; some systems (Windows) cannot open a folder for that. */
    private static void forceDirectory(Path folder) {
        try (FileChannel dir = FileChannel.open(folder, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException e) {
            // not supported here: the rename is still atomic, only its durability is the OS's
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a hidden .part file is harmless; the delivery's own outcome is what matters
        }
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[8];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
