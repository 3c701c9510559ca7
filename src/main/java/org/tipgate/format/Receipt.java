package org.tipgate.format;

import java.time.Instant;

/**
 * A recipient's signed statement that it received one package
 * (docs/formats.md#6-receipt-recipient---tipgate).
 */
public record Receipt(String type, int version, String packageId, String packageSha256, Instant receivedAt) {

    public static final String TYPE = "tipgate-receipt";
    public static final int VERSION = 1;

    public static Receipt of(String packageId, String packageSha256, Instant receivedAt) {
        return new Receipt(TYPE, VERSION, packageId, packageSha256, receivedAt);
    }
}
