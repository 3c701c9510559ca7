package org.tipgate.api;

import jakarta.annotation.Priority;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import java.security.cert.X509Certificate;
import java.util.Optional;
import org.tipgate.crypto.Digests;
import org.tipgate.directory.Agency;

/**
 * Runs first, before every resource method of the API: finds the agency the TLS client certificate
 * speaks for and puts it in the request's {@link AgencyContext}. No certificate, or one the
 * directory does not list, is 401, answered plainly and appended to the event log. What each
 * agency may then do is {@link RoleAuthorization}'s to decide.
 *
 * <p>The certificate is the one the servlet container took from the TLS handshake (the request
 * attribute {@value #CERTIFICATES}), which the TLS truststore has already chained to a trusted CA;
 * no header can stand in for it.
 */
@Priority(Priorities.AUTHENTICATION)
final class AgencyAuthentication implements ContainerRequestFilter {

    static final String CERTIFICATES = "jakarta.servlet.request.X509Certificate";

    private final AgencyCertificates certificates;
    private final Refusals refusals;

    @Context
    private HttpServletRequest servletRequest;

    @Context
    private ResourceInfo resource;

    AgencyAuthentication(AgencyCertificates certificates, Refusals refusals) {
        this.certificates = certificates;
        this.refusals = refusals;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        X509Certificate cert = leaf(servletRequest.getAttribute(CERTIFICATES));
        if (cert == null) {
            refusals.refuse(request, resource, Response.Status.UNAUTHORIZED, Refusal.UNKNOWN, "no client certificate",
                    Refusal.UNAUTHENTICATED, null);
            return;
        }
        String fingerprint = Digests.sha256Hex(cert);
        Optional<Agency> agency = certificates.agencyOf(cert);
        if (agency.isEmpty()) {
            refusals.refuse(request, resource, Response.Status.UNAUTHORIZED, Refusal.UNKNOWN,
                    "certificate not listed in the agency directory", Refusal.UNAUTHENTICATED, fingerprint);
            return;
        }
        request.setSecurityContext(new AgencyContext(
                new AgencyContext.AgencyPrincipal(agency.get().id(), agency.get().role(), fingerprint)));
    }

    private static X509Certificate leaf(Object attribute) {
        return attribute instanceof X509Certificate[] chain && chain.length > 0 ? chain[0] : null;
    }
}
