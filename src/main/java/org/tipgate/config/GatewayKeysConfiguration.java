package org.tipgate.config;

import java.io.IOException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.tipgate.crypto.CmsSigner;
import org.tipgate.crypto.Pem;
import org.tipgate.crypto.SignatureVerifier;
import org.tipgate.crypto.VerificationPolicy;
import org.tipgate.directory.AgencyDirectory;

/**
 * The gateway's own keys and the trust it verifies feeds with, checked at start-up: a key that
 * cannot be read, or that does not belong to the directory's GATEWAY certificate, stops the gateway
 * with a message naming {@code tipgate.gateway.key}.
 */
@Configuration(proxyBeanMethods = false)
class GatewayKeysConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    /** The gateway's certificate (from the directory) and its private key. */
    record GatewayCredentials(X509Certificate cert, PrivateKey key) {
    }

    @Bean
    GatewayCredentials gatewayCredentials(TipGateProperties properties, AgencyDirectory directory) {
        X509Certificate cert = directory.certificates(directory.gateway().id()).get(0);
        try {
            return new GatewayCredentials(cert, Pem.readPrivateKey(properties.gateway().keyFile()));
        } catch (IOException e) {
            throw new InvalidConfigurationException("tipgate.gateway.key: " + e.getMessage(), e);
        }
    }

    @Bean
    CmsSigner gatewaySigner(GatewayCredentials gateway, TipGateProperties properties, AgencyDirectory directory,
                            Clock clock) {
        try {
            return new CmsSigner(gateway.key(), gateway.cert(), List.of(), clock);
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigurationException("tipgate.gateway.key: " + properties.gateway().key()
                    + " does not belong to the certificate of the GATEWAY agency " + directory.gateway().id()
                    + " in the directory (" + e.getMessage() + ")", e);
        }
    }

    /** Feeds are verified against the CAs and CRLs of the agency directory, with the feed window. */
    @Bean
    SignatureVerifier feedSignatures(AgencyDirectory directory, Clock clock) {
        return new SignatureVerifier(VerificationPolicy.forFeeds(directory.trust(), directory.crls(), clock));
    }
}
