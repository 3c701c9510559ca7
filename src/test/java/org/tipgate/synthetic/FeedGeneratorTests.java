package org.tipgate.synthetic;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tipgate.directory.LgdState;
import org.tipgate.feed.Feeds;
import org.tipgate.format.WireJson;
import static org.assertj.core.api.Assertions.assertThat;

class FeedGeneratorTests {

    private static final int SAMPLE = 10_000;
    private static final Set<String> DEMO_STATES = Set.of("IN-MP", "IN-DL");

    private static final Map<String, Integer> incidentTypes = new HashMap<>();
    private static final Map<String, Integer> fileViewed = new HashMap<>();
    private static final Set<String> tipIds = new HashSet<>();
    private static final Set<String> ipAddresses = new HashSet<>();
    private static final Set<String> emails = new HashSet<>();
    private static final Set<String> phones = new HashSet<>();
    private static final Set<String> subdivisions = new HashSet<>();
    private static int unroutable;
    private static int withSenderRouting;
    private static int districtEndpoints;
    private static long bytes;

    @BeforeAll
    static void generateASample() throws IOException {
        for (String line : Feeds.generated(2025, SAMPLE)) {
            bytes += line.getBytes(StandardCharsets.UTF_8).length + 1;
            JsonNode record = WireJson.mapper().readTree(line);
            tipIds.add(record.get("tipId").textValue());
            incidentTypes.merge(record.at("/incident/type").textValue(), 1, Integer::sum);
            record.path("files").forEach(f -> fileViewed.merge(String.valueOf(f.get("fileViewedByEsp")), 1, Integer::sum));
            record.findValues("ipAddress").forEach(ip -> ipAddresses.add(ip.textValue()));
            record.findValues("emails").forEach(list -> list.forEach(e -> emails.add(e.textValue())));
            record.findValues("phones").forEach(list -> list.forEach(p -> phones.add(p.textValue())));
            record.findValues("subdivisionIso").forEach(s -> subdivisions.add(s.textValue()));
            withSenderRouting += record.has("routing") ? 1 : 0;
            Optional<LgdState> state = stateOf(record);
            unroutable += state.filter(s -> DEMO_STATES.contains(s.iso())).isEmpty() ? 1 : 0;
            districtEndpoints += Set.of(410, 396, 407).contains(record.at("/routing/districtLgd").asInt()) ? 1 : 0;
        }
    }

    @Test
    void writesTheSameBytesForTheSameSeed() throws IOException {
        assertThat(generate(99, 500)).isEqualTo(generate(99, 500));
    }

    @Test
    void writesDifferentRecordsForDifferentSeeds() throws IOException {
        assertThat(generate(1, 50)).isNotEqualTo(generate(2, 50));
    }

    @Test
    void writesAShortRunAsAPrefixOfALongerOne() throws IOException {
        byte[] shorter = generate(5, 100);
        byte[] longer = generate(5, 150);
        assertThat(longer).startsWith(shorter);
    }

    @Test
    void leavesTheCallersStreamOpen() throws IOException {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        OutputStream guarded = new OutputStream() {
            @Override
            public void write(int b) {
                sink.write(b);
            }

            @Override
            public void close() {
                throw new AssertionError("the generator closed the caller's stream");
            }
        };
        new FeedGenerator(Feeds.LGD).write(5, 3, guarded);
        assertThat(sink.toString(StandardCharsets.UTF_8).split("\n")).hasSize(3);
    }

    @Test
    void averagesBetweenOneAndAHalfAndTwoAndAHalfKibPerRecord() {
        assertThat(bytes / SAMPLE).isBetween(1_536L, 2_560L);
    }

    @Test
    void givesEveryRecordItsOwnNineDigitTipId() {
        assertThat(tipIds).hasSize(SAMPLE).allMatch(id -> id.matches("[1-9][0-9]{8}"));
    }

    @Test
    void makesChildSexualAbuseMaterialTheDominantIncidentTypeAndUsesAllEight() {
        assertThat(incidentTypes).hasSize(8);
        assertThat(incidentTypes.get(TipWriter.CHILD_PORNOGRAPHY)).isGreaterThan(SAMPLE * 85 / 100);
        assertThat(incidentTypes.get(TipWriter.ENTICEMENT)).isBetween(SAMPLE * 2 / 100, SAMPLE * 6 / 100);
    }

    @Test
    void leavesAboutThreePercentUnroutableForTheDemoDirectory() {
        assertThat(unroutable).isBetween(SAMPLE * 2 / 100, SAMPLE * 45 / 1000);
    }

    @Test
    void mixesSenderRoutingWithRecordsThatCarryOnlyGeolocation() {
        assertThat(withSenderRouting).isBetween(SAMPLE * 40 / 100, SAMPLE * 60 / 100);
        assertThat(districtEndpoints).isGreaterThan(SAMPLE * 10 / 100);
    }

    @Test
    void usesRetiredIsoCodesOnlyOccasionally() {
        assertThat(subdivisions).contains("IN-MP", "IN-DL", "IN-KL", "IN-OR", "US-CA").doesNotContain("IN-OD");
    }

    @Test
    void statesWhetherTheEspViewedEachFileIncludingUnknown() {
        assertThat(fileViewed).containsOnlyKeys("true", "false", "null");
        assertThat(fileViewed.get("null")).isPositive();
    }

    @Test
    void usesOnlyDocumentationAddressesReservedDomainsAndImpossiblePhoneNumbers() {
        assertThat(ipAddresses).isNotEmpty().allMatch(ip -> ip.startsWith("192.0.2.") || ip.startsWith("198.51.100.")
                || ip.startsWith("203.0.113.") || ip.startsWith("2001:db8:"));
        assertThat(emails).isNotEmpty().allMatch(e -> e.endsWith("@example.invalid") || e.endsWith("@mail.example.invalid"));
        assertThat(phones).isNotEmpty().allMatch(p -> p.matches("\\+91 00000 [0-9]{5}"));
    }

    /** docs/routing.md: the sender's routing first, else the first Indian subdivision of geo[]. */
    private static Optional<LgdState> stateOf(JsonNode record) {
        JsonNode routing = record.path("routing");
        if (routing.has("stateIso")) {
            return Feeds.LGD.stateByIso(routing.get("stateIso").textValue());
        }
        if (routing.has("stateLgd")) {
            return Feeds.LGD.state(routing.get("stateLgd").intValue());
        }
        for (JsonNode geo : record.path("geo")) {
            String subdivision = geo.path("subdivisionIso").asText("");
            if (subdivision.startsWith("IN-")) {
                return Feeds.LGD.stateByIso(subdivision);
            }
        }
        return Optional.empty();
    }

    private static byte[] generate(long seed, int count) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new FeedGenerator(Feeds.LGD).write(seed, count, out);
        return out.toByteArray();
    }
}
