package org.tipgate.format;

import com.networknt.schema.regex.RegularExpression;
import com.networknt.schema.regex.RegularExpressionFactory;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Evaluates schema patterns with java.util.regex but with the ECMA-262 meaning of {@code $} that
 * JSON Schema prescribes: end of the value. In java.util.regex {@code $} also matches before a final
 * line terminator, so {@code ^[0-9]{1,20}$} would accept a tipId of {@code "123\n"} and let a line
 * break into file names, logs and acknowledgements.
 */
final class EcmaAnchoredRegex implements RegularExpressionFactory {

    static final EcmaAnchoredRegex INSTANCE = new EcmaAnchoredRegex();

    private EcmaAnchoredRegex() {
    }

    /**
     * The compiled pattern. Each thread keeps one {@link Matcher} per pattern and resets it for the
     * next value: a schema's patterns run for most values of every record, and a fresh matcher each
     * time cost more than the matching.
     */
    @Override
    public RegularExpression getRegularExpression(String regex) {
        Pattern pattern = Pattern.compile(anchorAtEndOfInput(regex));
        ThreadLocal<Matcher> matchers = ThreadLocal.withInitial(() -> pattern.matcher(""));
        return value -> matchers.get().reset(value).find();
    }

    /** Rewrites each unescaped {@code $} outside a character class to {@code \z}. */
    static String anchorAtEndOfInput(String regex) {
        StringBuilder out = new StringBuilder(regex.length() + 4);
        boolean inClass = false;
        for (int i = 0; i < regex.length(); i++) {
            char c = regex.charAt(i);
            if (c == '\\' && i + 1 < regex.length()) {
                out.append(c).append(regex.charAt(++i));
                continue;
            }
            if (c == '[') {
                inClass = true;
            } else if (c == ']') {
                inClass = false;
            }
            out.append(c == '$' && !inClass ? "\\z" : String.valueOf(c));
        }
        return out.toString();
    }
}
