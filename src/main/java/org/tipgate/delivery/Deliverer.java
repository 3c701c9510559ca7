package org.tipgate.delivery;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;
import org.tipgate.directory.Agency;
import org.tipgate.directory.AgencyDirectory;
import org.tipgate.directory.Endpoint;
import org.tipgate.events.Event;
import org.tipgate.events.EventLog;
import org.tipgate.events.EventType;
import org.tipgate.format.Text;
import org.tipgate.outbox.Outbox;
import org.tipgate.transport.DeliveryException;
import org.tipgate.transport.PackageTransport;

/**
 * Delivers packages from the outbox, each called by one step of the {@code delivery} flow:
 * {@link #claim} takes the due packages under a lease, in one lane per recipient, which the flow
 * runs side by side; {@link #deliver} tries one package on its recipient's endpoints in the
 * directory's order of preference and records the outcome: DELIVERED, or a failed attempt (due
 * again after the backoff) that becomes DEAD when retrying cannot help or the attempts are used up
 * (PACKAGE_DEAD_LETTERED). Each attempt begins by renewing the package's lease and recording
 * DELIVERY_ATTEMPTED in one transaction. An endpoint's answer (an HTTPS response body) is handed to
 * the receipt recorder.
 *
 * <p>{@link #deliver} may be called from several threads at once, for different recipients. That a
 * recipient's packages are tried one at a time, in order, is the flow's doing: it gives each lane
 * to one thread, and runs one pass at a time on a node.
 */
public final class Deliverer {

    private static final Logger LOG = LoggerFactory.getLogger(Deliverer.class);

    /** Settings of the delivery loop. */
    public record Settings(int batch, Duration lease) {
    }

    private final AgencyDirectory directory;
    private final Map<Endpoint.Type, PackageTransport> transports = new EnumMap<>(Endpoint.Type.class);
    private final Outbox outbox;
    private final EventLog events;
    private final TransactionTemplate tx;
    private final Path packagesDir;
    private final Settings settings;
    private final BiFunction<String, byte[], String> receipts;

    /**
     * @param receipts records an endpoint's answer as the recipient's receipt
     *     (recipient, body) and says what became of it, for the event
     */
    public Deliverer(AgencyDirectory directory, List<PackageTransport> transports, Outbox outbox, EventLog events,
                     TransactionTemplate tx, Path packagesDir, Settings settings,
                     BiFunction<String, byte[], String> receipts) {
        this.directory = directory;
        for (PackageTransport transport : transports) {
            if (this.transports.put(transport.type(), transport) != null) {
                throw new IllegalArgumentException("two transports for " + transport.type());
            }
        }
        this.outbox = outbox;
        this.events = events;
        this.tx = tx;
        this.packagesDir = packagesDir;
        this.settings = settings;
        this.receipts = receipts;
    }

    /**
     * The packages due now, each leased to this node, in lanes: one per recipient, holding its
     * packages in the order they were claimed, to be tried one after the other. The lanes with the
     * most bytes come first, so that on a bounded pool the longest delivery does not start last.
     */
    public List<List<Outbox.Entry>> claim() {
        return lanes(tx.execute(status -> outbox.claim(settings.batch(), settings.lease())));
    }

    static List<List<Outbox.Entry>> lanes(List<Outbox.Entry> claimed) {
        Map<String, List<Outbox.Entry>> byRecipient = new LinkedHashMap<>();
        for (Outbox.Entry entry : claimed) {
            byRecipient.computeIfAbsent(entry.recipient(), r -> new ArrayList<>()).add(entry);
        }
        List<List<Outbox.Entry>> lanes = new ArrayList<>(byRecipient.values());
        lanes.sort(Comparator.comparingLong((List<Outbox.Entry> lane) ->
                lane.stream().mapToLong(Outbox.Entry::bytes).sum()).reversed());
        return lanes;
    }

