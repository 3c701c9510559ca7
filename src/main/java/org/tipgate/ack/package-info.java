/**
 * Acknowledgements to a feed's sender: building the v1 ack document, signing it, the ack ledger,
 * reading and verifying one (what {@code tipgate ack verify} does), and the outlets that put a
 * signed ack where its sender collects it ({@link org.tipgate.ack.AckOutlet}: the sender's
 * {@code acks/} on the embedded SFTP server, or its own SFTP server, {@link org.tipgate.ack.RemoteAcks}).
 */
package org.tipgate.ack;
