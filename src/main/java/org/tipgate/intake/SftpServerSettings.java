package org.tipgate.intake;

import java.nio.file.Path;

/**
 * Where the embedded SFTP server listens and keeps its files.
 *
 * @param host    the address to listen on (embedded default {@code 127.0.0.1})
 * @param port    the port (embedded default 2222; 0 picks a free one)
 * @param root    the folder holding one home per agency, {@code <root>/<agency id>/inbox} and so on
 * @param hostKey the server's host key file, made on first start and kept: agencies pin it
 */
public record SftpServerSettings(String host, int port, Path root, Path hostKey) {
}
