package org.tipgate.routing;

import com.fasterxml.jackson.databind.JsonNode;

/** Reading the few record fields routing needs, tolerating what the schema already forbids. */
final class RecordFields {

    private RecordFields() {
    }

    /** The text of {@code field}, or null when it is absent, null or not a string. */
    static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isTextual() ? value.textValue() : null;
    }

    /** True for a present member that is not JSON null. */
    static boolean present(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && !value.isNull();
    }

    /** The value as an int when it is a whole JSON number that fits (23 and 23.0 alike), else null. */
    static Integer wholeNumber(JsonNode value) {
        if (value.isNumber() && value.canConvertToExactIntegral() && value.canConvertToInt()) {
            return value.intValue();
        }
        return null;
    }

    /** An ISO 3166-2 code of an Indian subdivision ({@code IN-...}, any case). */
    static boolean indianSubdivision(String code) {
        return code.regionMatches(true, 0, "IN-", 0, 3);
    }

    /** The ISO 3166-1 code of India, any case. */
    static boolean india(String countryCode) {
        return "IN".equalsIgnoreCase(countryCode);
    }

    /**
     * True when a geo entry's country and subdivision disagree about whether the place is in
     * India. Two foreign codes that disagree say nothing about India and are not counted.
     */
    static boolean contradicts(String countryCode, String subdivision) {
        return countryCode != null && subdivision != null && india(countryCode) != indianSubdivision(subdivision);
    }
}
