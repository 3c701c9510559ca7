package org.tipgate.api;

import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Arrays;
import java.util.regex.Pattern;
import org.tipgate.format.Ack;
import org.tipgate.format.FeedHeader;

/**
 * The path parameters of the API, checked before they go anywhere: a value outside its grammar is
 * 400, and the answer does not repeat it.
 */
final class Params {

    private static final Pattern FEED_ID = Pattern.compile(FeedHeader.FEED_ID_PATTERN);

    private Params() {
    }

    static boolean isFeedId(String value) {
        return value != null && FEED_ID.matcher(value).matches();
    }

    static String feedId(String value) {
        if (!isFeedId(value)) {
            throw badRequest("a feed id matches " + FeedHeader.FEED_ID_PATTERN);
        }
        return value;
    }

    /** RECEIVED or DELIVERED, exactly. */
    static Ack.Stage stage(String value) {
        return Arrays.stream(Ack.Stage.values()).filter(stage -> stage.name().equals(value)).findFirst()
                .orElseThrow(() -> badRequest("a stage is RECEIVED or DELIVERED"));
    }

    private static BadRequestException badRequest(String message) {
        return new BadRequestException(Response.status(Response.Status.BAD_REQUEST)
                .type(MediaType.TEXT_PLAIN_TYPE.withCharset("UTF-8")).entity(message + "\n").build());
    }
}
