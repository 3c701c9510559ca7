package org.tipgate.intake;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.sshd.sftp.server.FileHandle;

/**
 * The files of the accounts that an upload is using now: a handle open to write one, or a rename
 * from or onto one. One at a time per file, so that no upload's bytes are truncated, overwritten or
 * renamed away by another while it is written or until the gateway has taken it
 * ({@link TakenUploads}). A claim is made and let go on the thread of the SFTP channel that asks
 * (each channel handles its requests one after the other, on one thread); a claim whose thread has
 * ended holds nothing.
 */
final class NamesInUse {

    /** The owner of a rename's claims: the channel's thread, which handles it from start to end. */
    record Rename(Thread thread) {
        static Rename now() {
            return new Rename(Thread.currentThread());
        }
    }

    private record Claim(Object owner, Thread thread) {
    }

    private final Map<Path, Claim> claims = new ConcurrentHashMap<>();

    /** Claims {@code file} for {@code owner}; false if another owner uses it. */
    boolean claim(Path file, Object owner) {
        Claim mine = new Claim(owner, Thread.currentThread());
        return claims.compute(file, (f, held) -> held == null || held.owner().equals(owner) || gone(held) ? mine
                : held) == mine;
    }

    /** Lets go of {@code owner}'s claim on {@code file}, if it has one. */
    void release(Path file, Object owner) {
        if (file != null) {
            claims.computeIfPresent(file, (f, held) -> held.owner().equals(owner) ? null : held);
        }
    }

    /**
     * Lets go of the claim on {@code file} of a handle this thread began to open and could not:
     * the server says which file, not which handle.
     */
    void releaseFailedOpen(Path file) {
        if (file == null) {
            return;
        }
        claims.computeIfPresent(file, (f, held) -> held.thread() == Thread.currentThread()
                && held.owner() instanceof FileHandle handle && (handle.getFileChannel() == null || !handle.isOpen())
                ? null : held);
    }

    /**
     * A claim nobody can let go of any more: its channel ended without saying so. (A closed handle
     * still holds its file until the upload is taken: it is let go after that.)
     */
    private static boolean gone(Claim claim) {
        return !claim.thread().isAlive();
    }
}
