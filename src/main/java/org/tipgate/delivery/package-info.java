/**
 * When and in what order packages go out: the delivery pass ({@link org.tipgate.delivery.Deliverer}:
 * due packages claimed from the outbox in one lane per recipient, each tried on its endpoints,
 * retried with backoff, dead-lettered), the DELIVERED ack of a feed whose packages are settled
 * ({@link org.tipgate.delivery.FeedCompletion}), and the record of packages collected from an
 * SFTP outbox ({@link org.tipgate.delivery.PackagePickups}). How one attempt is made is
 * {@code transport}'s business.
 */
package org.tipgate.delivery;
