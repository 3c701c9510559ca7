package org.tipgate.transport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BiPredicate;
import org.tipgate.directory.AccountFolder;
import org.tipgate.directory.Agency;
import org.tipgate.directory.Endpoint;

/**
 * Delivers into the {@code outbox/} of the recipient's own account on the gateway's embedded SFTP
 * server ({@code PULL} endpoints), where the recipient logs in and collects it: {@code <sftp
 * root>/<agency id>/outbox/<fileName>}. Delivered, for such a recipient, means there to collect;
 * what it then does is recorded apart ({@code delivery.PackagePickups}: downloaded whole,
 * removed).
 *
 * <p>The package is staged outside every account, in {@code <sftp root>/}{@value #STAGING}{@code
 * /<agency id>/}, on the same file system as the homes, so that no client sees or can download a
 * partial package; it appears in the outbox whole, by a hard link that never replaces a file
 * ({@link Placement}, as for {@code DIRECTORY} endpoints). The same bytes already under the name
 * count as delivered (a crash came between the delivery and its recording), and so does a package
 * the recipient has already downloaded whole and removed; other bytes under the name are a conflict,
 * not retried, and the recipient's file is left as it is. An account without its outbox folder (the
 * server makes it at start-up for every agency with SSH keys) fails retryably.
 */
public final class PullTransport implements PackageTransport {

    /** The folder below the SFTP root where packages are staged: no agency id starts with a dot. */
    public static final String STAGING = ".pull";

    private final Path sftpRoot;
    private final BiPredicate<String, String> collected;

    /**
     * @param sftpRoot  the embedded SFTP server's root, one home per agency below it ({@code tipgate.sftp.root})
     * @param collected whether a recipient (agency id) has already downloaded a file (name) of its
     *                  outbox whole, so that one it removed since is not put there again
     */
    public PullTransport(Path sftpRoot, BiPredicate<String, String> collected) {
        this.sftpRoot = sftpRoot.toAbsolutePath().normalize();
        this.collected = collected;
    }

    @Override
    public Endpoint.Type type() {
        return Endpoint.Type.PULL;
    }

    @Override
    public Delivered deliver(Agency recipient, Endpoint endpoint, String fileName, Path packageFile)
            throws DeliveryException {
        PackageTransport.requirePlain(fileName);
        String agency = PackageTransport.requirePlain(recipient.id());
        Path outbox = sftpRoot.resolve(agency).resolve(AccountFolder.OUTBOX.directoryName());
        Path target = outbox.resolve(fileName);
        Delivered delivered = new Delivered(where(agency, fileName), new byte[0]);
        if (!Files.isDirectory(outbox)) {
            throw new DeliveryException("the SFTP account of " + agency + " has no outbox folder " + outbox
                    + " (the server makes it at start-up for an agency with sshKeys)", true);
        }
        Path staging = sftpRoot.resolve(STAGING).resolve(agency);
        try {
            Files.createDirectories(staging);
        } catch (IOException e) {
            throw new DeliveryException("cannot make the staging folder " + staging + ": " + e, true, e);
        }
        Placement.removeLeftovers(staging, fileName);
        if (!Files.exists(target) && collected.test(agency, fileName)) {
            return delivered;
        }
        try {
            Placement.place(packageFile, staging, target);
            return delivered;
        } catch (IOException e) {
            throw new DeliveryException("cannot put " + fileName + " in the outbox of " + agency + ": " + e, true, e);
        }
    }

    /** Where a package went, for the outbox row and the PACKAGE_DELIVERED event. */
    static String where(String agency, String fileName) {
        return "sftp-account:" + agency + "/outbox/" + fileName;
    }
}
