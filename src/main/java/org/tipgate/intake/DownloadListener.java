package org.tipgate.intake;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.sshd.common.AttributeRepository.AttributeKey;
import org.apache.sshd.server.session.ServerSession;
import org.apache.sshd.sftp.server.FileHandle;
import org.apache.sshd.sftp.server.Handle;
import org.apache.sshd.sftp.server.SftpEventListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tipgate.directory.AccountFolder;

/**
 * Follows what a recipient reads of the packages in its {@code outbox/}, and tells
 * {@link OutboxPickups} when one has been downloaded whole: a session has read every byte of the
 * file, {@code [0, size)}, and the client has closed it. A client such as OpenSSH's {@code sftp}
 * keeps many reads in flight, answered in any order; the ranges read are gathered per session and
 * file, over every handle the session opens on it, so that a download resumed within the same
 * session counts too. A session that ends before the close (an interrupted download), or reads only
 * part of the file, tells nothing; what one session read never adds to another's.
 */
final class DownloadListener implements SftpEventListener {

    private static final Logger LOG = LoggerFactory.getLogger(DownloadListener.class);
    private static final AttributeKey<Map<String, ByteRanges>> READS = new AttributeKey<>();

    private final OutboxPickups pickups;

    DownloadListener(OutboxPickups pickups) {
        this.pickups = pickups;
    }

    @Override
    public void read(ServerSession session, String remoteHandle, FileHandle localHandle, long offset, byte[] data,
                     int dataOffset, int dataLen, int readLen, Throwable thrown) {
        String name = packageRead(localHandle);
        if (name != null && thrown == null && readLen > 0) {
            reads(session).computeIfAbsent(name, n -> new ByteRanges()).add(offset, offset + readLen);
        }
    }

    @Override
    public void closed(ServerSession session, String remoteHandle, Handle localHandle, Throwable thrown) {
        if (thrown != null || !(localHandle instanceof FileHandle file)) {
            return;
        }
        String name = packageRead(file);
        ByteRanges read = name == null ? null : reads(session).get(name);
        if (read == null) {
            return;
        }
        long size;
        try {
            size = Files.size(file.getFile());
        } catch (IOException e) {
            return;
        }
        if (read.coversAll(size)) {
            try {
                pickups.downloadedWhole(session.getUsername(), name, size);
            } catch (RuntimeException e) {
                LOG.error("{} downloaded outbox/{} whole, but that could not be recorded; it stays removable only once"
                        + " recorded (a later whole download)", session.getUsername(), name, e);
            }
        }
    }

    @Override
    public void removed(ServerSession session, Path path, boolean isDirectory, Throwable thrown) {
        if (thrown == null && AccountFileSystem.folderOf(path) == AccountFolder.OUTBOX) {
            reads(session).remove(path.getFileName().toString());
        }
    }

    /** The name of a file in the outbox opened to read it only; else null. */
    private static String packageRead(FileHandle file) {
        if (AccountFileSystem.folderOf(file.getFile()) != AccountFolder.OUTBOX
                || file.getOpenOptions().contains(StandardOpenOption.WRITE)
                || file.getOpenOptions().contains(StandardOpenOption.APPEND)) {
            return null;
        }
        return file.getFile().getFileName().toString();
    }

    private static Map<String, ByteRanges> reads(ServerSession session) {
        return session.computeAttributeIfAbsent(READS, key -> new ConcurrentHashMap<>());
    }
}
