package org.tipgate.intake;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.tipgate.directory.AccountFolder;
import org.tipgate.format.FileNames;

/**
 * Finished uploads in the gateway's hands. The moment an upload to an account is finished, its
 * file is moved (renamed, on the same disk: no byte is copied) out of the account to a name of the
 * gateway's own, {@code <sftp root>/.taken/<agency>/<folder>/<id>.<name it was uploaded as>}, and
 * handed to the intake from there. An agency's name is then free at once: the same name uploaded
 * again, a file renamed onto it, or another session's upload of it, is another upload, and nothing
 * an agency does can change or remove one the gateway is taking in. (No agency id starts with a
 * dot, so the folder is no account's home; {@link AccountFileSystem} lets no path leave a home.)
 * The intake removes the file once it has kept and recorded the upload; one left by a stop is
 * taken in at the next start ({@link #waiting}).
 */
final class TakenUploads {

    /** The folder, in the SFTP root, that holds the uploads taken from every account. */
    static final String FOLDER = ".taken";
    private static final Pattern NAME = Pattern.compile("([0-9a-f]{32})\\.(.+)");

    private final Path dir;

    /** @param root the SFTP root, which holds the accounts' homes */
    TakenUploads(Path root) {
        this.dir = root.resolve(FOLDER);
    }

    /**
     * Takes the finished upload {@code file} from {@code agency}'s {@code folder}: moves it
     * atomically out of the account, under a name no other upload has.
     *
     * @throws java.nio.file.NoSuchFileException if the file is not there (taken already)
     */
    Arrival.Upload take(String agency, AccountFolder folder, Path file) throws IOException {
        if (!FileNames.isPlain(agency)) {
            throw new IllegalArgumentException("not an agency id: " + agency);
        }
        String name = file.getFileName().toString();
        Path taken = Files.createDirectories(dir.resolve(agency).resolve(folder.directoryName()))
                .resolve(UUID.randomUUID().toString().replace("-", "") + "." + name);
        Files.move(file, taken, StandardCopyOption.ATOMIC_MOVE);
        return new Arrival.Upload(agency, folder, taken, name);
    }

    /**
     * Takes the files left under their final names in the inbox of {@code agency}'s {@code home}:
     * uploads whose end the gateway did not see (it stopped first). Only while no client is
     * connected: one may be writing such a file.
     */
    void takeLeftInInbox(String agency, Path home) throws IOException {
        Path inbox = home.resolve(AccountFolder.INBOX.directoryName());
        if (!Files.isDirectory(inbox)) {
            return;
        }
        List<Path> left;
        try (Stream<Path> files = Files.list(inbox)) {
            left = files.filter(f -> Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS))
                    .filter(f -> FileNames.isPlain(f.getFileName().toString())
                            && !FileNames.isTemporary(f.getFileName().toString())).sorted().toList();
        }
        for (Path file : left) {
            take(agency, AccountFolder.INBOX, file);
        }
    }

    /**
     * The uploads taken and not yet taken in (the gateway stopped first), oldest first: each in the
     * order its upload finished.
     */
    List<Arrival.Upload> waiting() throws IOException {
        List<Waiting> found = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> agencies = Files.list(dir)) {
            for (Path agency : agencies.filter(Files::isDirectory).toList()) {
                for (AccountFolder folder : AccountFolder.values()) {
                    Path in = agency.resolve(folder.directoryName());
                    if (!Files.isDirectory(in)) {
                        continue;
                    }
                    try (Stream<Path> files = Files.list(in)) {
                        for (Path file : files.filter(Files::isRegularFile).toList()) {
                            Matcher name = NAME.matcher(file.getFileName().toString());
                            if (name.matches()) {
                                found.add(new Waiting(Files.getLastModifiedTime(file).toMillis(),
                                        new Arrival.Upload(agency.getFileName().toString(), folder, file,
                                                name.group(2))));
                            }
                        }
                    }
                }
            }
        }
        return found.stream().sorted(Comparator.comparingLong(Waiting::finished)
                .thenComparing(w -> w.upload().file())).map(Waiting::upload).toList();
    }

    private record Waiting(long finished, Arrival.Upload upload) {
    }
}
