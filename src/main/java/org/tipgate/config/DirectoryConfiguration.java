package org.tipgate.config;

import java.nio.file.Path;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.tipgate.directory.AgencyDirectory;
import org.tipgate.directory.DirectoryException;
import org.tipgate.directory.LgdTables;

/** Loads the agency directory at start-up: a directory with findings stops the gateway, naming them. */
@Configuration(proxyBeanMethods = false)
class DirectoryConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(DirectoryConfiguration.class);

    @Bean
    LgdTables lgdTables() {
        return LgdTables.bundled();
    }

    @Bean
    AgencyDirectory agencyDirectory(TipGateProperties properties, LgdTables lgd) throws DirectoryException {
        AgencyDirectory.formerLocation(Path.of(""), properties.directoryFile()).ifPresent(moved -> {
            throw new InvalidConfigurationException(moved, null);
        });
        AgencyDirectory directory = AgencyDirectory.load(properties.directoryFile(), properties.basePath(), lgd,
                Clock.systemUTC());
        LOG.info("Agency directory {} version {}: {} agencies, LGD tables {}", properties.directoryFile(),
                directory.version(), directory.agencies().size(), directory.lgdVersion());
        return directory;
    }
}
