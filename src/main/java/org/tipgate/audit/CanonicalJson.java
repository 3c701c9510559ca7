package org.tipgate.audit;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The canonical JSON of the audit trail: RFC 8785 (JCS) over the values it uses, which are
 * objects, arrays, strings, whole numbers, booleans and null. Object members are sorted by their
 * UTF-16 code units, there is no white space, strings are escaped as JCS says (the two characters
 * {@code "} and {@code \}, the short escapes {@code \b \t \n \f \r}, other control characters
 * as {@code \}{@code u00xx} in lower case, everything else as UTF-8). Fractions and exponents are
 * not used, so that every value has exactly one encoding.
 *
 * <p>Whole numbers are bounded to &plusmn;(2^53 - 1), I-JSON's (RFC 7493) interoperable range, both
 * ways: JCS writes every number as the shortest text of an IEEE-754 double, which is the plain
 * decimal of a whole number only within that range (9007199254740993 would become
 * 9007199254740992, 2^63 - 1 9223372036854776000). Within it this encoding is byte for byte what
 * any JCS implementation writes, so a third party can recompute every leaf hash with its own; a
 * number beyond it is refused rather than written in a form no JCS tool reproduces.
 */
public final class CanonicalJson {

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    private static final char[] HEX = "0123456789abcdef".toCharArray();
    /** The largest whole number JCS writes as its own decimal digits: 2^53 - 1. */
    public static final long MAX_WHOLE_NUMBER = (1L << 53) - 1;
    /** Deeper nesting than any audit document has. */
    private static final int MAX_DEPTH = 16;

    private CanonicalJson() {
    }

    public static byte[] encode(Object value) {
        StringBuilder out = new StringBuilder(256);
        write(value, out, 0);
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    public static String encodeToString(Object value) {
        return new String(encode(value), StandardCharsets.UTF_8);
    }

    /**
     * Reads JSON into maps (sorted), lists, strings, longs, booleans and nulls. Duplicate members,
     * fractions, exponents, whole numbers beyond &plusmn;(2^53 - 1), trailing content and strings
     * with a lone surrogate are refused: whatever this returns, {@link #encode} can write.
     */
    public static Object parse(byte[] json) throws ProofException {
        try (JsonParser parser = FACTORY.createParser(json)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw new ProofException("no JSON value");
            }
            Object value = read(parser, first, 0);
            if (parser.nextToken() != null) {
                throw new ProofException("content after the JSON value");
            }
            return value;
        } catch (JsonProcessingException e) {
            throw new ProofException("not JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new ProofException("not JSON: " + e.getMessage(), e);
        }
    }

    /** Parses a JSON object. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> parseObject(byte[] json) throws ProofException {
        Object value = parse(json);
        if (!(value instanceof Map)) {
            throw new ProofException("not a JSON object");
        }
        return (Map<String, Object>) value;
    }

    /** True when {@code json} is exactly the canonical encoding of what it says. */
    public static boolean isCanonical(byte[] json) {
        try {
            return Arrays.equals(json, encode(parse(json)));
        } catch (ProofException | IllegalArgumentException e) {
            return false;
        }
    }

    private static Object read(JsonParser p, JsonToken token, int depth) throws IOException, ProofException {
        if (depth > MAX_DEPTH) {
            throw new ProofException("JSON nested deeper than " + MAX_DEPTH);
        }
        switch (token) {
            case START_OBJECT -> {
                Map<String, Object> map = new TreeMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = encodable(p.currentName());
                    map.put(name, read(p, p.nextToken(), depth + 1));
                }
                return map;
            }
            case START_ARRAY -> {
                List<Object> list = new ArrayList<>();
                JsonToken t;
                while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                    list.add(read(p, t, depth + 1));
                }
                return list;
            }
            case VALUE_STRING -> {
                return encodable(p.getText());
            }
            case VALUE_NUMBER_INT -> {
                if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER || !isWhole(p.getLongValue())) {
                    String text = p.getText();
                    throw new ProofException("a number beyond \u00b1(2^53 - 1), which RFC 8785 would write rounded: "
                            + (text.length() > 24 ? text.substring(0, 20) + "... (" + text.length() + " characters)" : text));
                }
                return p.getLongValue();
            }
            case VALUE_NUMBER_FLOAT -> throw new ProofException("a fraction or exponent: " + p.getText());
            case VALUE_TRUE -> {
                return Boolean.TRUE;
            }
            case VALUE_FALSE -> {
                return Boolean.FALSE;
            }
            case VALUE_NULL -> {
                return null;
            }
            default -> throw new ProofException("unexpected JSON token " + token);
        }
    }

    private static void write(Object value, StringBuilder out, int depth) {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException("nested deeper than " + MAX_DEPTH);
        }
        if (value == null) {
            out.append("null");
        } else if (value instanceof String s) {
            string(s, out);
        } else if (value instanceof Long || value instanceof Integer || value instanceof Short
                || value instanceof Byte) {
            long number = ((Number) value).longValue();
            if (!isWhole(number)) {
                throw new IllegalArgumentException("a number beyond \u00b1(2^53 - 1), which RFC 8785 would write"
                        + " rounded: " + number);
            }
            out.append(number);
        } else if (value instanceof Boolean b) {
            out.append(b.booleanValue());
        } else if (value instanceof Map<?, ?> map) {
            TreeMap<String, Object> sorted = new TreeMap<>();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!(e.getKey() instanceof String key)) {
                    throw new IllegalArgumentException("an object member name that is not a string: " + e.getKey());
                }
                sorted.put(key, e.getValue());
            }
            out.append('{');
            boolean first = true;
            for (Map.Entry<String, Object> e : sorted.entrySet()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                string(e.getKey(), out);
                out.append(':');
                write(e.getValue(), out, depth + 1);
            }
            out.append('}');
        } else if (value instanceof Collection<?> list) {
            out.append('[');
            boolean first = true;
            for (Object item : list) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                write(item, out, depth + 1);
            }
            out.append(']');
        } else {
            throw new IllegalArgumentException("no canonical JSON for a " + value.getClass().getSimpleName());
        }
    }

    /**
     * The string, if it has no lone surrogate. JSON lets {@code \}{@code ud800} stand alone (and
     * Jackson decodes the bytes ED A0 80 to it), but a lone surrogate is not a Unicode scalar value:
     * it has no UTF-8 encoding, so the canonical form, which is UTF-8, cannot write it.
     */
    private static String encodable(String s) throws ProofException {
        int at = loneSurrogate(s);
        if (at >= 0) {
            throw new ProofException(String.format("a string with a lone surrogate (U+%04X at character %d), which"
                    + " has no UTF-8 encoding", (int) s.charAt(at), at + 1));
        }
        return s;
    }

    /** Where the first surrogate that is not half of a pair stands, or -1. */
    private static int loneSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }

    /** Within &plusmn;(2^53 - 1): written by JCS as its own digits. */
    private static boolean isWhole(long number) {
        return number >= -MAX_WHOLE_NUMBER && number <= MAX_WHOLE_NUMBER;
    }

    private static void string(String s, StringBuilder out) {
        if (loneSurrogate(s) >= 0) {
            throw new IllegalArgumentException("a lone surrogate in a string");
        }
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\f' -> out.append("\\f");
                case '\r' -> out.append("\\r");
                default -> {
                    if (c < 0x20) {
                        out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
