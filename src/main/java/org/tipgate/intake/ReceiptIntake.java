package org.tipgate.intake;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import org.tipgate.format.Channel;
import org.tipgate.receipt.ReceiptRecorder;

/**
 * Receipts a recipient uploaded to its SFTP {@code receipts/} folder: each is read (at most
 * {@link #MAX_RECEIPT_BYTES}), verified and recorded, or refused with its code in the event log,
 * and then removed from the folder.
 */
public final class ReceiptIntake {

    /** A receipt is a small signed document; anything longer is refused unread. */
    public static final int MAX_RECEIPT_BYTES = 1024 * 1024;

    private final ReceiptRecorder recorder;

    public ReceiptIntake(ReceiptRecorder recorder) {
        this.recorder = recorder;
    }

    public ReceiptRecorder.Outcome take(Arrival.Upload upload) throws IOException {
        ReceiptRecorder.Outcome outcome;
        try (InputStream in = Files.newInputStream(upload.file())) {
            byte[] cms = in.readNBytes(MAX_RECEIPT_BYTES + 1);
            outcome = cms.length > MAX_RECEIPT_BYTES
                    ? recorder.refuseTooLarge(upload.agency(), MAX_RECEIPT_BYTES, Channel.SFTP.name())
                    : recorder.record(upload.agency(), cms, Channel.SFTP.name());
        }
        Files.deleteIfExists(upload.file());
        return outcome;
    }
}
