package org.tipgate.api;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a failure inside the API answers: an HTTP error keeps its own response; a post refused for
 * now because its sender's posts hold all the scratch space a sender may is 429 with
 * {@code Retry-After}; a body the client stopped sending is 408 (stalled past the read timeout) or
 * 400 (the connection ended first), logged as a warning; the gateway's own failure (an IOException from the pipeline: disk,
 * database) is a plain 500 saying nothing was accepted, and anything else a plain 500. The client
 * never sees a stack trace; the log has it.
 */
final class FailureResponses implements ExceptionMapper<Exception> {

    private static final Logger LOG = LoggerFactory.getLogger(FailureResponses.class);

    @Override
    public Response toResponse(Exception failure) {
        if (failure instanceof WebApplicationException http) {
            return http.getResponse();
        }
        if (failure instanceof ScratchSpaceFullException full) {
            return Response.status(429).header(HttpHeaders.RETRY_AFTER, full.retryAfter().toSeconds())
                    .type(MediaType.TEXT_PLAIN_TYPE.withCharset("UTF-8"))
                    .entity(full.getMessage() + ". Nothing of this post was read or accepted: send it again when an"
                            + " earlier one has been answered.\n").build();
        }
        if (failure instanceof UnfinishedBodyException unfinished) {
            LOG.warn("HTTPS intake: {}; nothing was accepted", unfinished.getMessage());
            return Response.status(unfinished.stalled() ? 408 : 400)
                    .type(MediaType.TEXT_PLAIN_TYPE.withCharset("UTF-8"))
                    .entity(unfinished.getMessage() + ". Nothing of this post was accepted: send it again.\n")
                    .build();
        }
        if (failure instanceof IOException) {
            LOG.error("HTTPS intake: the gateway failed to take a feed in; nothing was accepted", failure);
            return plain("the gateway failed to take the feed in; nothing was accepted: send it again later");
        }
        LOG.error("HTTPS API: unexpected failure", failure);
        return plain("the gateway failed; nothing was accepted");
    }

    private static Response plain(String message) {
        return Response.serverError().type(MediaType.TEXT_PLAIN_TYPE.withCharset("UTF-8")).entity(message + "\n")
                .build();
    }
}
