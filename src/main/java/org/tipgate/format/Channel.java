package org.tipgate.format;

/**
 * The way a document reached the gateway, and so the way its answer goes back: {@code SFTP} (an
 * upload to the agency's account on the embedded SFTP server; the ack goes to its {@code acks/}),
 * {@code SFTP_POLL} (taken from the sender's own SFTP outbox; the ack is pushed back there), or
 * {@code HTTPS} (posted to the API; the ack is the response).
 */
public enum Channel {
    SFTP, SFTP_POLL, HTTPS
}
