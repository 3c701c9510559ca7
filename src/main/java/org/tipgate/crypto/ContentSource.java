package org.tipgate.crypto;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Content that can be read more than once and whose length is known up front: what a DER
 * (definite-length) signature needs, since the signer digests the content before writing it.
 */
public interface ContentSource {

    long length() throws IOException;

    /** A fresh stream over the whole content; the caller closes it. */
    InputStream open() throws IOException;

    static ContentSource of(Path file) {
        return new ContentSource() {
            @Override
            public long length() throws IOException {
                return Files.size(file);
            }

            @Override
            public InputStream open() throws IOException {
                return Files.newInputStream(file);
            }
        };
    }

    static ContentSource of(byte[] bytes) {
        return new ContentSource() {
            @Override
            public long length() {
                return bytes.length;
            }

            @Override
            public InputStream open() {
                return new ByteArrayInputStream(bytes);
            }
        };
    }

    /** {@code head} followed by {@code tail}: a document line in front of records kept elsewhere. */
    static ContentSource concat(byte[] head, ContentSource tail) {
        return new ContentSource() {
            @Override
            public long length() throws IOException {
                return head.length + tail.length();
            }

            @Override
            public InputStream open() throws IOException {
                return new SequenceInputStream(new ByteArrayInputStream(head), tail.open());
            }
        };
    }

    /** {@code head} followed by {@code tail}. */
    static ContentSource append(ContentSource head, byte[] tail) {
        return new ContentSource() {
            @Override
            public long length() throws IOException {
                return head.length() + tail.length;
            }

            @Override
            public InputStream open() throws IOException {
                return new SequenceInputStream(head.open(), new ByteArrayInputStream(tail));
            }
        };
    }
}
