package org.tipgate.config;

import jakarta.validation.constraints.NotBlank;
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
 */
@Validated
@ConfigurationProperties("tipgate")
public record TipGateProperties(@NotBlank String directory, @NotBlank String base) {

    public Path directoryFile() {
        return Path.of(directory);
    }

    public Path basePath() {
        return Path.of(base);
    }
}
