package org.tipgate.api;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import org.tipgate.events.Event;
import org.tipgate.events.EventType;

/**
 * A request the API refuses before any resource sees it: the plain answer the client gets and the
 * AUTHENTICATION_FAILED event it leaves. The event holds the method, the path template (never the
 * raw path), the certificate's SHA-256 fingerprint and the reason; never a header or the body.
 *
 * @param status            401 (no certificate, or one the directory does not list) or 403 (an agency
 *                          whose role the endpoint does not serve)
 * @param actor             the agency id when the certificate is listed, else {@value #UNKNOWN}
 * @param reason            why, for the event
 * @param answer            what the client is told
 * @param certificateSha256 the client certificate's fingerprint, null when there was none
 */
record Refusal(Response.Status status, String actor, String reason, String answer, String method,
               String pathTemplate, String certificateSha256) {

    static final String UNKNOWN = "unknown";
    static final String UNAUTHENTICATED = "a client certificate listed in the agency directory is required";

    Event event() {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("method", method);
        detail.put("path", pathTemplate);
        detail.put("reason", reason);
        if (certificateSha256 != null) {
            detail.put("certificateSha256", certificateSha256);
        }
        return new Event(EventType.AUTHENTICATION_FAILED, actor, null, null, null, null,
                String.valueOf(status.getStatusCode()), detail);
    }

    Response response() {
        return Response.status(status).type(MediaType.TEXT_PLAIN_TYPE.withCharset("UTF-8")).entity(answer + "\n")
                .build();
    }
}
