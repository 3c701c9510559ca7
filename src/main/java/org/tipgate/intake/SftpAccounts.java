package org.tipgate.intake;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.sshd.common.config.keys.AuthorizedKeyEntry;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.server.auth.pubkey.PublickeyAuthenticator;
import org.apache.sshd.server.session.ServerSession;
import org.tipgate.directory.Agency;
import org.tipgate.directory.AgencyDirectory;
import org.tipgate.directory.AgencyRole;

/**
 * One SFTP account per agency of the directory that has SSH keys: the user name is the agency id,
 * and only the public keys the directory lists for it may log in. There are no passwords.
 */
final class SftpAccounts implements PublickeyAuthenticator {

    /** One agency's account. */
    record Account(String agencyId, AgencyRole role, List<PublicKey> keys) {
    }

    private final Map<String, Account> accounts;
    private final SftpRefusals refusals;

    private SftpAccounts(Map<String, Account> accounts, SftpRefusals refusals) {
        this.accounts = Map.copyOf(accounts);
        this.refusals = refusals;
    }

    /**
     * The accounts of the agencies in {@code directory}; key file paths are relative to {@code base}.
     * Each key refused is told to {@code refusals}.
     */
    static SftpAccounts of(AgencyDirectory directory, Path base, SftpRefusals refusals) throws IOException {
        List<Account> accounts = new ArrayList<>();
        for (Agency agency : directory.agencies()) {
            List<PublicKey> keys = new ArrayList<>();
            for (String file : agency.sshKeys()) {
                for (AuthorizedKeyEntry entry : AuthorizedKeyEntry.readAuthorizedKeys(base.resolve(file))) {
                    try {
                        keys.add(entry.resolvePublicKey(null, null));
                    } catch (GeneralSecurityException e) {
                        throw new IOException("agency " + agency.id() + ": unreadable SSH key in " + file, e);
                    }
                }
            }
            if (!keys.isEmpty()) {
                accounts.add(new Account(agency.id(), agency.role(), List.copyOf(keys)));
            }
        }
        return new SftpAccounts(accounts.stream().collect(Collectors.toMap(Account::agencyId, a -> a)), refusals);
    }

    Optional<Account> account(String agencyId) {
        return Optional.ofNullable(accounts.get(agencyId));
    }

    List<Account> all() {
        return List.copyOf(accounts.values());
    }

    /**
     * A client asks for each key it holds whether it may log in with it, before it signs with it:
     * each key refused is one refusal. The server ends a session after a few requests
     * ({@link EmbeddedSftpServer}), so one connection cannot make it record without end.
     */
    @Override
    public boolean authenticate(String username, PublicKey key, ServerSession session) {
        Account account = accounts.get(username);
        if (account == null) {
            refusals.refused(username, "publickey", "no such account", key);
            return false;
        }
        if (account.keys().stream().noneMatch(k -> KeyUtils.compareKeys(k, key))) {
            refusals.refused(username, "publickey", "key not listed for the account", key);
            return false;
        }
        return true;
    }
}
