package org.tipgate.config;

import jakarta.validation.Valid;
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
 */
@Validated
@ConfigurationProperties("tipgate")
public record TipGateProperties(@NotBlank String directory, @NotBlank String base, @Valid @NotNull Gateway gateway) {

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
