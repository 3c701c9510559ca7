package org.tipgate.ack;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.tipgate.directory.AccountFolder;
import org.tipgate.format.Channel;
import org.tipgate.format.FileNames;

/**
 * Puts signed acks where their sender collects them, by the channel the feed came by:
 * <ul>
 * <li>{@code SFTP} (the embedded server): {@code <sftp root>/<agency>/acks/<ackId>.p7m}
 *     ({@link FileNames}), written under a temporary name of its own ({@code .part}) and renamed, so
 *     a sender never sees half an ack;</li>
 * <li>{@code SFTP_POLL} (the sender's own server): pushed to the ack folder of its outbox
 *     ({@link RemoteAcks}); a push that fails (the server is down) is left for {@link #catchUp};</li>
 * <li>{@code HTTPS}: answered in the response and served by the API; nothing is written.</li>
 * </ul>
 * Each ack is marked written once it is there, and not before, with its ACK_SENT event
 * ({@link AckHandovers}); {@link #catchUp} puts the others
 * there, at start-up (a crash came between an ack's commit and its file) and then regularly (the
 * {@code ack-catch-up} flow).
 *
 * <p>The same ack may be written by two threads at once: at start-up the catch-up runs while the
 * flows already do, and the delivery flow may be completing a feed whose ack the catch-up has just
 * found unwritten. Each write therefore has a temporary name of its own; both renames give the
 * name the same bytes, and a sender never sees a file another write is still filling.
 */
public final class AckOutlet {

    private final Path sftpRoot;
    private final AckLedger ledger;
    private final RemoteAcks remote;
    private final AckHandovers handovers;

    public AckOutlet(Path sftpRoot, AckLedger ledger, RemoteAcks remote, AckHandovers handovers) {
        this.sftpRoot = sftpRoot;
        this.ledger = ledger;
        this.remote = remote;
        this.handovers = handovers;
    }

    /**
     * Puts one ack where its sender collects it. A local write that fails throws; a push to a
     * sender's server that fails is logged and left for {@link #catchUp}.
     */
    public void deliver(AckLedger.Stored ack) throws IOException {
        switch (Channel.valueOf(ack.channel())) {
            case SFTP -> {
                write(ack);
                handovers.written(ack);
            }
            case SFTP_POLL -> remote.push(ack);
            case HTTPS -> {
                // answered in the response; the API serves it again on request
            }
        }
    }

    /**
     * Puts every ack not yet where its sender collects it there, oldest first; after one push to a
     * sender's server fails, that sender's other acks wait for the next call. An ack being put there
     * by {@link #deliver} at the same moment is harmless: local writes each use a temporary file of
     * their own, and pushes go one at a time ({@link RemoteAcks}), the second finding the ack
     * written.
     *
     * @return how many acks are now written
     */
    public int catchUp() throws IOException {
        int n = 0;
        for (AckLedger.Stored ack : ledger.unwritten(Channel.SFTP.name())) {
            deliver(ack);
            n++;
        }
        Set<String> unreachable = new HashSet<>();
        for (AckLedger.Stored ack : ledger.unwritten(Channel.SFTP_POLL.name())) {
            if (unreachable.contains(ack.agency())) {
                continue;
            }
            if (remote.push(ack)) {
                n++;
            } else {
                unreachable.add(ack.agency());
            }
        }
        return n;
    }

    private void write(AckLedger.Stored ack) throws IOException {
        if (!FileNames.isPlain(ack.agency())) {
            throw new IllegalArgumentException("not an agency id: " + ack.agency());
        }
        Path dir = Files.createDirectories(sftpRoot.resolve(ack.agency()).resolve(AccountFolder.ACKS.directoryName()));
        String name = FileNames.of(ack.ackId(), ".p7m");
        Path partial = dir.resolve(name + "." + UUID.randomUUID() + ".part");
        try {
            try (FileChannel out = FileChannel.open(partial, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer bytes = ByteBuffer.wrap(ack.signed());
                while (bytes.hasRemaining()) {
                    out.write(bytes);
                }
                out.force(true);
            }
            Files.move(partial, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(partial);
        }
    }
}
