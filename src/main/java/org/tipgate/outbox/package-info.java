/**
 * The outbox: every package built, waiting for its recipient or delivered ({@code packages}), with
 * its state, attempts, backoff and lease. Packaging puts packages in; the delivery pass claims and
 * settles them; receipts and the API read them.
 */
package org.tipgate.outbox;
