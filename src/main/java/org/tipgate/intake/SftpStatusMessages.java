package org.tipgate.intake;

import java.nio.file.AccessDeniedException;
import org.apache.sshd.sftp.server.SftpErrorStatusDataHandler;
import org.apache.sshd.sftp.server.SftpSubsystemEnvironment;

/**
 * The message of an SFTP status the server answers with: for a request the account may not make,
 * the reason the gateway gave ("outbox/X.p7m is not yet downloaded whole: get all of it, then
 * remove it"), where MINA would say only "Permission denied". The status code stays the standard
 * one. Clients that show the server's message (MINA's, WinSCP, Paramiko) show the reason; OpenSSH's
 * {@code sftp} prints its own text for the code, "Permission denied".
 */
final class SftpStatusMessages implements SftpErrorStatusDataHandler {

    @Override
    public String resolveErrorMessage(SftpSubsystemEnvironment sftpSubsystem, int id, Throwable e, int subStatus,
                                      int cmd, Object... args) {
        if (e instanceof AccessDeniedException denied && denied.getReason() != null) {
            return "Permission denied: " + denied.getReason();
        }
        return SftpErrorStatusDataHandler.super.resolveErrorMessage(sftpSubsystem, id, e, subStatus, cmd, args);
    }
}
