/**
 * The v1 wire formats in code: the JSON documents carried inside CMS (feed header, package header,
 * acknowledgement, receipt), the JSON Schemas they are checked against, and the stable rejection
 * codes (docs/formats.md#7-rejection-codes).
 */
package org.tipgate.format;
