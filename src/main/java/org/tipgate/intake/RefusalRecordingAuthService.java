package org.tipgate.intake;

import java.io.IOException;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.sshd.common.Service;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.server.session.ServerSession;
import org.apache.sshd.server.session.ServerUserAuthService;
import org.apache.sshd.server.session.ServerUserAuthServiceFactory;

/**
 * The SSH user authentication service, unchanged, except that a request by a method the server
 * does not offer (it offers public keys only) is recorded as refused. Such requests never reach an
 * authenticator: the server answers them itself, so this is the one place that sees them. The
 * {@code none} request every client starts with is not a refusal. Refused public keys are
 * recorded by {@link SftpAccounts}.
 */
final class RefusalRecordingAuthService extends ServerUserAuthService {

    /** Method names recorded as they are; any other name the client sends is recorded as "other". */
    private static final Set<String> NAMED = Set.of("password", "keyboard-interactive", "hostbased",
            "gssapi-with-mic");

    private final SftpRefusals refusals;

    RefusalRecordingAuthService(Session session, SftpRefusals refusals) throws IOException {
        super(session);
        this.refusals = refusals;
    }

    /** Makes this service for each session. */
    static ServerUserAuthServiceFactory factory(SftpRefusals refusals) {
        return new ServerUserAuthServiceFactory() {
            @Override
            public Service create(Session session) throws IOException {
                return new RefusalRecordingAuthService(session, refusals);
            }
        };
    }

    @Override
    protected boolean handleUserAuthRequestMessage(ServerSession session, Buffer buffer,
                                                   AtomicReference<Boolean> authHolder) throws Exception {
        String user = null;
        String method = null;
        if (!session.isAuthenticated()) {
            int start = buffer.rpos();
            try {
                user = buffer.getString();
                buffer.getString();
                method = buffer.getString();
            } catch (RuntimeException malformed) {
                method = null;
            } finally {
                buffer.rpos(start);
            }
        }
        boolean handled = super.handleUserAuthRequestMessage(session, buffer, authHolder);
        if (method != null && !"none".equals(method) && !"publickey".equals(method)) {
            refusals.refused(user, NAMED.contains(method) ? method : "other", "method not offered: public key only",
                    null);
        }
        return handled;
    }
}
