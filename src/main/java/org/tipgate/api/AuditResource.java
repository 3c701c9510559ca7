package org.tipgate.api;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import java.util.LinkedHashMap;
import java.util.Map;
import org.tipgate.audit.AuditTrail;
import org.tipgate.audit.EventFilter;
import org.tipgate.audit.Viewer;
import org.tipgate.directory.AgencyRole;

/**
 * The audit trail, read-only (docs/api.md): pages of events, the latest signed checkpoint,
 * inclusion and consistency proofs, and signed custody reports. What the caller sees follows from
 * its agency's role alone ({@link #viewer}); every request that gets here is recorded as an
 * AUDIT_QUERIED event, whatever its answer, before the answer leaves.
 */
@Path(AuditResource.PATH)
@Allowed(value = {AgencyRole.AUDITOR, AgencyRole.STATE_NODAL, AgencyRole.DISTRICT, AgencyRole.NATIONAL_SENDER},
        who = "an auditor, a state or district agency or a national sender", api = "the audit API")
@Produces(MediaType.APPLICATION_JSON)
public final class AuditResource {

    static final String PATH = "/v1/audit";

    /** One question: fills in {@code detail} (what was asked, how much was answered) and answers. */
    private interface Question {
        Response ask(Viewer viewer, Map<String, Object> detail);
    }

    private final AuditTrail trail;
    private final int maxPage;

    AuditResource(AuditTrail trail, int maxPage) {
        this.trail = trail;
        this.maxPage = maxPage;
    }

    /** The events the caller may see that match the filter, in log order, a page at a time. */
    @GET
    @Path("/events")
    public Response events(@Context SecurityContext caller, @Context UriInfo uri) {
        return recorded(caller, "events", (viewer, detail) -> {
            AuditParams params = params(uri, "tipId", "feedId", "agency", "type", "outcome", "from", "to", "cursor",
                    "limit");
            EventFilter filter = params.filter();
            Long after = params.cursor();
            int limit = params.limit(maxPage);
            detail.putAll(filter.toDetail());
            if (after != null) {
                detail.put("after", after);
            }
            detail.put("limit", limit);
            AuditTrail.Page page = trail.events(filter, viewer, after, limit);
            detail.put("returned", page.events().size());
            return json(AuditAnswers.page(page));
        });
    }

    /** The newest signed checkpoint; 404 while there is none. */
    @GET
    @Path("/checkpoints/latest")
    public Response latestCheckpoint(@Context SecurityContext caller, @Context UriInfo uri) {
        return recorded(caller, "checkpoint", (viewer, detail) -> {
            params(uri);
            return trail.latestCheckpoint().map(signed -> {
                detail.put("treeSize", signed.checkpoint().treeSize());
                return json(AuditAnswers.checkpoint(signed));
            }).orElseThrow(() -> new AuditTrail.NotVisibleException("no checkpoint yet"));
        });
    }

    /** That an event the caller may see is in the tree of a given size. */
    @GET
    @Path("/proofs/inclusion")
    public Response inclusion(@Context SecurityContext caller, @Context UriInfo uri) {
        return recorded(caller, "inclusion", (viewer, detail) -> {
            AuditParams params = params(uri, "seq", "treeSize");
            long seq = params.count("seq");
            long treeSize = params.count("treeSize");
            detail.put("seq", seq);
            detail.put("treeSize", treeSize);
            long size = trail.treeSize();
            if (seq >= treeSize || treeSize > size) {
                throw new BadParameterException("need seq < treeSize <= " + size + ", the events in the log");
            }
            return json(AuditAnswers.inclusion(trail.inclusion(seq, treeSize, viewer)));
        });
    }

    /** That the tree of size {@code to} extends the tree of size {@code from}. */
    @GET
    @Path("/proofs/consistency")
    public Response consistency(@Context SecurityContext caller, @Context UriInfo uri) {
        return recorded(caller, "consistency", (viewer, detail) -> {
            AuditParams params = params(uri, "from", "to");
            long from = params.count("from");
            long to = params.count("to");
            detail.put("from", from);
            detail.put("to", to);
            long size = trail.treeSize();
            if (from < 1 || to < from || to > size) {
                throw new BadParameterException("need 1 <= from <= to <= " + size + ", the events in the log");
            }
            return json(AuditAnswers.consistency(trail.consistency(from, to)));
        });
    }

    /** The gateway's signed custody report of a tip: the events about it that the caller may see, with proofs. */
    @GET
    @Path("/custody/{tipId}")
    @Produces(FeedsResource.PKCS7_MIME)
    public Response custody(@Context SecurityContext caller, @Context UriInfo uri,
                            @PathParam("tipId") String tipId) {
        return recorded(caller, "custody", (viewer, detail) -> {
            params(uri);
            String id = AuditParams.pathId("tipId", tipId);
            detail.put("tipId", id);
            byte[] report = trail.custody(id, viewer);
            return Response.ok(report, FeedsResource.PKCS7_MIME).build();
        });
    }

    /**
     * What an agency of this role may see: an auditor everything; a state or district agency the
     * events about packages addressed to it; a national sender the events of the feeds it sent.
     */
    static Viewer viewer(AgencyContext.AgencyPrincipal agency) {
        Viewer.Scope scope = switch (agency.role()) {
            case AUDITOR -> Viewer.Scope.ALL;
            case STATE_NODAL, DISTRICT -> Viewer.Scope.RECIPIENT;
            case NATIONAL_SENDER -> Viewer.Scope.SENDER;
            case GATEWAY -> throw new IllegalStateException("the gateway's own certificate reached the audit API");
        };
        return new Viewer(agency.agencyId(), scope);
    }

    /**
     * Asks the question and records it with its outcome: OK; INVALID (400) for a bad parameter;
     * NOT_FOUND (404) for what does not exist or is not the caller's to see, answered and recorded
     * alike (a national sender reads its own AUDIT_QUERIED events); ERROR for a failure of the
     * gateway itself (500), whose answer carries nothing.
     */
    private Response recorded(SecurityContext caller, String query, Question question) {
        Viewer viewer = viewer(AgencyContext.agency(caller));
        Map<String, Object> detail = new LinkedHashMap<>();
        Response answer;
        String outcome;
        try {
            answer = question.ask(viewer, detail);
            outcome = "OK";
        } catch (BadParameterException e) {
            detail.put("reason", e.getMessage());
            answer = plain(Response.Status.BAD_REQUEST, e.getMessage());
            outcome = "INVALID";
        } catch (AuditTrail.NotVisibleException e) {
            answer = plain(Response.Status.NOT_FOUND, "not found, or not yours to see");
            outcome = "NOT_FOUND";
        } catch (RuntimeException e) {
            // The question is on record even when the gateway could not answer it (500), if the
            // database can still take it.
            try {
                trail.queried(viewer, query, detail, "ERROR");
            } catch (RuntimeException recording) {
                e.addSuppressed(recording);
            }
            throw e;
        }
        trail.queried(viewer, query, detail, outcome);
        return answer;
    }

    private static AuditParams params(UriInfo uri, String... names) {
        return AuditParams.of(uri.getQueryParameters(), names);
    }

    private static Response json(byte[] body) {
        return Response.ok(body, MediaType.APPLICATION_JSON_TYPE).build();
    }

    private static Response plain(Response.Status status, String message) {
        return Response.status(status).type(MediaType.TEXT_PLAIN_TYPE.withCharset("UTF-8")).entity(message + "\n")
                .build();
    }
}
