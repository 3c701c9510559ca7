package org.tipgate.intake;

import java.io.File;
import java.io.IOException;
import org.apache.camel.component.file.GenericFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tipgate.crypto.Digests;
import org.tipgate.format.FileNames;
import org.tipgate.intake.Arrival.Polled;

/**
 * The steps of the {@code sftp-poll} flow before the feed intake: a file downloaded from a sender's
 * outbox becomes a {@link Polled} arrival ({@link #arrival}), and one the gateway already took in
 * is recognised ({@link #takenBefore}) and let go ({@link #skip}), so that it is removed from the
 * outbox without being taken twice.
 *
 * <p>Why a file can come back: the flow removes it from the sender's server when the exchange is
 * done, after the intake is recorded; a crash between the two leaves it there, and the next poll
 * finds it again. Same sender, same name, same bytes as a recorded intake means that file; taking
 * it again would answer the sender with a spurious REPLAY for a feed it already has answers for
 * (they are in its ack folder, or on their way there).
 */
public final class PolledFiles {

    private static final Logger LOG = LoggerFactory.getLogger(PolledFiles.class);

    private final IntakeLedger intakes;

    public PolledFiles(IntakeLedger intakes) {
        this.intakes = intakes;
    }

    /**
     * @param file what the sftp consumer hands over: downloaded to its local work directory
     * @param agency the sender whose outbox the flow polls (from the directory, never from input)
     */
    public Polled arrival(GenericFile<?> file, String agency) {
        if (!(file.getBody() instanceof File local)) {
            throw new IllegalStateException("the sftp-poll flow must download to a local work directory; got "
                    + (file.getBody() == null ? "no body" : file.getBody().getClass().getName()));
        }
        String name = file.getFileNameOnly();
        if (!FileNames.isPlain(name)) {
            throw new IllegalArgumentException("not a plain file name: a polled file's name is checked before download");
        }
        return new Polled(agency, local.toPath(), name);
    }

    /** Whether this exact file (same sender, name and bytes) was taken in before. */
    public boolean takenBefore(Polled polled) throws IOException {
        return intakes.taken(polled.agency(), polled.sourceName(), Digests.sha256Hex(polled.localFile()));
    }

    /** Lets go of a file taken before: its local copy goes now, the original when the exchange completes. */
    public void skip(Polled polled) throws IOException {
        LOG.info("{} in the outbox of {} was taken in before (a stop came before it was removed); removing it,"
                + " not taking it again", polled.sourceName(), polled.agency());
        polled.release();
    }
}
