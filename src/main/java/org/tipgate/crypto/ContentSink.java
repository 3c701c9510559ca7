package org.tipgate.crypto;

import java.io.IOException;
import java.io.InputStream;

/**
 * Receives the encapsulated content while the verifier digests it. What it sees is untrusted until
 * {@link SignatureVerifier#verify(InputStream, ContentSink)} returns: a sink writes to a spool or a
 * temporary file and acts on it only afterwards. It need not read to the end nor close the stream.
 */
@FunctionalInterface
public interface ContentSink {
    void consume(InputStream content) throws IOException;
}
