/**
 * How feeds and receipts come in: the embedded SFTP server (one confined account per agency,
 * public-key login only), the poller of senders' own SFTP outboxes, and the steps of the
 * {@code feed-intake} flow (keep as evidence, verify, record with the RECEIVED ack, answer).
 */
package org.tipgate.intake;
