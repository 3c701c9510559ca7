/**
 * Delivery packages: one recipient's records signed by the gateway then encrypted for that
 * recipient alone (docs/formats.md#4-delivery-package-tipgate---state-or-district), and opening one
 * as a recipient does.
 */
package org.tipgate.packaging;
