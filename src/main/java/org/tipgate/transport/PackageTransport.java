package org.tipgate.transport;

import java.nio.file.Path;
import org.tipgate.directory.Agency;
import org.tipgate.directory.Endpoint;
import org.tipgate.format.FileNames;
import org.tipgate.format.Text;

/**
 * One way of handing a package, already encrypted for its recipient, to that recipient's endpoint.
 * The outbox decides when to call it and what a failure means (retry with backoff, then dead
 * letter); a transport only makes one attempt and says plainly how it went.
 *
 * <p>A transport must make a file appear at the recipient only once it is complete (temporary
 * name, then rename), and must treat the file name as the package's identity: delivering the same
 * name twice (after a crash between the delivery and its recording) must not give the recipient
 * two different files under one name.
 */
public interface PackageTransport {

    /** The endpoint type this transport serves. */
    Endpoint.Type type();

    /**
     * @param fileName the name the package must have at the recipient ({@code <packageId>.p7m});
     *                 a plain name, checked by the caller
     * @param packageFile the package as it lies in the outbox
     * @return where it went, and what the endpoint answered (an HTTPS response body, which may
     *     hold the recipient's signed receipt)
     * @throws DeliveryException when this attempt failed; {@link DeliveryException#retryable()}
     *     says whether trying again later can help
     */
    Delivered deliver(Agency recipient, Endpoint endpoint, String fileName, Path packageFile)
            throws DeliveryException;

    /**
     * @param where a description of the destination for logs and events (no credentials)
     * @param response the endpoint's answer, empty when it gave none
     */
    record Delivered(String where, byte[] response) {
    }

    /**
     * The file-name rule ({@link FileNames#isPlain}), applied again by every transport before a
     * name reaches a file system, a Camel header or a remote server.
     *
     * @return the name, when it is plain
     * @throws DeliveryException (not retryable) when it is not
     */
    static String requirePlain(String fileName) throws DeliveryException {
        if (!FileNames.isPlain(fileName)) {
            throw new DeliveryException("not a plain package file name: " + Text.printable(fileName, 80), false);
        }
        return fileName;
    }
}
