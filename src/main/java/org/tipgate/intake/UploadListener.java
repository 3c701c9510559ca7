package org.tipgate.intake;

import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.function.Function;
import org.apache.sshd.server.session.ServerSession;
import org.apache.sshd.sftp.server.FileHandle;
import org.apache.sshd.sftp.server.Handle;
import org.apache.sshd.sftp.server.SftpEventListener;

/**
 * Tells the {@link UploadHandler} when an upload is complete: a file written under its final name
 * and closed without error, or a temporary {@code .part} file renamed to its final name.
 */
final class UploadListener implements SftpEventListener {

    private final Function<String, Path> homes;
    private final UploadHandler handler;

    UploadListener(Function<String, Path> homes, UploadHandler handler) {
        this.homes = homes;
        this.handler = handler;
    }

    @Override
    public void closed(ServerSession session, String remoteHandle, Handle localHandle, Throwable thrown) {
        if (thrown == null && localHandle instanceof FileHandle file && wrote(file)) {
            complete(session, file.getFile());
        }
    }

    @Override
    public void moved(ServerSession session, Path srcPath, Path dstPath, Collection<java.nio.file.CopyOption> opts,
                      Throwable thrown) {
        if (thrown == null) {
            complete(session, dstPath);
        }
    }

    private void complete(ServerSession session, Path inAccount) {
        AccountFolder folder = AccountFileSystem.folderOf(inAccount);
        String name = inAccount.getFileName().toString();
        if (folder != null && !SafeNames.isTemporary(name)) {
            String agency = session.getUsername();
            handler.uploaded(agency, folder, homes.apply(agency).resolve(folder.directoryName()).resolve(name));
        }
    }

    private static boolean wrote(FileHandle file) {
        return file.getOpenOptions().contains(StandardOpenOption.WRITE)
                || file.getOpenOptions().contains(StandardOpenOption.APPEND);
    }
}
