/**
 * What a valid tip record is: the JSON Schemas of the record and of the feed header, and the
 * validator that checks a parsed record against them, naming problems without repeating values.
 */
package org.tipgate.record;
