package org.tipgate.directory;

import java.util.List;
import java.util.Optional;

/**
 * One entry of the agency directory, as written in {@code config/agencies.yaml}. File paths are
 * relative to the gateway's working directory.
 *
 * @param id the agency id: user name of its SFTP account, CN of its certificates, name in every document
 * @param certificates PEM files of the certificates that speak for the agency
 * @param sshKeys OpenSSH public key files allowed to log in to its SFTP account
 * @param endpoints where its packages go (recipients), in order of preference; or the SFTP outbox the
 *                  gateway polls for its feeds (a national sender; see {@link #outbox()})
 */
public record Agency(String id, String name, AgencyRole role, Jurisdiction jurisdiction, List<String> certificates,
                     List<String> sshKeys, List<Endpoint> endpoints) {

    public Agency {
        certificates = certificates == null ? List.of() : List.copyOf(certificates);
        sshKeys = sshKeys == null ? List.of() : List.copyOf(sshKeys);
        endpoints = endpoints == null ? List.of() : List.copyOf(endpoints);
    }

    /** The SFTP outbox the gateway polls for this agency's feeds: a national sender's SFTP endpoint. */
    public Optional<Endpoint> outbox() {
        if (role != AgencyRole.NATIONAL_SENDER) {
            return Optional.empty();
        }
        return endpoints.stream().filter(e -> e.type() == Endpoint.Type.SFTP).findFirst();
    }
}
