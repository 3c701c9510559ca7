package org.tipgate.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The gateway's own settings ({@code tipgate.*}); docs/configuration.md lists them with their
 * defaults. Paths are plain file-system paths, relative to the working directory.
 *
 * @param directory the agency directory file (default {@code routes/agencies.yaml}); the gateway
 *                  does not start when it has any finding
 * @param base      what relative paths inside the directory are relative to (default {@code .})
 * @param gateway   the gateway's own key material
 * @param sftp      the embedded SFTP server
 * @param spool     where feeds are kept as evidence, encrypted at rest (default {@code data/spool})
 */
@Validated
@ConfigurationProperties("tipgate")
public record TipGateProperties(@NotBlank String directory, @NotBlank String base, @Valid @NotNull Gateway gateway,
                                @Valid @NotNull Sftp sftp, @NotBlank String spool) {

    /**
     * The embedded SFTP server.
     *
     * @param host    address to listen on (default {@code 127.0.0.1})
     * @param port    port (default 2222; 0 picks a free one)
     * @param root    one home per agency below it (default {@code data/sftp})
     * @param hostKey the server's host key, made on first start and kept (default {@code data/sftp-host-key})
     */
    public record Sftp(@NotBlank String host, @Min(0) @Max(65535) int port, @NotBlank String root,
                       @NotBlank String hostKey) {
    }

    /**
     * The gateway's signing key. Its certificate is the one the agency directory lists for the
     * GATEWAY agency, so that what the gateway signs and what agencies trust cannot drift apart.
     *
     * @param key PEM file of the gateway's private key (PKCS#8, unencrypted; default the demo key
     *            {@code keys-example/tipgate.key.pem}); it must belong to that certificate
     */
    public record Gateway(@NotBlank String key) {

        public Path keyFile() {
            return Path.of(key);
        }
    }

    public Path directoryFile() {
        return Path.of(directory);
    }

    public Path basePath() {
        return Path.of(base);
    }
}
