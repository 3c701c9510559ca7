package org.tipgate.api;

import jakarta.annotation.Priority;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import java.lang.reflect.AnnotatedElement;
import java.security.cert.X509Certificate;
import java.util.Optional;
import org.tipgate.crypto.Digests;
import org.tipgate.directory.Agency;
import org.tipgate.directory.AgencyRole;
import org.tipgate.events.EventLog;

/**
 * Runs before every resource method of the API: finds the agency the TLS client certificate speaks
 * for and lets the request through only for a national sender, as a {@link SenderContext}. No
 * certificate, or one the directory does not list, is 401; a listed agency of another role is 403;
 * each refusal is answered plainly and appended to the event log.
 *
 * <p>The certificate is the one the servlet container took from the TLS handshake (the request
 * attribute {@value #CERTIFICATES}), which the TLS truststore has already chained to a trusted CA;
 * no header can stand in for it.
 */
@Priority(Priorities.AUTHENTICATION)
final class SenderAuthentication implements ContainerRequestFilter {

    static final String CERTIFICATES = "jakarta.servlet.request.X509Certificate";

    private final AgencyCertificates certificates;
    private final EventLog events;
    private final String root;

    @Context
    private HttpServletRequest servletRequest;

    @Context
    private ResourceInfo resource;

    /** {@code root}: the path the API is mounted at ({@code cxf.path}), for the path templates in events. */
    SenderAuthentication(AgencyCertificates certificates, EventLog events, String root) {
        this.certificates = certificates;
        this.events = events;
        this.root = root;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        X509Certificate cert = leaf(servletRequest.getAttribute(CERTIFICATES));
        String method = request.getMethod();
        if (cert == null) {
            refuse(request, new Refusal(Response.Status.UNAUTHORIZED, Refusal.UNKNOWN, "no client certificate",
                    method, pathTemplate(), null));
            return;
        }
        String fingerprint = Digests.sha256Hex(cert);
        Optional<Agency> agency = certificates.agencyOf(cert);
        if (agency.isEmpty()) {
            refuse(request, new Refusal(Response.Status.UNAUTHORIZED, Refusal.UNKNOWN,
                    "certificate not listed in the agency directory", method, pathTemplate(), fingerprint));
            return;
        }
        if (agency.get().role() != AgencyRole.NATIONAL_SENDER) {
            refuse(request, new Refusal(Response.Status.FORBIDDEN, agency.get().id(),
                    "role " + agency.get().role() + " is not a national sender", method, pathTemplate(), fingerprint));
            return;
        }
        request.setSecurityContext(new SenderContext(agency.get().id()));
    }

    private void refuse(ContainerRequestContext request, Refusal refusal) {
        // Refused first: should the event not be recorded, the request is still refused (as a 500).
        request.abortWith(refusal.response());
        events.append(refusal.event());
    }

    private static X509Certificate leaf(Object attribute) {
        return attribute instanceof X509Certificate[] chain && chain.length > 0 ? chain[0] : null;
    }

    /** The matched resource method's template, such as {@code /api/v1/feeds/{feedId}}. */
    private String pathTemplate() {
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
