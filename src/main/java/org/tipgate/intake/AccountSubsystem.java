package org.tipgate.intake;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.apache.sshd.server.session.ServerSession;
import org.apache.sshd.sftp.common.SftpConstants;
import org.apache.sshd.sftp.common.extensions.openssh.AbstractOpenSSHExtensionParser.OpenSSHExtension;
import org.apache.sshd.sftp.server.SftpSubsystem;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;

/**
 * MINA SSHD's SFTP subsystem, answering also OpenSSH's {@value #STATVFS} extension, which the
 * {@code df} command of OpenSSH's {@code sftp} needs: the space of the disk an account's folder is
 * on, as the gateway's JVM sees it, read-only for a folder the agency may not write, and the longest
 * file name an account may use. Inode counts are not known to the JVM and are reported as 0.
 * Paths are resolved, and refused, as for every other request ({@link AccountFileSystem}).
 */
final class AccountSubsystem extends SftpSubsystem {

    static final String STATVFS = "statvfs@openssh.com";
    /** statvfs(3)'s flags, as the extension carries them. */
    private static final long ST_RDONLY = 0x1;
    private static final long ST_NOSUID = 0x2;
    private static final long BLOCK_SIZE_UNKNOWN = 4096;
    private static final long NAME_MAX = 200;

    /** Makes one for each SFTP channel, with the event listeners registered on the factory. */
    static final class Factory extends SftpSubsystemFactory {

        Factory(AccountFileSystem accounts) {
            setFileSystemAccessor(accounts);
            setErrorStatusDataHandler(new SftpStatusMessages());
        }

        @Override
        public Command createSubsystem(ChannelSession channel) throws IOException {
            AccountSubsystem subsystem = new AccountSubsystem(channel, this);
            getRegisteredListeners().forEach(subsystem::addSftpEventListener);
            return subsystem;
        }
    }

    private AccountSubsystem(ChannelSession channel, Factory factory) {
        super(channel, factory);
    }

    @Override
    protected List<OpenSSHExtension> resolveOpenSSHExtensions(ServerSession session) {
        List<OpenSSHExtension> extensions = new ArrayList<>(super.resolveOpenSSHExtensions(session));
        extensions.add(new OpenSSHExtension(STATVFS, "2"));
        return extensions;
    }

    @Override
    protected void executeExtendedCommand(Buffer buffer, int id, String extension) throws IOException {
        if (!STATVFS.equals(extension)) {
            super.executeExtendedCommand(buffer, id, extension);
            return;
        }
        String path = buffer.getString();
        long[] fields;
        try {
            fields = statvfs(resolveFile(path));
        } catch (IOException | RuntimeException e) {
            sendStatus(prepareReply(buffer), id, e, SftpConstants.SSH_FXP_EXTENDED, extension, path);
            return;
        }
        Buffer reply = prepareReply(buffer);
        reply.putByte((byte) SftpConstants.SSH_FXP_EXTENDED_REPLY);
        reply.putInt(id);
        for (long field : fields) {
            reply.putLong(field);
        }
        send(reply);
    }

    /** f_bsize, f_frsize, f_blocks, f_bfree, f_bavail, f_files, f_ffree, f_favail, f_fsid, f_flag, f_namemax. */
    private long[] statvfs(Path path) throws IOException {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            throw new NoSuchFileException(path.toString());
        }
        FileStore store = Files.getFileStore(path);
        long block;
        try {
            block = store.getBlockSize();
        } catch (UnsupportedOperationException e) {
            block = BLOCK_SIZE_UNKNOWN;
        }
        boolean writable = ((AccountFileSystem) getFileSystemAccessor()).writable(this, path);
        return new long[] {block, block, store.getTotalSpace() / block, store.getUnallocatedSpace() / block,
                store.getUsableSpace() / block, 0, 0, 0, 0, ST_NOSUID | (writable ? 0 : ST_RDONLY), NAME_MAX};
    }
}
