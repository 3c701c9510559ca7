package org.tipgate.feed;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;
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
     * No value in a tip record needs more than a few hundred characters or a few levels of
     * nesting; the caps keep a hostile line from costing the schema validator time or memory
     * before the feed's signature has even been checked.
     */
    static final int MAX_STRING_CHARS = 64 * 1024;
    static final int MAX_NESTING = 16;

    private static final ObjectReader READER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxStringLength(MAX_STRING_CHARS).maxNestingDepth(MAX_NESTING).build())
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
            return problem(describe(e));
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

    private static String describe(JsonProcessingException e) {
        String column = e.getLocation() == null ? "" : " (column " + e.getLocation().getColumnNr() + ")";
        String original = e.getOriginalMessage();
        if (original != null && original.startsWith("Duplicate field")) {
            return "has the same property twice in one object" + column;
        }
        if (e instanceof StreamConstraintsException) {
            return "exceeds a limit: strings of at most " + MAX_STRING_CHARS + " characters, nesting at most "
                    + MAX_NESTING + " levels" + column;
        }
        return "is not valid JSON" + column;
    }

    private static Parsed problem(String problem) {
        return new Parsed(null, problem);
    }
}
