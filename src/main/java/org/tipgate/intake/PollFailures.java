package org.tipgate.intake;

import com.jcraft.jsch.JSchHostKeyException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.spi.ExceptionHandler;
import org.apache.camel.spi.PollingConsumerPollStrategy;
import org.apache.camel.spi.RouteIdAware;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tipgate.format.Causes;
import org.tipgate.format.Text;

/**
 * What a failed poll of a sender's outbox means, said in one log line per poll (the
 * {@code sftp-poll} flows' poll strategy and consumer exception handler): a server that does not
 * present the pinned host key is a security event (ERROR; nothing was read, the check comes before
 * login); a server that is down, a refused login, a missing outbox are WARN. Either way the flow
 * tries again at the next poll, and says so once the outbox can be read again. Nothing is taken
 * from a poll that failed.
 *
 * <p>Camel hands a failed poll to the poll strategy and then to the consumer's exception handler;
 * the second would repeat the first with a stack trace every poll, so a failure already said is not
 * said again. Anything else the consumer reports (a file it could not remove after its exchange) is
 * logged as WARN with its cause.
 */
public final class PollFailures implements PollingConsumerPollStrategy, ExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(PollFailures.class);

    private final Set<String> failing = ConcurrentHashMap.newKeySet();
    /** The failure the poll strategy said last, on the consumer's thread, that Camel reports next. */
    private final ThreadLocal<Throwable> said = new ThreadLocal<>();

    @Override
    public boolean begin(Consumer consumer, Endpoint endpoint) {
        return true;
    }

    @Override
    public void commit(Consumer consumer, Endpoint endpoint, int polledMessages) {
        if (failing.remove(flow(consumer))) {
            LOG.info("{}: the sender's outbox can be read again", flow(consumer));
        }
    }

    /** Logs the failure; never retries within the poll (the next poll is the retry). */
    @Override
    public boolean rollback(Consumer consumer, Endpoint endpoint, int retryCounter, Exception cause) {
        String flow = flow(consumer);
        failing.add(flow);
        if (Causes.causedBy(cause, JSchHostKeyException.class)) {
            LOG.error("{}: security: the sender's SFTP server did not present the host key pinned in the directory"
                    + " ({}); nothing was read; trying again at the next poll", flow, Causes.reason(cause));
        } else {
            LOG.warn("{}: cannot poll the sender's outbox ({}); trying again at the next poll", flow,
                    Causes.reason(cause));
        }
        said.set(cause);
        return false;
    }

    @Override
    public void handleException(Throwable exception) {
        handleException(null, null, exception);
    }

    @Override
    public void handleException(String message, Throwable exception) {
        handleException(message, null, exception);
    }

    @Override
    public void handleException(String message, Exchange exchange, Throwable exception) {
        if (exception != null && exception == said.get()) {
            said.remove();
            return;
        }
        LOG.warn("Polling a sender's outbox: {} ({})", Text.printable(message, 300), Causes.reason(exception),
                exception);
    }

    private static String flow(Consumer consumer) {
        return consumer instanceof RouteIdAware aware && aware.getRouteId() != null ? aware.getRouteId()
                : "sftp-poll";
    }
}
