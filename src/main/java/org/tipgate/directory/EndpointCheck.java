package org.tipgate.directory;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/** What each kind of endpoint needs, and nothing it must not have, for the role of its agency. */
final class EndpointCheck {

    private EndpointCheck() {
    }

    static List<String> problems(Endpoint endpoint, AgencyRole role) {
        List<String> problems = new ArrayList<>();
        if (endpoint.type() == null) {
            problems.add("has no type (DIRECTORY, SFTP, HTTPS or PULL)");
            return problems;
        }
        boolean sender = role == AgencyRole.NATIONAL_SENDER;
        if (sender && endpoint.type() != Endpoint.Type.SFTP) {
            problems.add(endpoint.type() + " is not for a NATIONAL_SENDER, whose only endpoint is the SFTP outbox"
                    + " the gateway polls for its feeds");
            return problems;
        }
        if (!sender && endpoint.ackDir() != null) {
            problems.add(endpoint.type() + " has an ackDir, which only a NATIONAL_SENDER's SFTP outbox has");
        }
        switch (endpoint.type()) {
            case DIRECTORY -> require(problems, "DIRECTORY", "path", endpoint.path());
            case SFTP -> {
                require(problems, "SFTP", "host", endpoint.host());
                require(problems, "SFTP", "user", endpoint.user());
                require(problems, "SFTP", "remoteDir", endpoint.remoteDir());
                require(problems, "SFTP", "knownHosts (the pinned host key)", endpoint.knownHosts());
                if (endpoint.port() != null && (endpoint.port() < 1 || endpoint.port() > 65535)) {
                    problems.add("SFTP port " + endpoint.port() + " is not a port");
                }
                if (sender && endpoint.remoteDir() != null && !endpoint.remoteDir().isBlank()) {
                    checkAcksFolder(problems, endpoint);
                }
            }
            case HTTPS -> {
                require(problems, "HTTPS", "url", endpoint.url());
                if (endpoint.url() != null && !isHttpsUrl(endpoint.url())) {
                    problems.add("HTTPS url " + endpoint.url() + " is not an https:// URL");
                }
            }
            case PULL -> {
                if (hasFields(endpoint)) {
                    problems.add("PULL takes no fields: the package goes to outbox/ of the agency's own account"
                            + " on the gateway's SFTP server");
                }
            }
        }
        return problems;
    }

    /** Whether any field but the type is set: a PULL endpoint has nowhere else to point. */
    private static boolean hasFields(Endpoint endpoint) {
        return endpoint.path() != null || endpoint.host() != null || endpoint.port() != null || endpoint.user() != null
                || endpoint.remoteDir() != null || endpoint.knownHosts() != null || endpoint.url() != null;
    }

    /**
     * A sender's acks need a folder of their own: in the outbox itself the gateway would take its
     * own acks as feeds.
     */
    private static void checkAcksFolder(List<String> problems, Endpoint endpoint) {
        if (endpoint.ackDir() != null && endpoint.ackDir().isBlank()) {
            problems.add("SFTP ackDir is empty");
            return;
        }
        String acks = endpoint.acksFolder();
        if (acks == null) {
            problems.add("SFTP needs ackDir: remoteDir " + endpoint.remoteDir() + " has no folder beside it for acks");
        } else if (Endpoint.trimSlashes(acks).equals(Endpoint.trimSlashes(endpoint.remoteDir()))) {
            problems.add("SFTP ackDir " + acks + " is the outbox itself; acks need a folder of their own");
        }
    }

    private static void require(List<String> problems, String type, String field, String value) {
        if (value == null || value.isBlank()) {
            problems.add(type + " needs " + field);
        }
    }

    private static boolean isHttpsUrl(String url) {
        try {
            URI uri = URI.create(url);
            return "https".equals(uri.getScheme()) && uri.getHost() != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
