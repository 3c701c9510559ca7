/**
 * How bytes reach an agency's endpoint: one {@link org.tipgate.transport.PackageTransport} per
 * endpoint type (a local folder, the recipient's SFTP server with its pinned host key, its HTTPS
 * URL, its outbox on the embedded SFTP server), each making one attempt and saying whether another
 * could help. When to try again is the delivery pass's decision, not theirs. The SFTP push also
 * carries the acks of a sender that keeps its own SFTP outbox.
 */
package org.tipgate.transport;
