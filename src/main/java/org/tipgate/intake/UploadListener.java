package org.tipgate.intake;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.CopyOption;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.Map;
import java.util.function.Function;
import org.apache.sshd.common.AttributeRepository.AttributeKey;
import org.apache.sshd.server.session.ServerSession;
import org.apache.sshd.sftp.server.FileHandle;
import org.apache.sshd.sftp.server.Handle;
import org.apache.sshd.sftp.server.SftpEventListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tipgate.directory.AccountFolder;
import org.tipgate.format.FileNames;

/**
 * Takes each upload the moment it is complete: a file written under its final name and closed
 * without error, or a temporary {@code .part} file renamed to its final name. The file is moved out
 * of the account at once ({@link TakenUploads}) and handed, from there, to the {@link UploadHandler}:
 * so every finished upload is taken in once, whatever the agency then does with the name. While a
 * file is written, or renamed, no other handle or rename may use its name ({@link NamesInUse}): a
 * second writer is refused rather than allowed to truncate or overwrite the first one's bytes.
 *
 * <p>While a feed is written to {@code inbox/}, hands its bytes, as they are written, to
 * {@link VerifyingUploads} (when given one), and tells it how the upload ended, before the handler.
 */
final class UploadListener implements SftpEventListener {

    private static final Logger LOG = LoggerFactory.getLogger(UploadListener.class);
    private static final AttributeKey<UploadVerification> VERIFYING = new AttributeKey<>();
    /** Set on a handle once its close was seen: the server tells a close that failed here a second time. */
    private static final AttributeKey<Boolean> CLOSE_SEEN = new AttributeKey<>();

    private final Function<String, Path> homes;
    private final TakenUploads taken;
    private final UploadHandler handler;
    private final VerifyingUploads verifying;
    private final NamesInUse inUse = new NamesInUse();

    /** @param verifying verifies feeds as they are uploaded; null for none */
    UploadListener(Function<String, Path> homes, TakenUploads taken, UploadHandler handler,
                   VerifyingUploads verifying) {
        this.homes = homes;
        this.taken = taken;
        this.handler = handler;
        this.verifying = verifying;
    }

    /** Before a handle to write a file is opened (and the file truncated): the file must be free. */
    @Override
    public void opening(ServerSession session, String remoteHandle, Handle localHandle) throws IOException {
        Path onDisk = writtenFile(session, localHandle);
        if (onDisk != null && !inUse.claim(onDisk, localHandle)) {
            throw inUse(localHandle.getFile());
        }
    }

    @Override
    public void openFailed(ServerSession session, String remotePath, Path localPath, boolean isDirectory,
                           Throwable thrown) {
        if (!isDirectory) {
            inUse.releaseFailedOpen(onDisk(session, localPath));
        }
    }

    @Override
    public void open(ServerSession session, String remoteHandle, Handle localHandle) {
        Path onDisk = writerInInbox(session, localHandle);
        if (onDisk != null) {
            FileHandle file = (FileHandle) localHandle;
            UploadVerification verification = verifying.opened(session.getUsername(), onDisk,
                    writesFromStart(file));
            if (verification != null) {
                file.setAttribute(VERIFYING, verification);
            }
        }
    }

    @Override
    public void written(ServerSession session, String remoteHandle, FileHandle localHandle, long offset, byte[] data,
                        int dataOffset, int dataLen, Throwable thrown) throws InterruptedIOException {
        UploadVerification verification = localHandle.getAttribute(VERIFYING);
        if (verification != null && (thrown != null || !verification.write(offset, data, dataOffset, dataLen))) {
            localHandle.removeAttribute(VERIFYING);
            verification.abandon();
        }
    }

    /**
     * A handle was closed. One that wrote a file under its final name, and closed without error,
     * finished an upload: it is taken before the file's name is let go. If it cannot be taken, the
     * close fails, and the client is told; the file stays under its name.
     */
    @Override
    public void closed(ServerSession session, String remoteHandle, Handle localHandle, Throwable thrown)
            throws IOException {
        Path onDisk = writtenFile(session, localHandle);
        if (onDisk == null || localHandle.setAttribute(CLOSE_SEEN, Boolean.TRUE) != null) {
            return;
        }
        FileHandle file = (FileHandle) localHandle;
        UploadVerification verification = file.removeAttribute(VERIFYING);
        try {
            if (isInbox(file.getFile()) && verifying != null) {
                verifying.closed(onDisk, verification);
            }
            if (thrown != null) {
                return;
            }
            if (verification != null) {
                verification.end();
            }
            if (FileNames.isTemporary(onDisk.getFileName().toString())) {
                if (verification != null) {
                    verifying.ended(onDisk, verification);
                    verification = null;
                }
                return;
            }
            Arrival.Upload upload = taken.take(session.getUsername(), AccountFileSystem.folderOf(file.getFile()),
                    onDisk);
            if (verification != null) {
                verifying.ended(upload.file(), verification);
                verification = null;
            }
            handOver(upload);
        } finally {
            inUse.release(onDisk, localHandle);
            if (verification != null) {
                verification.abandon();
            }
        }
    }

