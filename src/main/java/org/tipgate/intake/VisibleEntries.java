package org.tipgate.intake;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.function.Predicate;

/** The entries of a directory that a client is shown, read lazily like the directory itself. */
final class VisibleEntries implements DirectoryStream<Path> {

    private final DirectoryStream<Path> entries;
    private final Predicate<Path> shown;

    VisibleEntries(DirectoryStream<Path> entries, Predicate<Path> shown) {
        this.entries = entries;
        this.shown = shown;
    }

    @Override
    public Iterator<Path> iterator() {
        Iterator<Path> all = entries.iterator();
        return new Iterator<>() {
            private Path next;

            @Override
            public boolean hasNext() {
                while (next == null && all.hasNext()) {
                    Path entry = all.next();
                    if (shown.test(entry)) {
                        next = entry;
                    }
                }
                return next != null;
            }

            @Override
            public Path next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                Path entry = next;
                next = null;
                return entry;
            }
        };
    }

    @Override
    public void close() throws IOException {
        entries.close();
    }
}
