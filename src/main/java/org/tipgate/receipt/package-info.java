/**
 * Receipts: a recipient's signed statement that it received one package
 * (docs/formats.md#6-receipt-recipient---tipgate), made by {@code tipgate receipt make} and
 * verified against the recipient's certificate.
 */
package org.tipgate.receipt;
