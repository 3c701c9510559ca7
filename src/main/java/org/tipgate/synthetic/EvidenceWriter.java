package org.tipgate.synthetic;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Writes a synthetic tip's people, IP capture events and files. Files are described by random
 * hashes and made-up names: the generator, like TipGate, never touches the material itself.
 */
final class EvidenceWriter {

    private static final Weighted<String> EVENTS = new Weighted<String>()
            .add(40, "Upload").add(35, "Login").add(10, "Registration").add(2, "Purchase").add(8, "Other").add(5, "Unknown");
    private static final Weighted<Boolean> VIEWED = new Weighted<Boolean>().add(55, true).add(30, false).add(15, null);
    private static final Weighted<String> CLASSIFICATIONS = new Weighted<String>()
            .add(20, "A1").add(25, "A2").add(10, "B1").add(15, "B2").add(30, null);
    private static final Weighted<Integer> CSAM_FILE_COUNTS = new Weighted<Integer>()
            .add(40, 1).add(25, 2).add(15, 3).add(10, 4).add(10, 5);

    void persons(JsonGenerator g, SplittableRandom random, String type, String esp, List<String> ips, Place place,
            Instant at) throws IOException {
        g.writeArrayFieldStart("persons");
        person(g, random, "SUSPECT", esp, ips.subList(0, 1), place, at);
        if (type.equals(TipWriter.ENTICEMENT) || type.equals("Child Sexual Molestation")
                || (type.equals("Child Sex Trafficking") && random.nextBoolean())) {
            person(g, random, "VICTIM", esp, List.of(), null, at);
        } else if (type.equals(TipWriter.UNSOLICITED) || random.nextInt(10) == 0) {
            person(g, random, "RECIPIENT", esp, ips.subList(ips.size() - 1, ips.size()), null, at);
        }
        g.writeEndArray();
    }

    void ipCaptures(JsonGenerator g, SplittableRandom random, List<String> ips, Instant at) throws IOException {
        g.writeArrayFieldStart("ipCaptures");
        for (String ip : ips) {
            for (int i = random.nextInt(3) == 0 ? 2 : 1; i > 0; i--) {
                ipCapture(g, random, ip, at.minusSeconds(random.nextInt(30 * 86_400)));
            }
        }
        g.writeEndArray();
    }

    void files(JsonGenerator g, SplittableRandom random, String type, Instant at) throws IOException {
        int count = type.equals(TipWriter.CHILD_PORNOGRAPHY) ? CSAM_FILE_COUNTS.pick(random) : random.nextInt(3);
        g.writeArrayFieldStart("files");
        for (int i = 1; i <= count; i++) {
            file(g, random, i, at);
        }
        g.writeEndArray();
    }

    private void person(JsonGenerator g, SplittableRandom random, String role, String esp, List<String> ips, Place place,
            Instant at) throws IOException {
        String screenName = Fake.screenName(random);
        g.writeStartObject();
        g.writeStringField("role", role);
        g.writeStringField("screenName", screenName);
        g.writeStringField("espUserId", esp.substring(0, 2).toLowerCase(Locale.ROOT) + "-" + (1_000_000_000L + random.nextInt(Integer.MAX_VALUE)));
        g.writeArrayFieldStart("emails");
        if (random.nextInt(10) < 7) {
            g.writeString(screenName + (random.nextBoolean() ? "@example.invalid" : "@mail.example.invalid"));
        }
        g.writeEndArray();
        if (random.nextInt(3) == 0) {
            g.writeArrayFieldStart("phones");
            g.writeString(Fake.phone(random));
            g.writeEndArray();
        }
        if (!ips.isEmpty()) {
            g.writeArrayFieldStart("ipCaptures");
            ipCapture(g, random, ips.get(0), at.minusSeconds(random.nextInt(3_600)));
            g.writeEndArray();
        }
        if (random.nextInt(5) < 2) {
            g.writeArrayFieldStart("deviceIds");
            g.writeString("android-id:" + Fake.hex(random, 16));
            g.writeEndArray();
        }
        if (place != null && place.kind() != Place.Kind.NO_GEO && random.nextBoolean()) {
            g.writeObjectFieldStart("estimatedLocation");
            g.writeStringField("countryCode", place.countryCode());
            g.writeStringField("subdivisionIso", place.iso());
            g.writeStringField("city", place.city());
            g.writeEndObject();
        }
        g.writeEndObject();
    }

    private static void ipCapture(JsonGenerator g, SplittableRandom random, String ip, Instant at) throws IOException {
        g.writeStartObject();
        g.writeStringField("ipAddress", ip);
        g.writeStringField("eventName", EVENTS.pick(random));
        g.writeStringField("dateTime", Fake.dateTime(at, ZoneOffset.UTC));
        if (random.nextInt(100) < 85) {
            g.writeNumberField("port", 1024 + random.nextInt(64_512));
        }
        g.writeBooleanField("possibleProxy", random.nextInt(10) == 0);
        g.writeEndObject();
    }

    private static void file(JsonGenerator g, SplittableRandom random, int index, Instant at) throws IOException {
        boolean video = random.nextInt(5) == 0;
        g.writeStartObject();
        g.writeStringField("fileId", "f-" + Fake.digits(index, 4));
        g.writeStringField("fileName", (video ? "VID_" : "IMG_") + Fake.hex(random, 8) + (video ? ".mp4" : ".jpg"));
        g.writeArrayFieldStart("hashes");
        hash(g, "SHA256", Fake.hex(random, 64));
        if (random.nextInt(10) < 7) {
            hash(g, "MD5", Fake.hex(random, 32));
        }
        if (!video && random.nextInt(100) < 12) {
            hash(g, "PDNA", Fake.photoDnaLike(random));
        }
        g.writeEndArray();
        g.writeFieldName("fileViewedByEsp");
        Boolean viewed = VIEWED.pick(random);
        if (viewed == null) {
            g.writeNull();
        } else {
            g.writeBoolean(viewed);
        }
        g.writeBooleanField("publiclyAvailable", random.nextInt(6) == 0);
        g.writeStringField("industryClassification", CLASSIFICATIONS.pick(random));
        g.writeArrayFieldStart("annotations");
        if (random.nextInt(8) == 0) {
            g.writeString(TipWriter.ANNOTATIONS[random.nextInt(TipWriter.ANNOTATIONS.length)]);
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void hash(JsonGenerator g, String type, String value) throws IOException {
        g.writeStartObject();
        g.writeStringField("hashType", type);
        g.writeStringField("value", value);
        g.writeEndObject();
    }
}
