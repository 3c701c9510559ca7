package org.tipgate.feed;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Parses one line as exactly one JSON value, strictly: valid UTF-8 (decoded here, so that Jackson
 * cannot guess another encoding from the bytes), no byte order mark, no property twice in an object
 * (parsers disagree on which one wins, and recipients get the raw bytes), nothing after the value.
 * Problems name a column at most, never the text, because lines hold personal data. One instance
 * per thread: the decoder keeps state.
 */
final class JsonLine {

    /**
     * No value in a tip record needs more than a few hundred characters, a number of more than a
     * few digits or a few levels of nesting; the caps keep a hostile line from costing the schema
     * validator time or memory before the feed's signature has even been checked.
     */
    static final int MAX_STRING_CHARS = 64 * 1024;
    static final int MAX_NESTING = 16;
    /** Jackson's own default, stated here because a refusal names it. */
    static final int MAX_NUMBER_CHARS = 1000;

    private static final ObjectReader READER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxStringLength(MAX_STRING_CHARS).maxNestingDepth(MAX_NESTING)
                            .maxNumberLength(MAX_NUMBER_CHARS).build())
                    .build())
            .build()
            .reader()
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .with(StreamReadFeature.STRICT_DUPLICATE_DETECTION);

    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);

    /** The value, or (node null) why the line is not one; problems read after "the line". */
    record Parsed(JsonNode node, String problem) {
    }

    Parsed parse(byte[] bytes, int length) {
        return parse(bytes, 0, length);
    }

    /** Parses {@code length} bytes from {@code offset}. */
    Parsed parse(byte[] bytes, int offset, int length) {
        String text;
        try {
            text = utf8.decode(ByteBuffer.wrap(bytes, offset, length)).toString();
        } catch (CharacterCodingException e) {
            return problem("is not valid UTF-8");
        }
        if (text.startsWith("\uFEFF")) {
            return problem("starts with a byte order mark (content must be UTF-8 without one)");
        }
        try {
            return new Parsed(READER.readTree(text), null);
        } catch (MismatchedInputException e) {
            return problem("holds more than one JSON value");
        } catch (JsonProcessingException e) {
            return problem(describe(e, text));
        }
    }

    static boolean isBlank(byte[] bytes, int length) {
        for (int i = 0; i < length; i++) {
            if (bytes[i] != ' ' && bytes[i] != '\t' && bytes[i] != '\r') {
                return false;
            }
        }
        return true;
    }

    private static String describe(JsonProcessingException e, String text) {
        String column = e.getLocation() == null ? "" : " (column " + e.getLocation().getColumnNr() + ")";
        String original = e.getOriginalMessage();
        if (original != null && original.startsWith("Duplicate field")) {
            return "has the same property twice in one object" + column;
        }
        if (e instanceof StreamConstraintsException) {
            return "exceeds a limit: " + limitExceeded(original, text) + column;
        }
        return "is not valid JSON" + column;
    }

    /**
     * Which of the caps a line broke, from Jackson's message (its exception says no more). A number
     * is named as one: Jackson copies a number that runs past its read buffer as it copies a string,
     * so a number longer than the string cap breaks that cap first, and "a string" would send the
     * sender looking for the wrong value.
     */
    private static String limitExceeded(String message, String text) {
        String m = message == null ? "" : message;
        if (m.startsWith("Number value length") || m.startsWith("String value length") && overlongNumberIn(text)) {
            return "a number longer than " + MAX_NUMBER_CHARS + " characters (digits, sign, point and exponent)";
        }
        if (m.startsWith("String value length") || m.startsWith("Name length")) {
            return "a string longer than " + MAX_STRING_CHARS + " characters";
        }
        if (m.startsWith("Document nesting depth")) {
            return "nesting deeper than " + MAX_NESTING + " levels";
        }
        return "strings of at most " + MAX_STRING_CHARS + " characters, numbers of at most " + MAX_NUMBER_CHARS
                + ", nesting at most " + MAX_NESTING + " levels";
    }

    /**
     * Whether a length cap breaks on a number: the tokens are read again without their text, so that
     * Jackson skips strings rather than copying them, and a cap that still breaks can only break on a
     * number (names have a cap and a message of their own). Only a line already refused is read again.
     */
    private static boolean overlongNumberIn(String text) {
        try (JsonParser parser = READER.createParser(text)) {
            while (parser.nextToken() != null) {
                // every token read, none of their text
            }
            return false;
        } catch (StreamConstraintsException e) {
            String m = String.valueOf(e.getOriginalMessage());
            return m.startsWith("String value length") || m.startsWith("Number value length");
        } catch (IOException e) {
            return false;
        }
    }

    private static Parsed problem(String problem) {
        return new Parsed(null, problem);
    }
}
