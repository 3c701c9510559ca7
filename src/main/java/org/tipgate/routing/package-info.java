/**
 * Routing: which state nodal agency and which district endpoint receive a tip record (DESIGN.md
 * section 4), decided from the sender's routing block, the record's geolocations and the gazetteer.
 */
package org.tipgate.routing;
