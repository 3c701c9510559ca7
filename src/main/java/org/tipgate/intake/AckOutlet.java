package org.tipgate.intake;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.UUID;
import org.tipgate.ack.AckLedger;
import org.tipgate.format.FileNames;

/**
 * Puts signed acks where an SFTP sender collects them: {@code <sftp root>/<agency>/acks/<ackId>.p7m}
 * ({@link FileNames}),
 * written under a temporary name and renamed, so a sender never sees half an ack. Each ack is
 * marked written once it is there; acks still unwritten after a crash are written at start-up.
 * Acks of HTTPS feeds are answered in the response and served by the API; nothing is written.
 *
 * <p>The same ack may be written by two threads at once: at start-up the catch-up runs while the
 * flows already do, and the delivery flow may be completing a feed whose ack the catch-up has just
 * found unwritten. Each write therefore has a temporary name of its own; both renames give the
 * name the same bytes, and a sender never sees a file another write is still filling.
 */
public final class AckOutlet {

    private final Path sftpRoot;
    private final AckLedger ledger;
    private final Clock clock;

    public AckOutlet(Path sftpRoot, AckLedger ledger, Clock clock) {
        this.sftpRoot = sftpRoot;
        this.ledger = ledger;
        this.clock = clock;
    }

    public void deliver(AckLedger.Stored ack) throws IOException {
        if (!IntakeLedger.Channel.SFTP.name().equals(ack.channel())) {
            return;
        }
        if (!SafeNames.isSafe(ack.agency())) {
            throw new IllegalArgumentException("not an agency id: " + ack.agency());
        }
        Path dir = Files.createDirectories(sftpRoot.resolve(ack.agency()).resolve(AccountFolder.ACKS.directoryName()));
        String name = FileNames.of(ack.ackId(), ".p7m");
        Path partial = dir.resolve(name + "." + UUID.randomUUID() + ".part");
        try {
            try (FileChannel out = FileChannel.open(partial, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                java.nio.ByteBuffer bytes = java.nio.ByteBuffer.wrap(ack.signed());
                while (bytes.hasRemaining()) {
                    out.write(bytes);
                }
                out.force(true);
            }
            Files.move(partial, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(partial);
        }
        ledger.written(ack.ackId(), clock.instant());
    }

    /** Writes every SFTP ack not yet written (after a crash between its commit and its file). */
    public int catchUp() throws IOException {
        int n = 0;
        for (AckLedger.Stored ack : ledger.unwritten(IntakeLedger.Channel.SFTP.name())) {
            deliver(ack);
            n++;
        }
        return n;
    }
}
