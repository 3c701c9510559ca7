package org.tipgate.feed;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.List;
import org.tipgate.format.FeedHeader;
import org.tipgate.format.JsonSchemaCheck;
import org.tipgate.format.WireJson;

/**
 * Decides whether line 1 is a feed header (docs/formats.md#feed-header-line-1), and if not, says
 * precisely why.
 */
final class HeaderCheck {

    static final String SCHEMA = "schema/feed-header.schema.json";
    /** A header has six members: this many problems show everything a sender could get wrong. */
    private static final int PROBLEMS_SHOWN = 6;

    private final JsonSchemaCheck schema = JsonSchemaCheck.fromClasspath(SCHEMA);

    /** The header, or (header null) the reason for HEADER_INVALID. */
    record Result(FeedHeader header, String problem) {
    }

    Result check(byte[] bytes, int length, JsonLine json) {
        if (JsonLine.isBlank(bytes, length)) {
            return invalid("line 1 is blank: it must be the feed header");
        }
        JsonLine.Parsed parsed = json.parse(bytes, length);
        if (parsed.problem() != null) {
            return invalid("line 1 " + parsed.problem());
        }
        List<String> problems = schema.problems(parsed.node());
        if (!problems.isEmpty()) {
            return invalid("line 1 does not match the feed header schema: " + Reasons.firstOf(problems, PROBLEMS_SHOWN));
        }
        try {
            return new Result(WireJson.mapper().treeToValue(parsed.node(), FeedHeader.class), null);
        } catch (JsonProcessingException e) {
            return invalid("line 1 cannot be read as a feed header");
        }
    }

    private static Result invalid(String problem) {
        return new Result(null, problem);
    }
}
