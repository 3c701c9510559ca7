package org.tipgate.api;

import jakarta.ws.rs.core.SecurityContext;
import java.security.Principal;
import org.tipgate.directory.AgencyRole;

/**
 * The security context of a request whose client certificate speaks for a national sender. Only
 * {@link SenderAuthentication} makes one, from the TLS session; resources read the agency from it,
 * never from anything the request says about itself.
 */
final class SenderContext implements SecurityContext {

    /** The agency a client certificate speaks for, by its directory id. */
    record AgencyPrincipal(String agencyId) implements Principal {

        @Override
        public String getName() {
            return agencyId;
        }
    }

    private final AgencyPrincipal principal;

    SenderContext(String agencyId) {
        this.principal = new AgencyPrincipal(agencyId);
    }

    /**
     * The sender of an authenticated request.
     *
     * @throws IllegalStateException when the request did not pass {@link SenderAuthentication}, which
     *                               would be a wiring bug: the request is refused (500), not served
     */
    static String agency(SecurityContext context) {
        if (context != null && context.getUserPrincipal() instanceof AgencyPrincipal agency) {
            return agency.agencyId();
        }
        throw new IllegalStateException("a feeds request reached its resource without sender authentication");
    }

    @Override
    public Principal getUserPrincipal() {
        return principal;
    }

    @Override
    public boolean isUserInRole(String role) {
        return AgencyRole.NATIONAL_SENDER.name().equals(role);
    }

    @Override
    public boolean isSecure() {
        return true;
    }

    @Override
    public String getAuthenticationScheme() {
        return CLIENT_CERT_AUTH;
    }
}
