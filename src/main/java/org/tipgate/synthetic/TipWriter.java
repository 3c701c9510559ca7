package org.tipgate.synthetic;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Writes one synthetic tip record. Proportions follow NCMEC's published CyberTipline statistics:
 * nearly all reports are of child sexual abuse material, online enticement is a distant second,
 * most reports carry a priority, and referrals outnumber informational reports.
 */
final class TipWriter {

    static final String CHILD_PORNOGRAPHY = "Child Pornography (possession, manufacture, and distribution)";
    static final String ENTICEMENT = "Online Enticement of Children for Sexual Acts";
    static final String UNSOLICITED = "Unsolicited Obscene Material Sent to a Child";

    private static final Weighted<String> INCIDENT_TYPES = new Weighted<String>()
            .add(905, CHILD_PORNOGRAPHY).add(40, ENTICEMENT).add(15, UNSOLICITED)
            .add(10, "Child Sex Trafficking").add(10, "Child Sexual Molestation")
            .add(10, "Misleading Words or Digital Images on the Internet")
            .add(5, "Misleading Domain Name").add(5, "Child Sex Tourism");
    private static final Weighted<String> PRIORITIES = new Weighted<String>()
            .add(1, "E").add(9, "1").add(22, "2").add(38, "3").add(30, null);
    private static final Weighted<String> DISPOSITIONS = new Weighted<String>()
            .add(55, "REFERRAL").add(40, "INFORMATIONAL").add(5, null);
    // Fictional services only: a synthetic tip must never seem to accuse a real company's users.
    private static final Weighted<String> ESPS = new Weighted<String>()
            .add(30, "ExampleChat").add(20, "SamplePhotos").add(15, "DemoVideoShare").add(10, "TestCloudDrive")
            .add(10, "PlaceholderSocial").add(8, "MockMessenger").add(4, "FictiveForum").add(3, "SyntheticStream");
    private static final String[] SURFACES = {" (Android app)", " (iOS app)", " (web)", " (desktop client)"};
    static final String[] ANNOTATIONS = {"Potential Meme", "Viral", "Sextortion", "Possible Self-Production",
        "Minor to Minor Interaction", "Generative AI", "Spam"};

    private final DemoGeography geography;
    private final EvidenceWriter evidence = new EvidenceWriter();
    private final GeoWriter geo = new GeoWriter();

    TipWriter(DemoGeography geography) {
        this.geography = geography;
    }

    void write(JsonGenerator g, SplittableRandom random, long tipId, Instant receivedAt) throws IOException {
        String type = INCIDENT_TYPES.pick(random);
        String esp = ESPS.pick(random);
        Place place = geography.pick(random);
        Instant incidentAt = receivedAt.minusSeconds(600 + random.nextInt(45 * 86_400));
        List<String> ips = ipAddresses(random);
        g.writeStartObject();
        g.writeStringField("schemaVersion", "1");
        g.writeStringField("tipId", Long.toString(tipId));
        g.writeStringField("receivedAt", Fake.dateTime(receivedAt, ZoneOffset.UTC));
        g.writeStringField("priority", PRIORITIES.pick(random));
        g.writeStringField("disposition", DISPOSITIONS.pick(random));
        incident(g, random, type, esp, incidentAt);
        g.writeObjectFieldStart("reporter");
        g.writeStringField("espName", esp);
        g.writeEndObject();
        evidence.persons(g, random, type, esp, ips, place, incidentAt);
        evidence.ipCaptures(g, random, ips, incidentAt);
        evidence.files(g, random, type, incidentAt);
        geo.geo(g, random, place, ips);
        geo.routing(g, random, place);
        g.writeEndObject();
    }

    private static void incident(JsonGenerator g, SplittableRandom random, String type, String esp, Instant at)
            throws IOException {
        g.writeObjectFieldStart("incident");
        g.writeStringField("type", type);
        g.writeStringField("dateTime", Fake.dateTime(at, random.nextBoolean() ? Fake.IST : ZoneOffset.UTC));
        g.writeStringField("platform", esp + SURFACES[random.nextInt(SURFACES.length)]);
        g.writeArrayFieldStart("annotations");
        if (random.nextInt(4) == 0) {
            g.writeString(ANNOTATIONS[random.nextInt(ANNOTATIONS.length)]);
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    /** One to three distinct addresses per tip, the first being the suspect's. */
    private static List<String> ipAddresses(SplittableRandom random) {
        int count = 1 + random.nextInt(3);
        List<String> ips = new ArrayList<>(count);
        while (ips.size() < count) {
            String ip = Fake.ipAddress(random);
            if (!ips.contains(ip)) {
                ips.add(ip);
            }
        }
        return ips;
    }
}
