package org.tipgate.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.tipgate.format.Ack;
import org.tipgate.format.RejectionCode;

/**
 * Records built to cost the validator time or memory. Records are checked while the content
 * streams, before the signature is known, so any sender at all could send these: each must be
 * refused cheaply. The time bounds are a thousand times what a linear check needs, and far below
 * what a quadratic one would take.
 */
class HostileRecordTests {

    @Test
    void refusesAnIpAddressBuiltToMakeTheIpv6PatternBacktrack() {
        String colons = ":".repeat(60_000) + "x";

        Ack.Rejection rejection = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> rejectionOf(record -> {
            ObjectNode capture = (ObjectNode) record.withArray("ipCaptures").get(0);
            capture.put("ipAddress", colons);
        }));

        assertThat(rejection.code()).isEqualTo(RejectionCode.RECORD_INVALID);
        assertThat(rejection.reason()).contains("$.ipCaptures[0].ipAddress");
    }

    @Test
    void refusesAStringLongerThanAnyFieldNeeds() {
        Ack.Rejection rejection = rejectionOf(record -> record.put("tipId", "1".repeat(JsonLine.MAX_STRING_CHARS + 1)));

        assertThat(rejection.code()).isEqualTo(RejectionCode.RECORD_INVALID);
        assertThat(rejection.reason()).contains("exceeds a limit: a string longer than 65536 characters");
    }

    @Test
    void refusesANumberOfAHundredThousandDigitsForItsLengthNotAsAString() {
        String digits = "7".repeat(100_000);
        String line = Feeds.line(Feeds.exampleRecord()).replaceFirst("\"stateLgd\":\\d+", "\"stateLgd\":" + digits);

        Feeds.Read read = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> Feeds.read(Feeds.content(List.of(line))));

        assertThat(read.summary().rejections()).singleElement().satisfies(r -> {
            assertThat(r.code()).isEqualTo(RejectionCode.RECORD_INVALID);
            assertThat(r.reason()).contains("a number longer than " + JsonLine.MAX_NUMBER_CHARS + " characters")
                    .doesNotContain("string");
        });
    }

    /**
     * networknt compares a number it is given as a BigDecimal wrongly beyond the range of a long
     * (6E+200 passes "maximum": 65535, 1E+19 fails "minimum": 0). The feed reader reads fractions
     * and exponents as doubles, which it compares right, so such a port is refused for its value.
     */
    @Test
    void refusesNumbersBeyondTheRangeOfALongForTheirValue() {
        for (String number : List.of("6E200", "6e+200", "1E19", "9223372036854775808.0", "-1E19")) {
            String line = Feeds.line(Feeds.exampleRecord()).replaceFirst("\"port\":\\d+", "\"port\":" + number);

            Feeds.Read read = Feeds.read(Feeds.content(List.of(line)));

            assertThat(read.summary().rejections()).as(number).singleElement().satisfies(r -> {
                assertThat(r.code()).isEqualTo(RejectionCode.RECORD_INVALID);
                assertThat(r.reason()).containsPattern("port: must have a (maximum value of 65535|minimum value of 0)");
            });
        }
    }

    /** A number beyond the range of a double used to fail the whole feed with a NumberFormatException. */
    @Test
    void refusesARecordWithANumberBeyondTheRangeOfADoubleAndReadsOn() {
        String line = Feeds.line(Feeds.exampleRecord()).replaceFirst("\"priority\":\"2\"", "\"priority\":1e400");
        String next = Feeds.line(Feeds.exampleRecord().put("tipId", "187402299"));

        Feeds.Read read = Feeds.read(Feeds.content(List.of(line, next)));

        assertThat(read.summary().accepted()).isEqualTo(1);
        assertThat(read.summary().rejections()).singleElement().satisfies(r -> {
            assertThat(r.code()).isEqualTo(RejectionCode.RECORD_INVALID);
            assertThat(r.line()).isEqualTo(2);
            assertThat(r.reason()).contains("a number beyond the range of a double");
        });
    }

    /** Wherever the number stands, and however Jackson happens to read it (in place, or copied at the end of the input). */
    @Test
    void namesTheNumberWhereverAnOverlongOneStands() {
        String digits = "7".repeat(100_000);
        JsonLine json = new JsonLine();
        for (String text : List.of(digits, "-" + digits, "[1," + digits + "]", "{\"a\":" + digits + "}",
                "{\"a\":0." + digits + "}", "{\"a\":1e" + digits + "}", "{\"a\":" + "7".repeat(1001) + "}")) {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);

            assertThat(json.parse(bytes, bytes.length).problem()).as(text.substring(0, 12))
                    .startsWith("exceeds a limit: a number longer than 1000 characters");
        }
        byte[] atTheLimit = ("{\"a\":" + "7".repeat(1000) + "}").getBytes(StandardCharsets.UTF_8);
        assertThat(json.parse(atTheLimit, atTheLimit.length).problem()).isNull();
        byte[] aStringOfDigits = ("{\"a\":\"" + digits + "\"}").getBytes(StandardCharsets.UTF_8);
        assertThat(json.parse(aStringOfDigits, aStringOfDigits.length).problem())
                .startsWith("exceeds a limit: a string longer than 65536 characters");
    }

    @Test
    void refusesDeepNesting() {
        String deep = "[".repeat(JsonLine.MAX_NESTING + 1) + "]".repeat(JsonLine.MAX_NESTING + 1);
        String line = Feeds.line(Feeds.exampleRecord()).replace("\"annotations\":[\"Potential Meme\"]",
                "\"annotations\":" + deep);

        Feeds.Read read = Feeds.read(Feeds.content(List.of(line)));

        assertThat(read.summary().rejections()).singleElement().satisfies(r -> {
            assertThat(r.code()).isEqualTo(RejectionCode.RECORD_INVALID);
            assertThat(r.reason()).contains("nesting deeper than 16 levels");
        });
    }

    private static Ack.Rejection rejectionOf(Consumer<ObjectNode> breakIt) {
        ObjectNode record = Feeds.exampleRecord();
        breakIt.accept(record);
        Feeds.Read read = Feeds.read(Feeds.content(List.of(Feeds.line(record))));
        assertThat(read.summary().rejections()).hasSize(1);
        return read.summary().rejections().get(0);
    }
}
