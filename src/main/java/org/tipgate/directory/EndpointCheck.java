package org.tipgate.directory;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/** What each kind of endpoint needs, and nothing it must not have. */
final class EndpointCheck {

    private EndpointCheck() {
    }

    static List<String> problems(Endpoint endpoint) {
        List<String> problems = new ArrayList<>();
        if (endpoint.type() == null) {
            problems.add("has no type (DIRECTORY, SFTP or HTTPS)");
            return problems;
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
            }
            case HTTPS -> {
                require(problems, "HTTPS", "url", endpoint.url());
                if (endpoint.url() != null && !isHttpsUrl(endpoint.url())) {
                    problems.add("HTTPS url " + endpoint.url() + " is not an https:// URL");
                }
            }
        }
        return problems;
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
