package org.tipgate.format;

import com.networknt.schema.ValidationMessage;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns a schema violation into a short message for acknowledgements and the audit trail: the JSON
 * path and the rule, never the offending value, because record values are personal data.
 */
final class ProblemText {

    /** Keywords whose library message is built only from the schema and the instance's type or size. */
    private static final Set<String> SAFE_LIBRARY_MESSAGES = Set.of(
            "type", "required", "const", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum",
            "minLength", "maxLength", "minItems", "maxItems", "minProperties", "maxProperties", "uniqueItems",
            "multipleOf");
    private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    private ProblemText() {
    }

    static String of(ValidationMessage m) {
        String at = m.getInstanceLocation().toString();
        String type = m.getType();
        if (m.getSchemaLocation().toString().contains("/$defs/ipAddress/anyOf/")) {
            // Both alternatives fail for any bad address; one message says it better than two.
            return at + ": is not a valid IPv4 or IPv6 address";
        }
        if (SAFE_LIBRARY_MESSAGES.contains(type)) {
            return m.getMessage();
        }
        return switch (type) {
            case "enum" -> at + ": does not have a value in the enumeration";
            case "pattern" -> at + ": does not match the pattern of the schema";
            case "format" -> at + ": is not a valid " + formatName(m);
            case "additionalProperties" -> at + ": property " + name(m.getProperty()) + " is not defined in the schema";
            default -> at + ": fails the '" + type + "' rule of the schema";
        };
    }

    private static String formatName(ValidationMessage m) {
        Object[] arguments = m.getArguments();
        return arguments != null && arguments.length > 0 ? String.valueOf(arguments[0]) : "value for its format";
    }

    /** A property name comes from the input; quote it only if it cannot carry anything but a name. */
    private static String name(String property) {
        return property != null && PLAIN_NAME.matcher(property).matches() ? "'" + property + "'" : "(unprintable name)";
    }
}
