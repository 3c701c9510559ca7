package org.tipgate.intake;

import java.nio.file.Path;

/**
 * Told when an agency has finished uploading a file: closed after writing under its final name,
 * or renamed from a temporary {@code .part} name to it. Never told of partial files.
 */
@FunctionalInterface
public interface UploadHandler {

    void uploaded(String agencyId, AccountFolder folder, Path file);
}
