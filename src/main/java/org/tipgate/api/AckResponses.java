package org.tipgate.api;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.tipgate.ack.SignedAck;
import org.tipgate.format.Ack;
import org.tipgate.format.RejectionCode;

/**
 * How the signed ack answers a posted feed: the body is always the signed ack; its status decides
 * the HTTP status (ACCEPTED and PARTIAL 200; REJECTED by its rejection code: TOO_LARGE 413,
 * REPLAY 409, any other 422); a known feed id adds a pointer to the feed's status.
 */
final class AckResponses {

    private final String statusPrefix;

    /** {@code statusPrefix}: the path the feed id is appended to, such as {@code /api/v1/feeds/}. */
    AckResponses(String statusPrefix) {
        this.statusPrefix = statusPrefix;
    }

    Response answer(SignedAck signed) {
        Response.ResponseBuilder response = Response.status(status(signed.ack()))
                .type(FeedsResource.PKCS7_MIME).entity(signed.signed());
        String feedId = signed.ack().feedId();
        if (Params.isFeedId(feedId)) {
            // A path, not an absolute URI: the request's Host header must not shape the answer.
            response.header(HttpHeaders.LOCATION, statusPrefix + feedId);
        }
        return response.build();
    }

    static int status(Ack ack) {
        return switch (ack.status()) {
            case ACCEPTED, PARTIAL -> Response.Status.OK.getStatusCode();
            case REJECTED -> rejected(ack.rejections());
        };
    }

    private static int rejected(List<Ack.Rejection> rejections) {
        RejectionCode code = rejections == null || rejections.isEmpty() ? null : rejections.get(0).code();
        if (code == RejectionCode.TOO_LARGE) {
            return Response.Status.REQUEST_ENTITY_TOO_LARGE.getStatusCode();
        }
        if (code == RejectionCode.REPLAY) {
            return Response.Status.CONFLICT.getStatusCode();
        }
        return 422;
    }
}
