package org.tipgate.intake;

/**
 * Told when an agency has finished uploading a file (closed after writing under its final name,
 * or renamed from a temporary {@code .part} name to it), once the gateway has taken the file out of
 * the account ({@link TakenUploads}). Never told of partial files.
 */
@FunctionalInterface
public interface UploadHandler {

    void uploaded(Arrival.Upload upload);
}
