package org.tipgate.intake;

import java.security.PublicKey;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.tipgate.events.Event;
import org.tipgate.events.EventLog;
import org.tipgate.events.EventType;

/**
 * What the embedded SFTP server does with an authentication it refuses. The events it leaves
 * (AUTHENTICATION_FAILED) name the agency only when the user name is an agency id of the directory
 * ({@value #UNKNOWN} otherwise: a user name can be anything, a person's name too), the method, why,
 * and the SHA-256 fingerprint of the key offered; never the client's address, which is personal data.
 */
public interface SftpRefusals {

    String UNKNOWN = "unknown";

    /** Refusals that leave nothing (tests of the server alone). */
    SftpRefusals NONE = (user, method, reason, key) -> {
    };

    /**
     * @param user   the user name the client gave (untrusted)
     * @param method {@code publickey}, {@code password}, {@code keyboard-interactive}, {@code hostbased},
     *               {@code gssapi-with-mic}, or {@code other}
     * @param key    the key offered, or null
     */
    void refused(String user, String method, String reason, PublicKey key);

    /** Appends one AUTHENTICATION_FAILED event per refusal, each in a transaction of its own. */
    static SftpRefusals events(EventLog events, Set<String> agencyIds) {
        Set<String> known = Set.copyOf(agencyIds);
        return (user, method, reason, key) -> {
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("channel", "SFTP");
            detail.put("method", method);
            detail.put("reason", reason);
            if (key != null) {
                detail.put("keySha256", KeyUtils.getFingerPrint(KeyUtils.getDefaultFingerPrintFactory(), key));
            }
            events.append(new Event(EventType.AUTHENTICATION_FAILED, known.contains(user) ? user : UNKNOWN, null, null,
                    null, null, "REFUSED", detail));
        };
    }
}
