package org.tipgate.config;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.springframework.boot.web.embedded.tomcat.ConnectorStartFailedException;
import org.springframework.boot.web.server.PortInUseException;
import org.springframework.core.env.PropertyResolver;
import org.tipgate.directory.DirectoryException;

/**
 * The one line that says why the gateway could not start, for the failures an operator causes and
 * can fix: a port in use (named with the property that sets it), a configuration or an agency
 * directory that is wrong (their messages name the property, or the file and the line).
 */
public final class StartupFailure {

    /** The properties that set the gateway's ports, in the order a port is looked up in. */
    private static final List<String> PORT_KEYS = List.of("server.port", "tipgate.sftp.port",
            "management.server.port");

    private StartupFailure() {
    }

    /**
     * The reason {@code failure} (or a cause of it) gives, if it is one of those failures;
     * {@code properties}, when known, name the property of a port in use.
     */
    public static Optional<String> reason(Throwable failure, PropertyResolver properties) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof PortInUseException inUse) {
                return Optional.of(portInUse(inUse.getPort(), properties));
            }
            if (cause instanceof ConnectorStartFailedException connector) {
                return Optional.of(portInUse(connector.getPort(), properties));
            }
            if (cause instanceof InvalidConfigurationException || cause instanceof DirectoryException) {
                return Optional.of(oneLine(cause.getMessage()));
            }
        }
        return Optional.empty();
    }

    /** A list of one problem ("...is not valid:\n  - line 9: ...") said in one line. */
    private static String oneLine(String message) {
        String item = "\n  - ";
        int first = message.indexOf(item);
        if (first >= 0 && message.indexOf(item, first + 1) < 0 && message.indexOf('\n', first + 1) < 0) {
            return message.substring(0, first) + " " + message.substring(first + item.length());
        }
        return message;
    }

    private static String portInUse(int port, PropertyResolver properties) {
        String key = properties == null ? null : PORT_KEYS.stream()
                .filter(k -> Objects.equals(properties.getProperty(k), Integer.toString(port)))
                .findFirst().orElse(null);
        return "port " + port + (key == null ? "" : " (" + key + ")") + " is in use";
    }
}
