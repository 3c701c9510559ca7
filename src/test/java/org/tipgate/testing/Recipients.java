package org.tipgate.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.tipgate.directory.Agency;
import org.tipgate.directory.AgencyRole;
import org.tipgate.directory.Endpoint;

/** Recipients with one endpoint each, and packages of random bytes, for the transport tests. */
public final class Recipients {

    private Recipients() {
    }

    public static Agency agency(Endpoint endpoint) {
        return new Agency("mp-scc", "Madhya Pradesh State Cyber Cell", AgencyRole.STATE_NODAL, null, List.of(), List.of(),
                List.of(endpoint));
    }

    public static Endpoint directory(String path) {
        return new Endpoint(Endpoint.Type.DIRECTORY, path, null, null, null, null, null, null, null);
    }

    public static Endpoint sftp(int port, String user, String remoteDir, String knownHosts) {
        return new Endpoint(Endpoint.Type.SFTP, null, "127.0.0.1", port, user, remoteDir, knownHosts, null, null);
    }

    public static Endpoint pull() {
        return new Endpoint(Endpoint.Type.PULL, null, null, null, null, null, null, null, null);
    }

    public static Endpoint https(String url) {
        return new Endpoint(Endpoint.Type.HTTPS, null, null, null, null, null, null, url, null);
    }

    /** A file of {@code size} random bytes: as opaque as a real encrypted package. */
    public static Path packageFile(Path dir, String name, int size, long seed) throws IOException {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return Files.write(Files.createDirectories(dir).resolve(name), bytes);
    }
}
