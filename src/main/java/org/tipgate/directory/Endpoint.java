package org.tipgate.directory;

/**
 * One way to deliver packages to an agency. Which fields apply depends on the type:
 * <ul>
 * <li>{@code DIRECTORY}: {@code path}, a local folder the agency collects from;</li>
 * <li>{@code SFTP}: {@code host}, {@code port}, {@code user}, {@code remoteDir}, and
 *     {@code knownHosts}, the pinned host key (strict checking, never trust-on-first-use);</li>
 * <li>{@code HTTPS}: {@code url}, POSTed with the gateway's client certificate.</li>
 * </ul>
 */
public record Endpoint(Type type, String path, String host, Integer port, String user, String remoteDir,
                       String knownHosts, String url) {

    public enum Type { DIRECTORY, SFTP, HTTPS }
}
