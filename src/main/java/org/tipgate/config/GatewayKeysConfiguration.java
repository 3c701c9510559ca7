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

    @Bean
    CmsSigner gatewaySigner(TipGateProperties properties, AgencyDirectory directory, Clock clock) {
        String gateway = directory.gateway().id();
        X509Certificate cert = directory.certificates(gateway).get(0);
        PrivateKey key;
        try {
            key = Pem.readPrivateKey(properties.gateway().keyFile());
        } catch (IOException e) {
            throw new InvalidConfigurationException("tipgate.gateway.key: " + e.getMessage(), e);
        }
        try {
            return new CmsSigner(key, cert, List.of(), clock);
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigurationException("tipgate.gateway.key: " + properties.gateway().key()
                    + " does not belong to the certificate of the GATEWAY agency " + gateway + " in the directory ("
                    + e.getMessage() + ")", e);
        }
    }

    /** Feeds are verified against the CAs and CRLs of the agency directory, with the feed window. */
    @Bean
    SignatureVerifier feedSignatures(AgencyDirectory directory, Clock clock) {
        return new SignatureVerifier(VerificationPolicy.forFeeds(directory.trust(), directory.crls(), clock));
    }
}
