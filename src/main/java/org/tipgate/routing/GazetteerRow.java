package org.tipgate.routing;

import org.tipgate.directory.LgdDistrict;

/**
 * One checked row of a gazetteer file.
 *
 * @param where the file and line, with the row as written, for messages
 */
record GazetteerRow(String where, int stateLgd, String place, LgdDistrict district) {
}
