package org.tipgate.api;

/**
 * A request parameter outside its grammar or range: answered 400 with this message, which names the
 * parameter and never repeats its value.
 */
final class BadParameterException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    BadParameterException(String message) {
        super(message);
    }
}
