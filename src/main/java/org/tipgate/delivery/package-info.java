/**
 * How a package reaches its recipient: one {@link org.tipgate.delivery.PackageTransport} per endpoint
 * type (a local folder, the recipient's SFTP server, its HTTPS URL), each making one attempt and
 * saying whether another could help. When to try again is the outbox's decision, not theirs.
 */
package org.tipgate.delivery;
