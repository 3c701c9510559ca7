package org.tipgate.directory;

import java.util.List;

/**
 * One entry of the agency directory, as written in {@code routes/agencies.yaml}. File paths are
 * relative to the gateway's working directory.
 *
 * @param id the agency id: user name of its SFTP account, CN of its certificates, name in every document
 * @param certificates PEM files of the certificates that speak for the agency
 * @param sshKeys OpenSSH public key files allowed to log in to its SFTP account
 * @param endpoints where its packages go (recipients only), in order of preference
 */
public record Agency(String id, String name, AgencyRole role, Jurisdiction jurisdiction, List<String> certificates,
                     List<String> sshKeys, List<Endpoint> endpoints) {

    public Agency {
        certificates = certificates == null ? List.of() : List.copyOf(certificates);
        sshKeys = sshKeys == null ? List.of() : List.copyOf(sshKeys);
        endpoints = endpoints == null ? List.of() : List.copyOf(endpoints);
    }
}
