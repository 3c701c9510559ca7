package org.tipgate.synthetic;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Writes a synthetic tip's geolocation and, for about half of the tips that have a state, the
 * sender's own routing, in the several shapes senders use (ISO code, LGD code or both; district
 * known or null), so that routing is exercised both ways docs/routing.md describes.
 */
final class GeoWriter {

    private static final String[] ISPS = {"Example Broadband Pvt Ltd", "Sample Mobile Networks", "Demo Fibre Net",
        "Placeholder Telecom"};
    private static final Weighted<String> BASES = new Weighted<String>()
            .add(60, "IP_GEOLOCATION").add(20, "ESP_USER_DATA").add(10, "PHONE_NUMBER").add(10, "ANALYST_REVIEW");

    void geo(JsonGenerator g, SplittableRandom random, Place place, List<String> ips) throws IOException {
        if (place.kind() == Place.Kind.NO_GEO) {
            return;
        }
        g.writeArrayFieldStart("geo");
        for (String ip : ips.subList(0, Math.min(2, ips.size()))) {
            g.writeStartObject();
            g.writeStringField("ipAddress", ip);
            g.writeStringField("countryCode", place.countryCode());
            g.writeStringField("subdivisionIso", place.iso());
            g.writeStringField("city", place.city());
            g.writeStringField("isp", ISPS[random.nextInt(ISPS.length)]);
            g.writeStringField("source", random.nextInt(5) == 0 ? "ESP_SUPPLIED" : "IP_LOOKUP");
            g.writeEndObject();
        }
        if (place.kind() == Place.Kind.ROUTABLE && random.nextInt(20) == 0) {
            // A VPN exit abroad next to the Indian address: it must not decide the routing.
            g.writeStartObject();
            g.writeStringField("ipAddress", Fake.ipAddress(random));
            g.writeStringField("countryCode", "NL");
            g.writeStringField("city", "Amsterdam");
            g.writeStringField("isp", "Example Hosting B.V.");
            g.writeStringField("source", "IP_LOOKUP");
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    void routing(JsonGenerator g, SplittableRandom random, Place place) throws IOException {
        if (place.state() == null || random.nextInt(100) >= 50) {
            return;
        }
        int shape = random.nextInt(100);
        g.writeObjectFieldStart("routing");
        if (shape < 85) {
            g.writeStringField("stateIso", place.iso());
        }
        if (shape < 50 || shape >= 85) {
            g.writeNumberField("stateLgd", place.state().code());
        }
        if (shape >= 70 && shape < 85) {
            g.writeNullField("districtLgd");
        } else {
            g.writeNumberField("districtLgd", place.districtLgd());
        }
        g.writeStringField("basis", BASES.pick(random));
        g.writeNumberField("confidence", (50 + random.nextInt(50)) / 100.0);
        g.writeEndObject();
    }
}
