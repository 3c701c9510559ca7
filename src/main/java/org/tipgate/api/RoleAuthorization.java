package org.tipgate.api;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import java.util.Arrays;

/**
 * Runs after {@link AgencyAuthentication}: lets a request through only when the matched resource's
 * {@link Allowed} names the agency's role. Any other role is 403, answered plainly and appended to
 * the event log; a resource that names no roles serves no one.
 */
@Priority(Priorities.AUTHORIZATION)
final class RoleAuthorization implements ContainerRequestFilter {

    private final Refusals refusals;

    @Context
    private ResourceInfo resource;

    RoleAuthorization(Refusals refusals) {
        this.refusals = refusals;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        AgencyContext.AgencyPrincipal agency = AgencyContext.agency(request.getSecurityContext());
        Allowed allowed = resource.getResourceClass().getAnnotation(Allowed.class);
        if (allowed == null) {
            refusals.refuse(request, resource, Response.Status.FORBIDDEN, agency.agencyId(),
                    "the endpoint names no role it serves", "this endpoint serves no one", agency.certificateSha256());
            return;
        }
        if (Arrays.stream(allowed.value()).noneMatch(role -> role == agency.role())) {
            refusals.refuse(request, resource, Response.Status.FORBIDDEN, agency.agencyId(),
                    "role " + agency.role() + " is not " + allowed.who(), "only " + allowed.who() + " may use "
                            + allowed.api(), agency.certificateSha256());
        }
    }
}
