package org.tipgate.flow;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.tipgate.directory.Agency;
import org.tipgate.directory.AgencyDirectory;
import org.tipgate.directory.AgencyRole;
import org.tipgate.directory.Endpoint;
import org.tipgate.directory.LgdTables;
import org.tipgate.transport.PullTransport;

/**
 * Where a test's gateway delivered each agency's packages, whatever the agency's endpoint: a
 * {@code DIRECTORY} folder ({@code tipgate.delivery.directory-base} is the gateway's folder) or the
 * {@code outbox/} of its account on the embedded SFTP server ({@code PULL}; {@code tipgate.sftp.root}
 * is {@code <folder>/sftp}), as both {@link GatewayProcess} and
 * {@code TestDatabases.registerGateway} lay them out. Packages pushed to an agency's own SFTP or
 * HTTPS server are on that server, which the test holds: asking here for such an agency fails.
 */
final class DeliveredPackages {

    private final Path dir;
    private final AgencyDirectory directory;

    /** @param directoryFile the agency directory the gateway runs with (paths in it relative to the project) */
    DeliveredPackages(Path dir, Path directoryFile) {
        this.dir = dir;
        try {
            this.directory = AgencyDirectory.load(directoryFile, Path.of("."), LgdTables.bundled(), Clock.systemUTC());
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the agency directory " + directoryFile + ": " + e, e);
        }
    }

    /** The demo directory ({@code config/agencies.yaml}). */
    static DeliveredPackages demo(Path dir) {
        return new DeliveredPackages(dir, Path.of("config/agencies.yaml"));
    }

    /**
     * The complete package files delivered to {@code agencyId} and still there, sorted by name:
     * {@code *.p7m} files only, never a hidden temporary file of a delivery in progress.
     */
    List<Path> of(String agencyId) {
        List<Path> packages = new ArrayList<>();
        for (Path folder : foldersOf(agencyId)) {
            if (!Files.isDirectory(folder)) {
                continue;
            }
            try (Stream<Path> files = Files.list(folder)) {
                files.filter(f -> f.getFileName().toString().endsWith(".p7m") && !f.getFileName().toString()
                        .startsWith(".") && Files.isRegularFile(f)).forEach(packages::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        packages.sort(Path::compareTo);
        return packages;
    }

    /** The file a package of {@code agencyId} has once delivered: {@code <packageId>.p7m} in its folder. */
    Path file(String agencyId, String packageId) {
        List<Path> folders = foldersOf(agencyId);
        if (folders.size() != 1) {
            throw new IllegalStateException("agency " + agencyId + " has " + folders.size() + " local delivery folders");
        }
        return folders.get(0).resolve(packageId + ".p7m");
    }

    /** The folders this gateway delivers into, for every recipient, and the folder PULL deliveries are staged in. */
    List<Path> folders() {
        List<Path> folders = new ArrayList<>();
        for (Agency agency : directory.agencies()) {
            if (agency.role().receivesPackages()) {
                folders.addAll(localFolders(agency));
            }
        }
        folders.add(dir.resolve("sftp").resolve(PullTransport.STAGING));
        return folders;
    }

    private List<Path> foldersOf(String agencyId) {
        Agency agency = directory.agency(agencyId)
                .filter(a -> a.role() == AgencyRole.STATE_NODAL || a.role() == AgencyRole.DISTRICT)
                .orElseThrow(() -> new IllegalArgumentException(agencyId + " is not a recipient of the directory"));
        List<Path> folders = localFolders(agency);
        if (folders.isEmpty()) {
            throw new IllegalArgumentException(agencyId + " is delivered to over " + agency.endpoints().stream()
                    .map(e -> e.type().name()).toList() + ": its packages are on its own server");
        }
        return folders;
    }

    private List<Path> localFolders(Agency agency) {
        List<Path> folders = new ArrayList<>();
        for (Endpoint endpoint : agency.endpoints()) {
            switch (endpoint.type()) {
                case DIRECTORY -> folders.add(dir.resolve(endpoint.path()));
                case PULL -> folders.add(dir.resolve("sftp").resolve(agency.id()).resolve("outbox"));
                default -> {
                    // on the agency's own server
                }
            }
        }
        return folders;
    }
}
