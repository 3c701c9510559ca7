/**
 * Delivery packages: one recipient's records signed by the gateway then encrypted for that
 * recipient alone (DESIGN.md 2.3), and opening one as a recipient does.
 */
package org.tipgate.packaging;
