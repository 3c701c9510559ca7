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

    private SftpAccounts(Map<String, Account> accounts) {
        this.accounts = Map.copyOf(accounts);
    }

    /** The accounts of the agencies in {@code directory}; key file paths are relative to {@code base}. */
    static SftpAccounts of(AgencyDirectory directory, Path base) throws IOException {
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
        return new SftpAccounts(accounts.stream().collect(Collectors.toMap(Account::agencyId, a -> a)));
    }

    Optional<Account> account(String agencyId) {
        return Optional.ofNullable(accounts.get(agencyId));
    }

    List<Account> all() {
        return List.copyOf(accounts.values());
    }

    @Override
    public boolean authenticate(String username, PublicKey key, ServerSession session) {
        Account account = accounts.get(username);
        return account != null && account.keys().stream().anyMatch(k -> KeyUtils.compareKeys(k, key));
    }
}
