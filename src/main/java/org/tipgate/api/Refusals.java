package org.tipgate.api;

import jakarta.ws.rs.Path;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Response;
import java.lang.reflect.AnnotatedElement;
import org.tipgate.events.EventLog;

/**
 * How the filters refuse a request: answered plainly at once, and an AUTHENTICATION_FAILED event
 * naming the endpoint by its path template.
 */
final class Refusals {

    private final EventLog events;
    private final String root;

    /** {@code root}: the path the API is mounted at ({@code cxf.path}), for the path templates in events. */
    Refusals(EventLog events, String root) {
        this.events = events;
        this.root = root;
    }

    void refuse(ContainerRequestContext request, ResourceInfo resource, Response.Status status, String actor,
                String reason, String answer, String certificateSha256) {
        Refusal refusal = new Refusal(status, actor, reason, answer, request.getMethod(), pathTemplate(resource),
                certificateSha256);
        // Refused first: should the event not be recorded, the request is still refused (as a 500).
        request.abortWith(refusal.response());
        events.append(refusal.event());
    }

    /** The matched resource method's template, such as {@code /api/v1/feeds/{feedId}}. */
    private String pathTemplate(ResourceInfo resource) {
        return root + path(resource.getResourceClass()) + path(resource.getResourceMethod());
    }

    private static String path(AnnotatedElement element) {
        Path path = element.getAnnotation(Path.class);
        if (path == null || path.value().isEmpty() || "/".equals(path.value())) {
            return "";
        }
        return path.value().startsWith("/") ? path.value() : "/" + path.value();
    }
}