    /**
     * One attempt at one package.
     *
     * @return the package's feed id, so that the flow can see whether the feed is complete
     */
    public String deliver(Outbox.Entry entry) {
        Agency recipient = directory.agency(entry.recipient()).orElse(null);
        if (!Boolean.TRUE.equals(tx.execute(status -> attempt(entry, recipient)))) {
            LOG.warn("Package {} was taken by another node after this one's lease ran out; not trying it here",
                    entry.packageId());
            return entry.feedId();
        }
        Path file = packagesDir.resolve(entry.fileName());
        List<String> failures = new ArrayList<>();
        boolean retryable = false;
        if (recipient == null) {
            failures.add("agency " + entry.recipient() + " is no longer in the directory");
        } else if (!Files.isRegularFile(file)) {
            failures.add("package file " + entry.fileName() + " is missing from the outbox");
        } else {
            for (Endpoint endpoint : recipient.endpoints()) {
                PackageTransport transport = transports.get(endpoint.type());
                if (transport == null) {
                    failures.add(endpoint.type() + ": this gateway has no " + endpoint.type() + " transport");
                    continue;
                }
                try {
                    PackageTransport.Delivered delivered = transport.deliver(recipient, endpoint, entry.fileName(),
                            file);
                    delivered(entry, delivered);
                    return entry.feedId();
                } catch (DeliveryException e) {
                    failures.add(endpoint.type() + ": " + e.getMessage());
                    retryable |= e.retryable();
                } catch (RuntimeException e) {
                    LOG.error("Delivery of {} over {} failed unexpectedly", entry.packageId(), endpoint.type(), e);
                    failures.add(endpoint.type() + ": " + e);
                    retryable = true;
                }
            }
            if (recipient.endpoints().isEmpty()) {
                failures.add("agency " + recipient.id() + " has no endpoint");
            }
        }
        failed(entry, String.join("; ", failures), retryable);
        return entry.feedId();
    }

    /**
     * Renews the lease for this attempt and records that it begins (DELIVERY_ATTEMPTED), in one
     * transaction; false when the lease is lost.
     */
    private boolean attempt(Outbox.Entry entry, Agency recipient) {
        if (!outbox.renew(entry, settings.lease())) {
            return false;
        }
        events.append(Event.pkg(EventType.DELIVERY_ATTEMPTED, entry.feedId(), entry.packageId(), entry.recipient(),
                "ATTEMPTED", Map.of("attempt", entry.attempts() + 1, "transport", transports(recipient))));
        return true;
    }

    /** The endpoint types an attempt tries, in the directory's order of preference, e.g. "HTTPS,SFTP". */
    private static String transports(Agency recipient) {
        if (recipient == null || recipient.endpoints().isEmpty()) {
            return "NONE";
        }
        return String.join(",", recipient.endpoints().stream().map(e -> e.type().name()).toList());
    }

    private void delivered(Outbox.Entry entry, PackageTransport.Delivered delivered) {
        tx.executeWithoutResult(status -> {
            outbox.delivered(entry.packageId(), delivered.where());
            events.append(Event.pkg(EventType.PACKAGE_DELIVERED, entry.feedId(), entry.packageId(), entry.recipient(),
                    "DELIVERED", Map.of("where", delivered.where(), "attempt", entry.attempts() + 1)));
        });
        LOG.info("Delivered {} to {} ({})", entry.packageId(), entry.recipient(), delivered.where());
        if (delivered.response() != null && delivered.response().length > 0) {
            String outcome = receipts.apply(entry.recipient(), delivered.response());
            LOG.info("Receipt in the answer for {}: {}", entry.packageId(), outcome);
        }
    }

    private void failed(Outbox.Entry entry, String error, boolean retryable) {
        Outbox.State[] state = new Outbox.State[1];
        tx.executeWithoutResult(status -> {
            state[0] = outbox.failed(entry.packageId(), error, retryable);
            boolean dead = state[0] == Outbox.State.DEAD;
            List<Event> log = new ArrayList<>();
            log.add(Event.pkg(EventType.DELIVERY_FAILED, entry.feedId(), entry.packageId(), entry.recipient(),
                    dead ? "DEAD" : "RETRY", Map.of("attempt", entry.attempts() + 1,
                            "retryable", retryable, "error", Text.clip(error, 500))));
            if (dead) {
                log.add(Event.pkg(EventType.PACKAGE_DEAD_LETTERED, entry.feedId(), entry.packageId(),
                        entry.recipient(), "DEAD", Map.of("attempts", entry.attempts() + 1, "retryable", retryable)));
            }
            events.appendAll(log);
        });
        LOG.warn("Delivery of {} to {} failed (attempt {}, now {}): {}", entry.packageId(), entry.recipient(),
                entry.attempts() + 1, state[0], error);
    }
}
