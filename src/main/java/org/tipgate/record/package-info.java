/**
 * What a valid tip record is: the validator that checks a parsed record against the tip record
 * JSON Schema, naming problems without repeating values from the record.
 */
package org.tipgate.record;
