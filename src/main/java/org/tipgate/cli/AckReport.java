package org.tipgate.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.tipgate.format.Ack;

/**
 * What {@code tipgate ack verify} prints of a verified ack: a summary a person can read whatever the
 * feed's size (status, counts, the rejection codes with their counts, the deliveries), and the
 * per-record rejections and every delivery only when asked.
 */
final class AckReport {

    /** Deliveries listed without --all; failed ones are always listed. */
    static final int DELIVERIES_SHOWN = 20;

    private final Ack ack;
    private final PrintStream out;

    AckReport(Ack ack, PrintStream out) {
        this.ack = ack;
        this.out = out;
    }

    void print(boolean rejections, boolean allDeliveries) {
        out.printf("ack %s for feed %s: stage %s, status %s, at %s%n", ack.ackId(),
                ack.feedId() == null ? "(none: refused as a whole)" : ack.feedId(), ack.stage(), ack.status(),
                ack.at());
        out.printf("feed SHA-256 %s%n", ack.feedSha256());
        Ack.Counts counts = ack.counts();
        out.printf("records %,d: accepted %,d, rejected %,d, quarantined %,d%n", counts.records(), counts.accepted(),
                counts.rejected(), counts.quarantined());
        printRejections(rejections);
        printDeliveries(allDeliveries);
    }

    private void printRejections(boolean listThem) {
        List<Ack.Rejection> listed = ack.rejections();
        if (listed.size() == 1 && listed.get(0).line() == null) {
            out.printf("refused as a whole: %s %s%n", listed.get(0).code(), listed.get(0).reason());
            return;
        }
        long refused = ack.counts().rejected() + ack.counts().quarantined();
        if (listed.isEmpty()) {
            out.println("rejections: none");
            return;
        }
        Map<String, Long> byCode = listed.stream().collect(Collectors.groupingBy(r -> r.code().name(), TreeMap::new,
                Collectors.counting()));
        StringJoiner codes = new StringJoiner(", ");
        byCode.forEach((code, n) -> codes.add(code + " " + String.format("%,d", n)));
        out.printf("rejections: %s%s%n", codes, listed.size() < refused
                ? String.format(" (of the first %,d listed in the ack; %,d records were refused in all)", listed.size(),
                        refused) : "");
        if (listThem) {
            for (Ack.Rejection r : listed) {
                out.printf("line %d tipId %s: %s %s%n", r.line(), r.tipId(), r.code(), r.reason());
            }
        } else {
            out.printf("(the %,d rejections one per line: add --rejections)%n", listed.size());
        }
    }

    private void printDeliveries(boolean all) {
        List<Ack.Delivery> deliveries = ack.deliveries();
        if (deliveries.isEmpty()) {
            out.println(ack.stage() == Ack.Stage.RECEIVED
                    ? "deliveries: none at this stage (the DELIVERED ack has them)" : "deliveries: none");
            return;
        }
        Map<String, Long> byStatus = deliveries.stream().collect(Collectors.groupingBy(Ack.Delivery::status,
                TreeMap::new, Collectors.counting()));
        long receipts = deliveries.stream().filter(d -> d.receiptSha256() != null).count();
        long records = deliveries.stream().mapToLong(Ack.Delivery::records).sum();
        StringJoiner statuses = new StringJoiner(", ");
        byStatus.forEach((status, n) -> statuses.add(status + " " + String.format("%,d", n)));
        out.printf("deliveries: %,d packages (%s), %,d records in all, %,d receipts%n", deliveries.size(), statuses,
                records, receipts);
        List<Ack.Delivery> shown = all ? deliveries : deliveries.stream()
                .sorted((a, b) -> Boolean.compare(!"FAILED".equals(a.status()), !"FAILED".equals(b.status())))
                .limit(Math.max(DELIVERIES_SHOWN, deliveries.stream().filter(d -> "FAILED".equals(d.status())).count()))
                .toList();
        shown.forEach(d -> out.printf("  %s: package %s, %,d records, %s%s%s%n", d.recipient(), d.packageId(),
                d.records(), d.status(), d.deliveredAt() == null ? "" : " at " + d.deliveredAt(),
                d.receiptSha256() == null ? "" : ", receipt SHA-256 " + d.receiptSha256()));
        if (shown.size() < deliveries.size()) {
            out.printf("  ... and %,d more packages (add --all to list every one)%n", deliveries.size() - shown.size());
        }
    }
}
