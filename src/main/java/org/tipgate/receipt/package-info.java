/**
 * Receipts: a recipient's signed statement that it received one package (DESIGN.md 2.5), made by
 * {@code tipgate receipt make} and verified against the recipient's certificate.
 */
package org.tipgate.receipt;
