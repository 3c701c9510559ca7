package org.tipgate.intake;

import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.CopyOption;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.security.Principal;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.apache.sshd.sftp.server.DirectoryHandle;
import org.apache.sshd.sftp.server.FileHandle;
import org.apache.sshd.sftp.server.SftpFileSystemAccessor;
import org.apache.sshd.sftp.server.SftpSubsystemProxy;
import org.tipgate.directory.AccountFolder;
import org.tipgate.directory.AgencyRole;
import org.tipgate.format.FileNames;

/**
 * What an agency may do in its account. Every path a client names is checked before it reaches the
 * file system: the account root, one of the four folders, or a plain file name in one of them;
 * anything else (other separators, {@code ..} but a folder's own, NUL, control characters,
 * subfolders) is refused.
 * Files are created only where the agency's role writes, renamed only within that folder, deleted
 * only from its outbox once downloaded whole; no folders, links or owners can be made, and
 * permissions stay the gateway's.
 *
 * <p>A listing shows what an agency may name and nothing else: at the root, its four folders; in a
 * folder, the plain files in it. A file the gateway is still writing into a folder the agency only
 * reads (an ack or a package under its temporary {@code .part} name) is neither listed nor found
 * until it has its name; in the folders it writes, an agency sees its own uploads in progress.
 * Symbolic links, other folders and files at the root are neither listed nor followed.
 */
final class AccountFileSystem implements SftpFileSystemAccessor {

    private final SftpAccounts accounts;
    private final OutboxPickups pickups;

    /** @param pickups decides, and records, the removal of packages from a recipient's outbox */
    AccountFileSystem(SftpAccounts accounts, OutboxPickups pickups) {
        this.accounts = accounts;
        this.pickups = pickups;
    }

    @Override
    public Path resolveLocalFilePath(SftpSubsystemProxy subsystem, Path rootDir, String remotePath)
            throws IOException, InvalidPathException {
        if (!isAllowed(remotePath)) {
            throw new InvalidPathException(printable(remotePath), "not an account folder or a plain file name in one");
        }
        List<String> parts = parts(remotePath);
        if (parts.size() == 2 && !shown(AccountFolder.named(parts.get(0)).orElseThrow(), parts.get(1), role(subsystem))) {
            throw new NoSuchFileException(printable(remotePath));
        }
        Path path = SftpFileSystemAccessor.super.resolveLocalFilePath(subsystem, rootDir, remotePath).normalize();
        if (parts.size() == 2 && Files.isSymbolicLink(path)) {
            // Nobody can make one through the server; one put there otherwise must not lead out of the account.
            throw new NoSuchFileException(printable(remotePath));
        }
        return path;
    }

