/**
 * Routing: which state nodal agency and which district endpoint receive a tip record
 * (docs/routing.md), decided from the sender's routing block, the record's geolocations and the
 * gazetteer.
 */
package org.tipgate.routing;
