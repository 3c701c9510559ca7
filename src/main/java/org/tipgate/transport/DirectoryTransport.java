package org.tipgate.transport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * folder, and each attempt writes under a temporary name of its own ({@link Placement}, which
 * {@code PULL} deliveries share).
 */
public final class DirectoryTransport implements PackageTransport {

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
        PackageTransport.requirePlain(fileName);
        if (endpoint.path() == null || endpoint.path().isBlank()) {
            throw new DeliveryException("DIRECTORY endpoint of " + recipient.id() + " has no path", false);
        }
        Path folder = base.resolve(endpoint.path()).toAbsolutePath().normalize();
        Path target = folder.resolve(fileName);
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new DeliveryException("cannot make the delivery folder " + folder + ": " + e, true, e);
        }
        Placement.removeLeftovers(folder, fileName);
        try {
            Placement.place(packageFile, folder, target);
            return new Delivered(target.toString(), new byte[0]);
        } catch (IOException e) {
            throw new DeliveryException("cannot write " + target + ": " + e, true, e);
        }
    }
}