    /** Lists only what the agency may see ({@link #shown}); the dots are the server's own. */
    @Override
    public DirectoryStream<Path> openDirectory(SftpSubsystemProxy subsystem, DirectoryHandle dirHandle, Path dir,
                                               String handle, LinkOption... linkOptions) throws IOException {
        AgencyRole role = role(subsystem);
        Path relative = relative(dir);
        AccountFolder folder = folderIn(dir);
        if (relative.getNameCount() > 1 || relative.getNameCount() == 1 && folder == null) {
            throw new NoSuchFileException(dir.toString());
        }
        DirectoryStream<Path> entries = SftpFileSystemAccessor.super.openDirectory(subsystem, dirHandle, dir, handle,
                linkOptions);
        return new VisibleEntries(entries, folder == null
                ? entry -> AccountFolder.named(entry.getFileName().toString()).isPresent()
                        && Files.isDirectory(entry)
                : entry -> shown(folder, entry.getFileName().toString(), role)
                        && Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS));
    }

    /** Whether the client may write into {@code path}, a folder or a file in one (false for the root). */
    boolean writable(SftpSubsystemProxy subsystem, Path path) throws AccessDeniedException {
        AccountFolder folder = folderIn(path);
        return folder != null && folder.writableBy(role(subsystem));
    }

    @Override
    public SeekableByteChannel openFile(SftpSubsystemProxy subsystem, FileHandle fileHandle, Path file, String handle,
                                        Set<? extends OpenOption> options, FileAttribute<?>... attrs) throws IOException {
        boolean writes = options.contains(StandardOpenOption.WRITE) || options.contains(StandardOpenOption.APPEND);
        if (writes) {
            requireWritable(subsystem, file);
        }
        return SftpFileSystemAccessor.super.openFile(subsystem, fileHandle, file, handle, options, attrs);
    }

    @Override
    public void renameFile(SftpSubsystemProxy subsystem, Path oldPath, Path newPath, Collection<CopyOption> opts)
            throws IOException {
        requireWritable(subsystem, oldPath);
        requireWritable(subsystem, newPath);
        if (!folderOf(oldPath).equals(folderOf(newPath))) {
            throw new AccessDeniedException(oldPath.toString(), newPath.toString(), "files stay in their folder");
        }
        SftpFileSystemAccessor.super.renameFile(subsystem, oldPath, newPath, opts);
    }

    /**
     * A recipient may remove a package from its outbox once it has downloaded it whole, and only
     * then ({@link OutboxPickups#remove}, which records the removal); nothing else may be removed.
     */
    @Override
    public void removeFile(SftpSubsystemProxy subsystem, Path path, boolean isDirectory) throws IOException {
        AccountFolder folder = folderOf(path);
        if (isDirectory || folder == null || !folder.removableBy(role(subsystem))) {
            throw new AccessDeniedException(path.toString(), null, "only packages collected from the outbox may be"
                    + " removed");
        }
        pickups.remove(subsystem.getServerSession().getUsername(), path.getFileName().toString(),
                () -> SftpFileSystemAccessor.super.removeFile(subsystem, path, false));
    }

    @Override
    public void createDirectory(SftpSubsystemProxy subsystem, Path path) throws IOException {
        throw new AccessDeniedException(path.toString(), null, "the account's folders are fixed");
    }

    @Override
    public void createLink(SftpSubsystemProxy subsystem, Path link, Path existing, boolean symLink) throws IOException {
        throw new AccessDeniedException(link.toString(), null, "no links");
    }

    @Override
    public void copyFile(SftpSubsystemProxy subsystem, Path src, Path dst, Collection<CopyOption> opts)
            throws IOException {
        throw new AccessDeniedException(dst.toString(), null, "no server-side copies");
    }

    @Override
    public void setFileOwner(SftpSubsystemProxy subsystem, Path file, Principal value, LinkOption... options)
            throws IOException {
        throw new AccessDeniedException(file.toString(), null, "owners are fixed");
    }

    @Override
    public void setGroupOwner(SftpSubsystemProxy subsystem, Path file, Principal value, LinkOption... options)
            throws IOException {
        throw new AccessDeniedException(file.toString(), null, "groups are fixed");
    }

    /**
     * Clients send the local file's mode with every upload (OpenSSH does); refusing it would fail
     * the upload, applying it would let an agency make files executable or world-writable. The
     * gateway's own permissions stand.
     */
    @Override
    public void setFilePermissions(SftpSubsystemProxy subsystem, Path file, Set<PosixFilePermission> perms,
                                   LinkOption... options) {
        // deliberately not applied
    }

    static boolean isAllowed(String remotePath) {
        if (remotePath == null) {
            return false;
        }
        List<String> parts = parts(remotePath);
        if (parts.isEmpty()) {
            return true;
        }
        if (parts.size() > 2 || AccountFolder.named(parts.get(0)).isEmpty()) {
            return false;
        }
        return parts.size() == 1 || FileNames.isPlain(parts.get(1));
    }

    /**
     * The names of a path as a client gives it: none for the root ({@code /}, {@code .}, empty, and
     * a folder's parent, {@code inbox/..}, which {@code cd ..} asks for; no other {@code ..}).
     */
    private static List<String> parts(String remotePath) {
        String path = remotePath.startsWith("/") ? remotePath.substring(1) : remotePath;
        if (path.isEmpty() || path.equals(".")) {
            return List.of();
        }
        if (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        List<String> parts = List.of(path.split("/", -1));
        return parts.size() == 2 && parts.get(1).equals("..") && AccountFolder.named(parts.get(0)).isPresent()
                ? List.of() : parts;
    }

    /**
     * Whether an agency of {@code role} sees the file {@code name} in {@code folder}: a plain name,
     * and not one the gateway is still writing (a temporary name in a folder the agency only reads).
     */
    static boolean shown(AccountFolder folder, String name, AgencyRole role) {
        return FileNames.isPlain(name) && (folder.writableBy(role) || !FileNames.isTemporary(name));
    }

    /** The folder of a path in an account (root-relative, as the client sees it), or null for the root. */
    static AccountFolder folderOf(Path path) {
        Path relative = relative(path);
        return relative.getNameCount() == 2 ? AccountFolder.named(relative.getName(0).toString()).orElse(null) : null;
    }

    /** The folder a path of an account is or is in; null for the root or what is no folder's. */
    private static AccountFolder folderIn(Path path) {
        Path relative = relative(path);
        return relative.getNameCount() == 0 ? null : AccountFolder.named(relative.getName(0).toString()).orElse(null);
    }

    private static Path relative(Path path) {
        return path.getRoot() == null ? path : path.getRoot().relativize(path);
    }

    private void requireWritable(SftpSubsystemProxy subsystem, Path file) throws AccessDeniedException {
        AccountFolder folder = folderOf(file);
        if (folder == null || !folder.writableBy(role(subsystem))) {
            throw new AccessDeniedException(file.toString(), null, "this account may not write here");
        }
    }

    private AgencyRole role(SftpSubsystemProxy subsystem) throws AccessDeniedException {
        String user = subsystem.getServerSession().getUsername();
        return accounts.account(user).map(SftpAccounts.Account::role)
                .orElseThrow(() -> new AccessDeniedException(user, null, "no account"));
    }

    /** A path fit for a log line or an error: control characters shown as escapes. */
    private static String printable(String path) {
        StringBuilder out = new StringBuilder();
        path.codePoints().forEach(c -> out.append(Character.isISOControl(c) ? String.format("\\x%02x", c)
                : new String(Character.toChars(c))));
        return out.toString();
    }
}
