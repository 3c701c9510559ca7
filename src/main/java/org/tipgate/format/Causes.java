package org.tipgate.format;


/** Reading a failure's cause chain: libraries wrap what happened in layers of their own. */
public final class Causes {

    private Causes() {
    }

    public static boolean causedBy(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The innermost message, printable and short: the socket's, JSch's or the certificate path
     * validator's own words; the wrappers around them mostly repeat the address.
     */
    public static String reason(Throwable failure) {
        String message = failure.toString();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                message = t.getMessage();
            }
        }
        return Text.printable(message, 200);
    }
}
