package org.tipgate.config;

/** The gateway's configuration is wrong; the message names the property. */
public final class InvalidConfigurationException extends IllegalStateException {

    public InvalidConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }
}
