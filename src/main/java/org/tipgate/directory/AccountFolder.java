package org.tipgate.directory;

import java.util.Arrays;
import java.util.Optional;

/**
 * The four folders of every SFTP account (docs/design.md#3-transports), and who may write where: a
 * national sender uploads feeds to {@code inbox/}, a recipient uploads receipts to {@code
 * receipts/}; the gateway fills {@code acks/} and {@code outbox/}, which the agency only reads (and
 * may empty).
 */
public enum AccountFolder {
    INBOX("inbox"),
    ACKS("acks"),
    OUTBOX("outbox"),
    RECEIPTS("receipts");

    private final String directoryName;

    AccountFolder(String directoryName) {
        this.directoryName = directoryName;
    }

    public String directoryName() {
        return directoryName;
    }

    public static Optional<AccountFolder> named(String name) {
        return Arrays.stream(values()).filter(f -> f.directoryName.equals(name)).findFirst();
    }

    /** Whether an agency of {@code role} may create files here. */
    public boolean writableBy(AgencyRole role) {
        return this == INBOX && role == AgencyRole.NATIONAL_SENDER
                || this == RECEIPTS && role.receivesPackages();
    }

    /** Whether an agency of {@code role} may delete files here: what it has collected from its outbox. */
    public boolean removableBy(AgencyRole role) {
        return this == OUTBOX && role.receivesPackages();
    }
}
