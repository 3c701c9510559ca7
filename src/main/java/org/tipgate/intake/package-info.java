/**
 * How feeds and receipts come in: the embedded SFTP server (one confined account per agency,
 * public-key login only), and, with the pipeline, the SFTP poller and the HTTPS intake.
 */
package org.tipgate.intake;
