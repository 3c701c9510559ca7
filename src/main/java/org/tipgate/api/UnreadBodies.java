package org.tipgate.api;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import java.io.IOException;
import java.io.InputStream;

/**
 * Closes the request's body once its answer is ready, so that a body the API refused without
 * reading it (no client certificate, not a sender, a declared length over the limit, no scratch
 * space left) stays unread. Left open, CXF reads up to 16 MiB of it before it writes the answer
 * (to leave the connection clean), which makes Tomcat send {@code 100 Continue} to a client that
 * waits for it and makes the answer wait for bytes a client may never send. Tomcat itself then
 * reads at most {@code server.tomcat.max-swallow-size} (2 MB) of what is still coming, or none after
 * a refused {@code Expect: 100-continue}, and closes the connection.
 */
final class UnreadBodies implements ContainerResponseFilter {

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) throws IOException {
        InputStream body = request.getEntityStream();
        if (body != null) {
            body.close();
        }
    }
}
