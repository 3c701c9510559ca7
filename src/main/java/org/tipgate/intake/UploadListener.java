package org.tipgate.intake;

import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.function.Function;
import org.apache.sshd.common.AttributeRepository.AttributeKey;
import org.apache.sshd.server.session.ServerSession;
import org.apache.sshd.sftp.server.FileHandle;
import org.apache.sshd.sftp.server.Handle;
import org.apache.sshd.sftp.server.SftpEventListener;

/**
 * Tells the {@link UploadHandler} when an upload is complete: a file written under its final name
 * and closed without error, or a temporary {@code .part} file renamed to its final name. While a
 * feed is written to {@code inbox/}, hands its bytes, as they are written, to
 * {@link VerifyingUploads} (when given one), and tells it how the upload ended, before the handler.
 */
final class UploadListener implements SftpEventListener {

    private static final AttributeKey<VerifyingUploads.Verification> VERIFYING = new AttributeKey<>();

    private final Function<String, Path> homes;
    private final UploadHandler handler;
    private final VerifyingUploads verifying;

    /** @param verifying verifies feeds as they are uploaded; null for none */
    UploadListener(Function<String, Path> homes, UploadHandler handler, VerifyingUploads verifying) {
        this.homes = homes;
        this.handler = handler;
        this.verifying = verifying;
    }

    @Override
    public void open(ServerSession session, String remoteHandle, Handle localHandle) {
        Path onDisk = writerInInbox(session, localHandle);
        if (onDisk != null) {
            FileHandle file = (FileHandle) localHandle;
            VerifyingUploads.Verification verification = verifying.opened(session.getUsername(), onDisk,
                    writesFromStart(file));
            if (verification != null) {
                file.setAttribute(VERIFYING, verification);
            }
        }
    }

    @Override
    public void written(ServerSession session, String remoteHandle, FileHandle localHandle, long offset, byte[] data,
                        int dataOffset, int dataLen, Throwable thrown) throws InterruptedIOException {
        VerifyingUploads.Verification verification = localHandle.getAttribute(VERIFYING);
        if (verification != null && (thrown != null || !verification.write(offset, data, dataOffset, dataLen))) {
            localHandle.removeAttribute(VERIFYING);
            verification.abandon();
        }
    }

    @Override
    public void closed(ServerSession session, String remoteHandle, Handle localHandle, Throwable thrown)
            throws InterruptedIOException {
        VerifyingUploads.Verification verification = localHandle.removeAttribute(VERIFYING);
        Path writer = writerInInbox(session, localHandle);
        if (writer != null) {
            verifying.closed(writer, verification);
        }
        if (thrown == null && localHandle instanceof FileHandle file && wrote(file)) {
            Path onDisk = onDisk(session, file.getFile());
            if (verification != null && onDisk != null) {
                verification.end();
                verifying.ended(onDisk, verification);
                verification = null;
            }
            complete(session, file.getFile());
        }
        if (verification != null) {
            verification.abandon();
        }
    }

    @Override
    public void moved(ServerSession session, Path srcPath, Path dstPath, Collection<java.nio.file.CopyOption> opts,
                      Throwable thrown) {
        if (thrown == null) {
            if (verifying != null) {
                Path from = onDisk(session, srcPath);
                Path to = onDisk(session, dstPath);
                if (from != null && to != null) {
                    verifying.moved(from, to);
                }
            }
            complete(session, dstPath);
        }
    }

    /** An upload whose size is set (truncated or extended) other than by writing is not followed. */
    @Override
    public void modifiedAttributes(ServerSession session, Path path, java.util.Map<String, ?> attrs,
                                   Throwable thrown) {
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

    private void complete(ServerSession session, Path inAccount) {
        Path onDisk = onDisk(session, inAccount);
        if (onDisk != null && !SafeNames.isTemporary(onDisk.getFileName().toString())) {
            handler.uploaded(session.getUsername(), AccountFileSystem.folderOf(inAccount), onDisk);
        }
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

    /** Where a handle opened to write a file in the inbox writes, on the gateway's disk; else null. */
    private Path writerInInbox(ServerSession session, Handle handle) {
        if (verifying == null || !(handle instanceof FileHandle file) || !wrote(file)
                || AccountFileSystem.folderOf(file.getFile()) != AccountFolder.INBOX) {
            return null;
        }
        return onDisk(session, file.getFile());
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
