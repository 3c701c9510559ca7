package org.tipgate.delivery;

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
import org.tipgate.directory.Agency;
import org.tipgate.directory.Endpoint;

/**
 * Delivers into a local folder the agency collects from ({@code DIRECTORY} endpoints: {@code path},
 * relative to {@code base} unless absolute), made if missing.
 *
 * <p>The package is written under a hidden temporary name, {@code .<fileName>.<random>.part}, which
 * a collector looking for {@code *.p7m} (or skipping dot files) never takes; it is forced to disk,
 * then given its name by a hard link, which appears atomically and, unlike a rename, never replaces
 * a file that is already there; then the temporary name is removed and the folder forced to disk
 * (where the OS lets a folder be opened for that). On a file system without hard links it falls
 * back to an atomic rename after a check that the name is free. A failed attempt removes its
 * temporary file; one a crash of the gateway left behind is removed by the next attempt at the same
 * package.
 *
 * <p>The name is the package's identity. If it is already taken by the same bytes (SHA-256), the
 * package was delivered before a crash kept the gateway from recording it: the attempt succeeds
 * and nothing is written. If it is taken by other bytes, the attempt fails for good, naming the
 * conflict: the recipient's file is never replaced. A folder that cannot be made or written is
 * worth retrying, since an operator can fix it.
 *
 * <p>One instance serves every recipient at once: it keeps nothing between attempts but its base
 * folder and a {@link SecureRandom} (safe for concurrent use), and each attempt writes under a
 * temporary name of its own.
 */
public final class DirectoryTransport implements PackageTransport {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path base;

    public DirectoryTransport(Path base) {
        this.base = base;
    }

    @Override
    public Endpoint.Type type() {
        return Endpoint.Type.DIRECTORY;
    }

    @Override
    public Delivered deliver(Agency recipient, Endpoint endpoint, String fileName, Path packageFile)
            throws DeliveryException {
        FileNames.requirePlain(fileName);
        if (endpoint.path() == null || endpoint.path().isBlank()) {
            throw new DeliveryException("DIRECTORY endpoint of " + recipient.id() + " has no path", false);
        }
        Path folder = base.resolve(endpoint.path()).toAbsolutePath().normalize();
        Path target = folder.resolve(fileName);
        Delivered delivered = new Delivered(target.toString(), new byte[0]);
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new DeliveryException("cannot make the delivery folder " + folder + ": " + e, true, e);
        }
        removeLeftovers(folder, fileName);
        if (Files.exists(target)) {
            requireSameBytes(target, packageFile);
            return delivered;
        }
        Path temporary = folder.resolve("." + fileName + "." + HexFormat.of().formatHex(randomBytes()) + ".part");
        try {
            writeDurably(packageFile, temporary);
            publish(temporary, target, packageFile);
            forceDirectory(folder);
            return delivered;
        } catch (IOException e) {
            throw new DeliveryException("cannot write " + target + ": " + e, true, e);
        } finally {
            deleteQuietly(temporary);
        }
    }

    /**
     * Removes what an attempt at this same package left when the gateway died in the middle of it:
     * hidden temporary files of this name. The outbox never runs two attempts at one package at
     * once, so none of them can belong to an attempt still running.
     */
    private static void removeLeftovers(Path folder, String fileName) {
        try (var leftovers = Files.newDirectoryStream(folder, "." + fileName + ".*.part")) {
            for (Path leftover : leftovers) {
                deleteQuietly(leftover);
            }
        } catch (IOException e) {
            // a hidden leftover is harmless to the recipient; this attempt goes on
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

    private static void requireSameBytes(Path existing, Path packageFile) throws DeliveryException {
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
