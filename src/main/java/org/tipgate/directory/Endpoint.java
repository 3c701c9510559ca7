package org.tipgate.directory;

/**
 * One endpoint of an agency. For a recipient, a way to deliver its packages; for a national sender,
 * the SFTP outbox the gateway polls for its feeds. Which fields apply depends on the type:
 * <ul>
 * <li>{@code DIRECTORY}: {@code path}, a local folder the agency collects from;</li>
 * <li>{@code SFTP}: {@code host}, {@code port}, {@code user}, {@code remoteDir}, and
 *     {@code knownHosts}, the pinned host key (strict checking, never trust-on-first-use). For a
 *     recipient, {@code remoteDir} is where packages are put; for a sender, it is its outbox, where
 *     complete feeds appear, and {@code ackDir} is where the gateway puts its acks (by default the
 *     folder {@code acks} beside the outbox: {@link #acksFolder()});</li>
 * <li>{@code HTTPS}: {@code url}, POSTed with the gateway's client certificate;</li>
 * <li>{@code PULL}: no fields: the package is put in the {@code outbox/} of the agency's own account
 *     on the gateway's embedded SFTP server, where the agency collects it.</li>
 * </ul>
 */
public record Endpoint(Type type, String path, String host, Integer port, String user, String remoteDir,
                       String knownHosts, String url, String ackDir) {

    public enum Type { DIRECTORY, SFTP, HTTPS, PULL }

    /** The folder acks go back to when {@code ackDir} is not given: {@code acks} beside the outbox. */
    public static final String DEFAULT_ACKS = "acks";

    /**
     * Where acks for the feeds of this outbox go: {@code ackDir} when given, else the folder
     * {@code acks} beside {@code remoteDir} ({@code outbox} gives {@code acks}, {@code /data/ncrb/out}
     * gives {@code /data/ncrb/acks}); {@code null} when neither is known (no {@code remoteDir}, or
     * one without a last folder of its own, such as {@code /} or {@code .}).
     */
    public String acksFolder() {
        if (ackDir != null && !ackDir.isBlank()) {
            return ackDir;
        }
        if (remoteDir == null) {
            return null;
        }
        String dir = trimSlashes(remoteDir);
        int slash = dir.lastIndexOf('/');
        String last = dir.substring(slash + 1);
        if (last.isEmpty() || last.equals(".") || last.equals("..")) {
            return null;
        }
        return dir.substring(0, slash + 1) + DEFAULT_ACKS;
    }

    /** A folder path without the slashes that end it ({@code /} stays {@code /}). */
    static String trimSlashes(String dir) {
        String trimmed = dir;
        while (trimmed.length() > 1 && trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        return trimmed;
    }
}
