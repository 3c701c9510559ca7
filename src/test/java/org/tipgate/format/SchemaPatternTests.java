package org.tipgate.format;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.tipgate.format.FeedHeader;
import org.tipgate.format.WireJson;

/** The schemas' patterns on their own, as a validator that treats format as an annotation would apply them. */
class SchemaPatternTests {

    @Test
    void letsJavaRegexDollarMatchBeforeAFinalNewlineWhichIsWhyPatternsAreRewritten() {
        assertThat(Pattern.compile("^[0-9]{1,20}$").matcher("123\n").find()).isTrue();
        assertThat(EcmaAnchoredRegex.INSTANCE.getRegularExpression("^[0-9]{1,20}$").matches("123\n")).isFalse();
        assertThat(EcmaAnchoredRegex.INSTANCE.getRegularExpression("^[0-9]{1,20}$").matches("123")).isTrue();
    }

    @Test
    void rewritesOnlyUnescapedDollarsOutsideCharacterClasses() {
        assertThat(EcmaAnchoredRegex.anchorAtEndOfInput("^a[$]\\$b$")).isEqualTo("^a[$]\\$b\\z");
    }

    @Test
    void enforcesRfc3339DateTimeByPatternEvenWithoutFormatAssertion() throws IOException {
        String pattern = schema("tip-record.schema.json").at("/$defs/dateTime/pattern").textValue();
        var dateTime = EcmaAnchoredRegex.INSTANCE.getRegularExpression(pattern);

        assertThat(dateTime.matches("2025-10-14T08:31:22Z")).isTrue();
        assertThat(dateTime.matches("2025-10-14T08:31:22.123456+05:30")).isTrue();
        assertThat(dateTime.matches("2025-10-14 08:31:22Z")).isFalse();
        assertThat(dateTime.matches("2025-10-14T08:31:22")).isFalse();
        assertThat(dateTime.matches("2025-13-14T08:31:22Z")).isFalse();
        assertThat(dateTime.matches("2025-10-14T08:31:22Z\n")).isFalse();
    }

    @Test
    void checksIpv4ByPatternEvenWithoutFormatAssertion() throws IOException {
        String pattern = schema("tip-record.schema.json").at("/$defs/ipAddress/anyOf/0/pattern").textValue();
        var ipv4 = EcmaAnchoredRegex.INSTANCE.getRegularExpression(pattern);

        assertThat(ipv4.matches("203.0.113.255")).isTrue();
        assertThat(ipv4.matches("203.0.113.256")).isFalse();
        assertThat(ipv4.matches("203.0.113")).isFalse();
    }

    @Test
    void holdsTheSameFeedIdGrammarAsFeedHeader() throws IOException {
        assertThat(schema("feed-header.schema.json").at("/properties/feedId/pattern").textValue())
                .isEqualTo("^" + FeedHeader.FEED_ID_PATTERN + "$");
    }

    private static JsonNode schema(String name) throws IOException {
        try (InputStream in = SchemaPatternTests.class.getResourceAsStream("/schema/" + name)) {
            return WireJson.mapper().readTree(in);
        }
    }
}
