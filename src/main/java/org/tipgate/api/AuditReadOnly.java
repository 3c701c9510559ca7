package org.tipgate.api;

import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.regex.Pattern;

/**
 * The audit API answers GET and nothing else: any other method under {@value AuditResource#PATH} is
 * 405 before authentication, as CXF answers a method no endpoint has. Without this, JAX-RS would
 * serve HEAD as a GET (running and recording the query) and answer OPTIONS itself.
 */
@PreMatching
final class AuditReadOnly implements ContainerRequestFilter {

    private static final Pattern AUDIT = Pattern.compile("/*v1/audit(/.*)?");

    @Override
    public void filter(ContainerRequestContext request) {
        if (!HttpMethod.GET.equals(request.getMethod()) && AUDIT.matcher(request.getUriInfo().getPath(true)).matches()) {
            request.abortWith(Response.status(Response.Status.METHOD_NOT_ALLOWED).header(HttpHeaders.ALLOW, HttpMethod.GET)
                    .type(MediaType.TEXT_PLAIN_TYPE.withCharset("UTF-8")).entity("the audit API answers GET only\n")
                    .build());
        }
    }
}
