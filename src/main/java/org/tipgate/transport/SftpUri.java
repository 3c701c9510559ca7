package org.tipgate.transport;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;
import org.tipgate.format.Text;

/**
 * The Camel {@code sftp} endpoint URIs for one SFTP endpoint of the directory. Every value is the
 * operator's configuration, never input, and still goes in escaped: the folder percent-encoded in
 * the URI path (Camel decodes it back), every option value that could hold a reserved character
 * wrapped in {@code RAW(...)} (or {@code RAW{...}} when it holds a closing parenthesis). The
 * {@code sftp-poll} flows of senders' outboxes write their options in {@code routes/sftp-poll.yaml}
 * and take host and folder from {@link #host} and {@link #path}.
 *
 * <p>The options, and why:
 * <ul>
 * <li>{@code strictHostKeyChecking=yes} with {@code knownHostsFile} = the endpoint's pinned key, and
 *     {@code useUserKnownHostsFile=false}, {@code autoCreateKnownHostsFile=false}: the server is
 *     authenticated by the pinned key alone, never by {@code ~/.ssh/known_hosts} and never
 *     trusted on first use (Camel answers JSch's "add this key?" with no);</li>
 * <li>{@code privateKeyFile} and {@code preferredAuthentications=publickey}: the gateway's key
 *     is its only way in; no password is ever configured or tried;</li>
 * <li>{@code connectTimeout} (TCP connect and SSH handshake) and {@code soTimeout} (every read
 *     after that), {@code maximumReconnectAttempts=0}: one attempt that cannot hang; retrying
 *     is the outbox's job, with its backoff;</li>
 * <li>{@code disconnect=true}: each attempt has its own session, so a session that died with an
 *     earlier outage is never reused;</li>
 * <li>{@code autoCreate=false}: a missing remote folder is an error, not a new folder nobody
 *     collects from;</li>
 * <li>{@code stepwise=false}: paths are used whole, without changing directory on the server;</li>
 * <li>producer: {@code tempFileName=.${file:name}.part} (written under a hidden temporary name,
 *     then renamed), {@code fileExist=Fail} with {@code fastExistsCheck=true} (never replace a
 *     file already there; check that one name, not list the folder);</li>
 * <li>consumer (reading back a file already there): {@code fileName}, {@code noop=true},
 *     {@code idempotent=false}, {@code streamDownload=true} (hashed as it streams),
 *     {@code ignoreFileNotFoundOrPermissionError=true} (no such file or folder: nothing there),
 *     {@code throwExceptionOnConnectFailed=true} (no connection: we cannot tell).</li>
 * </ul>
 *
 * <p>Never set: {@code ciphers} and {@code keyExchangeProtocols}. camel-ftp 4.17 applies them to
 * JSch's JVM-wide configuration rather than to the session (CAMEL-24098, since made per session
 * upstream), so one endpoint's choice would change every SFTP session, including those running at
 * the same time for other recipients.
 */
public final class SftpUri {

    /** The temporary name, in Camel's file language: hidden, and not ending in {@code .p7m}. */
    static final String TEMPORARY_NAME = ".${file:name}.part";

    private static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]{0,252})");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}(%[A-Za-z0-9]{1,15})?");

    private final String base;

    private SftpUri(String base) {
        this.base = base;
    }

    /**
     * @throws IllegalArgumentException when a value cannot be written into a URI safely (a host
     *     that is not a host name or address; a path holding both {@code )} and {@code }})
     */
    static SftpUri of(String host, int port, String user, String remoteDir, Path knownHosts, Path privateKey,
                      Duration connectTimeout, Duration readTimeout) {
        return new SftpUri("sftp://" + host(host) + ":" + port + "/" + path(remoteDir)
                + "?username=" + raw(user)
                + "&privateKeyFile=" + raw(privateKey.toString())
                + "&preferredAuthentications=publickey"
                + "&knownHostsFile=" + raw(knownHosts.toString())
                + "&strictHostKeyChecking=yes&useUserKnownHostsFile=false&autoCreateKnownHostsFile=false"
                + "&connectTimeout=" + connectTimeout.toMillis() + "&soTimeout=" + readTimeout.toMillis()
                + "&maximumReconnectAttempts=0&disconnect=true&autoCreate=false&stepwise=false");
    }

    /** Uploads the message body under the name in the {@code CamelFileName} header. */
    String producer() {
        return base + "&tempFileName=" + raw(TEMPORARY_NAME) + "&fileExist=Fail&fastExistsCheck=true";
    }

    /** Reads {@code fileName} from the folder, leaving it where it is. */
    String consumer(String fileName) {
        return base + "&fileName=" + raw(fileName) + "&noop=true&idempotent=false&streamDownload=true"
                + "&ignoreFileNotFoundOrPermissionError=true&throwExceptionOnConnectFailed=true";
    }

    /**
     * The host as it goes in an {@code sftp:} URI: a host name or IPv4 address as it is, an IPv6
     * address in brackets.
     *
     * @throws IllegalArgumentException when it is neither a host name nor an address
     */
    public static String host(String host) {
        if (HOST_NAME.matcher(host).matches()) {
            return host;
        }
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (bare.contains(":") && IPV6.matcher(bare).matches()) {
            return "[" + bare.replace("%", "%25") + "]";
        }
        throw new IllegalArgumentException("not a host name or address: " + Text.printable(host, 80));
    }

    /**
     * The folder as it goes in the URI path after {@code sftp://host:port/}, percent-encoded. Camel
     * reads it relative to the login folder, or absolute when it starts with {@code /} (which makes
     * the {@code //} Camel expects for absolute paths).
     */
    public static String path(String remoteDir) {
        StringBuilder out = new StringBuilder();
        for (byte b : remoteDir.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || "-._~/".indexOf(c) >= 0) {
                out.append(c);
            } else {
                out.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return out.toString();
    }

    private static String raw(String value) {
        if (!value.contains(")")) {
            return "RAW(" + value + ")";
        }
        if (!value.contains("}")) {
            return "RAW{" + value + "}";
        }
        throw new IllegalArgumentException("cannot pass a value holding both ')' and '}' to Camel: "
                + Text.printable(value, 80));
    }
}
