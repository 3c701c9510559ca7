/**
 * The agency directory and the reference tables it is checked against: LGD state and district
 * codes, and the ISO 3166-2:IN codes senders use for states.
 */
package org.tipgate.directory;
