package org.tipgate.intake;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tipgate.format.FileNames;
import org.tipgate.format.Text;

/**
 * Which files of a sender's outbox the {@code sftp-poll} flow takes: the names the embedded SFTP
 * server accepts in an inbox ({@link FileNames}: plain, not {@code .part}), never a folder. Hidden
 * files (a leading dot, as the gateway's own temporary names) Camel skips before asking. The name
 * comes from the sender's server and becomes a local file name: anything else is left where it is,
 * and said once per name, so that a feed that will never be taken does not go unnoticed.
 */
public final class PolledNames implements GenericFileFilter<Object> {

    private static final Logger LOG = LoggerFactory.getLogger(PolledNames.class);

    /** Names said already; a server listing endless odd names must not grow it without end. */
    private static final int MAX_REPORTED = 10_000;

    private final Set<String> reported = ConcurrentHashMap.newKeySet();

    @Override
    public boolean accept(GenericFile<Object> file) {
        if (file.isDirectory()) {
            return false;
        }
        String name = file.getFileNameOnly();
        if (name != null && FileNames.isTemporary(name)) {
            return false;
        }
        if (FileNames.isPlain(name) && name.equals(file.getFileName())) {
            return true;
        }
        String where = file.getEndpointPath() + " / " + file.getFileName();
        if (reported.size() < MAX_REPORTED && reported.add(where)) {
            LOG.warn("Not taking {} from a sender's outbox: not a plain file name ([A-Za-z0-9][A-Za-z0-9._-]*,"
                    + " no '..'); it stays there until it is renamed", Text.printable(where, 300));
        }
        return false;
    }
}
