/**
 * A feed's signed content read as a stream: the header, each record validated and checked for
 * duplicates, limits enforced; plus the generator of realistic synthetic feeds.
 */
package org.tipgate.feed;
