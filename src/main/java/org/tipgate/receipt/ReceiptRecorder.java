package org.tipgate.receipt;

import java.security.cert.X509Certificate;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;
import org.tipgate.crypto.Digests;
import org.tipgate.crypto.SignatureVerifier;
import org.tipgate.crypto.VerifiedContent;
import org.tipgate.directory.AgencyDirectory;
import org.tipgate.events.Event;
import org.tipgate.events.EventLog;
import org.tipgate.events.EventType;
import org.tipgate.format.Receipt;
import org.tipgate.format.RejectedException;
import org.tipgate.format.RejectionCode;
import org.tipgate.format.Text;
import org.tipgate.format.WireDocument;
import org.tipgate.outbox.Outbox;

/**
 * Verifies a recipient's receipt and records it as proof of receipt ({@code receipts}). The
 * receipt must be signed by one of the recipient's own certificates in the directory (a valid
 * chain to the CA is not enough), inside the signingTime window of the verifier's policy, and not
 * before the package existed; it must name a package addressed to that recipient, with that
 * package's exact SHA-256. A refused receipt is recorded as an event with its code; nothing else
 * changes.
 */
public final class ReceiptRecorder {

    /** What became of a receipt: ACCEPTED, or the rejection code. */
    public record Outcome(String packageId, String receiptSha256, RejectionCode refusal, String reason) {

        public boolean accepted() {
            return refusal == null;
        }
    }

    /** A receipt whose signature verified, and the time its signer says it signed it. */
    public record SignedReceipt(Receipt receipt, Instant signingTime) {
    }

    private static final Duration SKEW = Duration.ofMinutes(5);

    private final SignatureVerifier verifier;
    private final AgencyDirectory directory;
    private final Outbox outbox;
    private final JdbcTemplate jdbc;
    private final EventLog events;
    private final TransactionTemplate tx;
    private final Clock clock;

    public ReceiptRecorder(SignatureVerifier verifier, AgencyDirectory directory, Outbox outbox, JdbcTemplate jdbc,
                           EventLog events, TransactionTemplate tx, Clock clock) {
        this.verifier = verifier;
        this.directory = directory;
        this.outbox = outbox;
        this.jdbc = jdbc;
        this.events = events;
        this.tx = tx;
        this.clock = clock;
    }

    /**
     * @param recipient the agency the receipt came from (its SFTP account, or the endpoint a
     *     package was posted to)
     */
    public Outcome record(String recipient, byte[] cms, String channel) {
        String sha256 = Digests.sha256Hex(cms);
        try {
            Receipt receipt = check(recipient, cms);
            tx.executeWithoutResult(status -> {
                try {
                    jdbc.update("INSERT INTO receipts (receipt_sha256, package_id, recipient, received_at, recorded_at,"
                            + " channel, signed) VALUES (?, ?, ?, ?, ?, ?, ?)", sha256, receipt.packageId(), recipient,
                            Timestamp.from(receipt.receivedAt()), Timestamp.from(clock.instant()), channel, cms);
                } catch (DuplicateKeyException again) {
                    return;
                }
                outbox.receipt(receipt.packageId(), sha256);
                events.append(new Event(EventType.RECEIPT_RECORDED, recipient, feedOf(receipt.packageId()), null,
                        receipt.packageId(), recipient, "ACCEPTED", Map.of("receiptSha256", sha256,
                        "channel", channel)));
            });
            return new Outcome(receipt.packageId(), sha256, null, null);
        } catch (RejectedException e) {
            events.append(new Event(EventType.RECEIPT_RECORDED, recipient, null, null, null, recipient,
                    e.code().name(), Map.of("receiptSha256", sha256, "channel", channel, "reason", Text.clip(e.reason(), 500))));
            return new Outcome(null, sha256, e.code(), e.reason());
        }
    }

    /** Records the refusal of a receipt too long to be one. */
    public Outcome refuseTooLarge(String recipient, int maxBytes, String channel) {
        String reason = "a receipt has at most " + maxBytes + " bytes";
        events.append(new Event(EventType.RECEIPT_RECORDED, recipient, null, null, null, recipient,
                RejectionCode.TOO_LARGE.name(), Map.of("channel", channel, "reason", reason)));
        return new Outcome(null, null, RejectionCode.TOO_LARGE, reason);
    }

    /** The receipts recorded for a package, oldest first (their SHA-256). */
    public List<String> receiptsOf(String packageId) {
        return jdbc.queryForList("SELECT receipt_sha256 FROM receipts WHERE package_id = ? ORDER BY recorded_at",
                String.class, packageId);
    }

    /**
     * The receipt in {@code cms}, when its signature verifies and its signer is one of
     * {@code certificates}, those of the recipient it must come from: a valid chain is not enough.
     */
    public static SignedReceipt read(SignatureVerifier verifier, byte[] cms, String recipient,
                                     Collection<X509Certificate> certificates) throws RejectedException {
        VerifiedContent content = verifier.verify(cms);
        X509Certificate signer = content.signature().signer();
        if (!certificates.contains(signer)) {
            throw new RejectedException(RejectionCode.SIGNER_UNTRUSTED, "receipt signed by "
                    + signer.getSubjectX500Principal().getName() + ", not by a certificate of " + recipient);
        }
        return new SignedReceipt(WireDocument.RECEIPT.read(content.content(), Receipt.class),
                content.signature().signingTime());
    }

    private Receipt check(String recipient, byte[] cms) throws RejectedException {
        SignedReceipt signed = read(verifier, cms, recipient, directory.certificates(recipient));
        Receipt receipt = signed.receipt();
        Outbox.Entry pkg = outbox.get(receipt.packageId()).orElseThrow(() -> new RejectedException(
                RejectionCode.HEADER_INVALID, "no package " + receipt.packageId()));
        if (!pkg.recipient().equals(recipient)) {
            throw new RejectedException(RejectionCode.SIGNER_UNTRUSTED, "package " + receipt.packageId()
                    + " was not addressed to " + recipient);
        }
        if (!pkg.packageSha256().equalsIgnoreCase(receipt.packageSha256())) {
            throw new RejectedException(RejectionCode.HEADER_INVALID, "receipt names SHA-256 "
                    + receipt.packageSha256() + " but package " + receipt.packageId() + " is " + pkg.packageSha256());
        }
        if (signed.signingTime().isBefore(pkg.createdAt().minus(SKEW))) {
            throw new RejectedException(RejectionCode.SIGNING_TIME_OUT_OF_WINDOW, "receipt signed at "
                    + signed.signingTime() + ", before package " + receipt.packageId() + " was built at "
                    + pkg.createdAt());
        }
        return receipt;
    }

    private String feedOf(String packageId) {
        return outbox.get(packageId).map(Outbox.Entry::feedId).orElse(null);
    }

}
