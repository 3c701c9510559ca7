package org.tipgate.keys;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.util.ArrayList;
import java.util.List;
import org.tipgate.crypto.Pem;

/** Writes the demo PKI's files into one directory and remembers them, in the order written. */
final class DemoPkiFiles {

    private final Path dir;
    private final List<Path> written = new ArrayList<>();

    DemoPkiFiles(Path dir) throws IOException {
        this.dir = Files.createDirectories(dir);
    }

    void pem(String name, Object certificateOrCrl) throws IOException {
        Pem.write(record(name), certificateOrCrl);
    }

    /** PKCS#8 "PRIVATE KEY" whatever the algorithm: the one form openssl, Java and Pem all read. */
    void privateKey(String name, PrivateKey key) throws IOException {
        secret(name, Pem.toPem(key).getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * A file only its owner may read, created so from the start (ssh refuses a private key file
     * others can read); on a file system without POSIX permissions it is written plainly.
     */
    void secret(String name, byte[] content) throws IOException {
        Path file = record(name);
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        Files.write(file, content);
    }

    void text(String name, String content) throws IOException {
        Files.writeString(record(name), content, StandardCharsets.UTF_8);
    }

    List<Path> written() {
        return List.copyOf(written);
    }

    private Path record(String name) {
        Path file = dir.resolve(name);
        written.add(file);
        return file;
    }
}
