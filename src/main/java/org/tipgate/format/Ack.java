package org.tipgate.format;

import java.time.Instant;
import java.util.List;

/**
 * The acknowledgement TipGate signs and returns to a feed's sender
 * (docs/formats.md#5-acknowledgement-tipgate---sender).
 */
public record Ack(
        String type,
        int version,
        String ackId,
        String feedId,
        String feedSha256,
        Stage stage,
        Status status,
        Instant at,
        Counts counts,
        List<Rejection> rejections,
        List<Delivery> deliveries) {

    public static final String TYPE = "tipgate-ack";
    public static final int VERSION = 1;

    public enum Stage { RECEIVED, DELIVERED }

    public enum Status { ACCEPTED, PARTIAL, REJECTED }

    public record Counts(long records, long accepted, long rejected, long quarantined) {
    }

    /** One refused record, or (line and tipId null) the refusal of the whole feed. */
    public record Rejection(Long line, String tipId, RejectionCode code, String reason) {
    }

    public record Delivery(
            String recipient, String packageId, long records, String status, Instant deliveredAt, String receiptSha256) {
    }
}
