/**
 * The crypto core: CMS SignedData signing and strict verification, CMS AuthEnvelopedData
 * encryption and decryption, and PEM input/output. All streaming; every refusal a rejection code.
 */
package org.tipgate.crypto;