    /** The client went away with the handle open: its upload did not finish, and the file is let go. */
    @Override
    public void exiting(ServerSession session, Handle handle) {
        Path onDisk = writtenFile(session, handle);
        if (onDisk == null) {
            return;
        }
        UploadVerification verification = handle.removeAttribute(VERIFYING);
        if (isInbox(handle.getFile()) && verifying != null) {
            verifying.closed(onDisk, verification);
        }
        if (verification != null) {
            verification.abandon();
        }
        inUse.release(onDisk, handle);
    }

    /** Before a rename: neither name may be in use by another upload, and both stay claimed until it is done. */
    @Override
    public void moving(ServerSession session, Path srcPath, Path dstPath, Collection<CopyOption> opts)
            throws IOException {
        Path from = onDisk(session, srcPath);
        Path to = onDisk(session, dstPath);
        NamesInUse.Rename rename = NamesInUse.Rename.now();
        if (from != null && !inUse.claim(from, rename)) {
            throw inUse(srcPath);
        }
        if (to != null && !inUse.claim(to, rename)) {
            inUse.release(from, rename);
            throw inUse(dstPath);
        }
    }

    /**
     * A rename is done. One that gave a file its final name finished an upload, which is taken
     * before the names are let go; if it cannot be taken, the rename is reported failed.
     */
    @Override
    public void moved(ServerSession session, Path srcPath, Path dstPath, Collection<CopyOption> opts,
                      Throwable thrown) throws IOException {
        Path from = onDisk(session, srcPath);
        Path to = onDisk(session, dstPath);
        try {
            if (thrown != null || to == null) {
                return;
            }
            if (verifying != null && from != null) {
                verifying.moved(from, to);
            }
            if (!FileNames.isTemporary(to.getFileName().toString())) {
                Arrival.Upload upload = taken.take(session.getUsername(), AccountFileSystem.folderOf(dstPath), to);
                if (verifying != null) {
                    verifying.moved(to, upload.file());
                }
                handOver(upload);
            }
        } finally {
            NamesInUse.Rename rename = NamesInUse.Rename.now();
            inUse.release(from, rename);
            inUse.release(to, rename);
        }
    }

    /** An upload whose size is set (truncated or extended) other than by writing is not followed. */
    @Override
    public void modifiedAttributes(ServerSession session, Path path, Map<String, ?> attrs, Throwable thrown) {
        Path onDisk = onDisk(session, path);
        if (verifying != null && onDisk != null && attrs.containsKey("size")) {
            verifying.touched(onDisk);
        }
    }

    @Override
    public void removed(ServerSession session, Path path, boolean isDirectory, Throwable thrown) {
        Path onDisk = onDisk(session, path);
        if (verifying != null && thrown == null && onDisk != null) {
            verifying.removed(onDisk);
        }
    }

    /**
     * Hands a taken upload to the intake. It is the gateway's from the moment it was taken: if the
     * intake cannot take it now (the gateway is stopping), it waits where it is for the next start.
     */
    private void handOver(Arrival.Upload upload) {
        try {
            handler.uploaded(upload);
        } catch (RuntimeException e) {
            LOG.error("Upload {} from {} ({}) is kept at {} but could not be handed to the intake now; it is taken"
                    + " in at the next start", upload.sourceName(), upload.agency(), upload.folder(), upload.file(), e);
        }
    }

    private static FileSystemException inUse(Path inAccount) {
        return new FileSystemException(inAccount.toString(), null,
                "another upload is writing or renaming this file; try again once it is done");
    }

    /** Where a file of an account is on the gateway's disk; null outside the account's folders. */
    private Path onDisk(ServerSession session, Path inAccount) {
        AccountFolder folder = AccountFileSystem.folderOf(inAccount);
        if (folder == null) {
            return null;
        }
        return homes.apply(session.getUsername()).resolve(folder.directoryName())
                .resolve(inAccount.getFileName().toString());
    }

    /** Where a handle opened to write a file of an account writes, on the gateway's disk; else null. */
    private Path writtenFile(ServerSession session, Handle handle) {
        return handle instanceof FileHandle file && wrote(file) ? onDisk(session, file.getFile()) : null;
    }

    /** Where a handle opened to write a file in the inbox writes, on the gateway's disk; else null. */
    private Path writerInInbox(ServerSession session, Handle handle) {
        Path onDisk = verifying == null ? null : writtenFile(session, handle);
        return onDisk != null && isInbox(handle.getFile()) ? onDisk : null;
    }

    private static boolean isInbox(Path inAccount) {
        return AccountFileSystem.folderOf(inAccount) == AccountFolder.INBOX;
    }

    private static boolean wrote(FileHandle file) {
        return file.getOpenOptions().contains(StandardOpenOption.WRITE)
                || file.getOpenOptions().contains(StandardOpenOption.APPEND);
    }

    /** Opened to write the file from its first byte: not appended to (a resumed upload is verified once taken in). */
    private static boolean writesFromStart(FileHandle file) {
        return file.getOpenOptions().contains(StandardOpenOption.WRITE) && !file.isOpenAppend()
                && !file.getOpenOptions().contains(StandardOpenOption.APPEND);
    }
}
