package org.tipgate.api;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.io.IOException;
import java.io.InputStream;
import org.tipgate.directory.AgencyRole;
import org.tipgate.format.WireJson;

/**
 * A national sender's feeds: post one, read its status, fetch its signed acks (docs/api.md). The
 * sender is the agency {@link AgencyAuthentication} found for the client certificate; nothing the
 * request carries chooses it, and {@link FeedService} is given the agency and the body stream only.
 */
@Path(FeedsResource.PATH)
@Allowed(value = AgencyRole.NATIONAL_SENDER, who = "a national sender", api = "the feeds API")
public final class FeedsResource {

    static final String PATH = "/v1/feeds";
    /** CMS (RFC 5652) in DER: the media type of feeds and acks. */
    public static final String PKCS7_MIME = "application/pkcs7-mime";

    private final FeedService feeds;
    private final AckResponses acks;

    FeedsResource(FeedService feeds, String root) {
        this.feeds = feeds;
        this.acks = new AckResponses(root + PATH + "/");
    }

    /**
     * Takes in a feed, streamed to the pipeline as it arrives (a feed can be gigabytes), and answers
     * with its signed RECEIVED ack. The length the request declares goes along, so that a body
     * declared over the limit is refused before any of it is read (and before Tomcat tells a client
     * that sent {@code Expect: 100-continue} to go on: {@link ApiConfiguration}).
     */
    @POST
    @Consumes(PKCS7_MIME)
    @Produces(PKCS7_MIME)
    public Response submit(@Context SecurityContext caller, @Context HttpServletRequest request, InputStream body)
            throws IOException, ScratchSpaceFullException {
        return acks.answer(feeds.submit(sender(caller), request.getContentLengthLong(), body));
    }

    /** The feed's status as JSON, if the caller sent it. */
    @GET
    @Path("/{feedId}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response status(@Context SecurityContext caller, @PathParam("feedId") String feedId) {
        String id = Params.feedId(feedId);
        return feeds.status(sender(caller), id)
                .map(status -> Response.ok(WireJson.toBytes(status), MediaType.APPLICATION_JSON_TYPE).build())
                .orElseThrow(NotFoundException::new);
    }

    /** The signed ack of a stage (RECEIVED or DELIVERED), if it exists and the caller sent the feed. */
    @GET
    @Path("/{feedId}/acks/{stage}")
    @Produces(PKCS7_MIME)
    public Response ack(@Context SecurityContext caller, @PathParam("feedId") String feedId,
                        @PathParam("stage") String stage) {
        String id = Params.feedId(feedId);
        return feeds.ack(sender(caller), id, Params.stage(stage))
                .map(ack -> Response.ok(ack.signed(), PKCS7_MIME).build())
                .orElseThrow(NotFoundException::new);
    }

    private static String sender(SecurityContext caller) {
        return AgencyContext.agency(caller).agencyId();
    }
}
