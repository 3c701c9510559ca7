package org.tipgate.api;

import jakarta.ws.rs.core.SecurityContext;
import java.security.Principal;
import org.tipgate.directory.AgencyRole;

/**
 * The security context of a request whose client certificate the agency directory lists. Only
 * {@link AgencyAuthentication} makes one, from the TLS session; resources read the agency from it,
 * never from anything the request says about itself.
 */
final class AgencyContext implements SecurityContext {

    /**
     * The agency a client certificate speaks for: its directory id and role, and the certificate's
     * SHA-256 fingerprint (for the events that name it).
     */
    record AgencyPrincipal(String agencyId, AgencyRole role, String certificateSha256) implements Principal {

        @Override
        public String getName() {
            return agencyId;
        }
    }

    private final AgencyPrincipal principal;

    AgencyContext(AgencyPrincipal principal) {
        this.principal = principal;
    }

    /**
     * The agency of an authenticated request.
     *
     * @throws IllegalStateException when the request did not pass {@link AgencyAuthentication}, which
     *                               would be a wiring bug: the request is refused (500), not served
     */
    static AgencyPrincipal agency(SecurityContext context) {
        if (context != null && context.getUserPrincipal() instanceof AgencyPrincipal agency) {
            return agency;
        }
        throw new IllegalStateException("a request reached its resource without agency authentication");
    }

    @Override
    public Principal getUserPrincipal() {
        return principal;
    }

    @Override
    public boolean isUserInRole(String role) {
        return principal.role().name().equals(role);
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
