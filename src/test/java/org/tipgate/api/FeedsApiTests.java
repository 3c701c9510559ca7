package org.tipgate.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.tipgate.format.Ack;
import org.tipgate.format.RejectionCode;
import org.tipgate.format.WireJson;
import org.tipgate.testing.Curl;

/** A national sender's use of the feeds API, over real HTTPS with its client certificate. */
class FeedsApiTests extends ApiHarness {

    @Test
    void aSenderPostsAFeedAndGetsTheSignedAckWithAPointerToTheFeedsStatus() throws Exception {
        Path feed = bodyFile("accepted", 20_000);

        Curl.Result answer = post("ncrb", feed);

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.header("Content-Type")).isEqualTo(FeedsResource.PKCS7_MIME);
        assertThat(answer.body()).isEqualTo(fake.lastAck().signed());
        assertThat(answer.header("Location")).isEqualTo("/api/v1/feeds/" + fake.lastAck().ack().feedId());
        assertThat(fake.received()).containsExactly(new FakeFeedService.Received("ncrb", 20_000, sha256(feed)));
    }

    @Test
    void aPartlyAcceptedFeedIsAnswered200() throws Exception {
        fake.answerNext(Ack.Status.PARTIAL, null);

        Curl.Result answer = post("ncrb", bodyFile("partial", 100));

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo(fake.lastAck().signed());
        assertThat(fake.lastAck().ack().status()).isEqualTo(Ack.Status.PARTIAL);
    }

    @ParameterizedTest
    @CsvSource({"TOO_LARGE, 413", "REPLAY, 409", "SIGNATURE_INVALID, 422", "SIGNER_UNTRUSTED, 422",
        "MALFORMED_CMS, 422", "HEADER_INVALID, 422"})
    void aRejectedFeedIsAnsweredWithTheStatusOfItsCodeAndStillTheSignedAck(RejectionCode code, int status)
            throws Exception {
        fake.answerNext(Ack.Status.REJECTED, code);

        Curl.Result answer = post("ncrb", bodyFile("rejected-" + code, 100));

        assertThat(answer.status()).isEqualTo(status);
        assertThat(answer.header("Content-Type")).isEqualTo(FeedsResource.PKCS7_MIME);
        assertThat(answer.body()).isEqualTo(fake.lastAck().signed());
        assertThat(answer.header("Location")).as("a feed refused as a whole has no known feed id").isNull();
    }

    @Test
    void aFailureOfTheGatewayIsAPlain500ThatGivesNothingAway() throws Exception {
        fake.failNext();

        Curl.Result answer = post("ncrb", bodyFile("failing", 100));

        assertThat(answer.status()).isEqualTo(500);
        assertThat(answer.header("Content-Type")).startsWith("text/plain");
        assertThat(answer.text()).contains("nothing was accepted")
                .doesNotContain("IOException", "no space left", "fake", "\tat ", "org.tipgate");
    }

    @Test
    void theSenderReadsTheStatusOfItsFeedAsJson() throws Exception {
        post("ncrb", bodyFile("status", 100));
        String feedId = fake.lastAck().ack().feedId();

        Curl.Result answer = as("ncrb", url("/api/v1/feeds/" + feedId));

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.header("Content-Type")).startsWith("application/json");
        JsonNode status = WireJson.mapper().readTree(answer.body());
        assertThat(status.get("feedId").asText()).isEqualTo(feedId);
        assertThat(status.get("sender").asText()).isEqualTo("ncrb");
        assertThat(status.get("state").asText()).isEqualTo("RECEIVED");
        assertThat(status.get("receivedAt").asText()).isEqualTo(fake.lastAck().ack().at().toString());
        assertThat(status.get("counts").get("records").asLong()).isEqualTo(3);
        assertThat(fake.lookups()).containsExactly("ncrb " + feedId);
        JsonNode documented = WireJson.mapper().readTree(documentedExample("feed-status"));
        assertThat(fieldNames(status)).isEqualTo(fieldNames(documented));
        assertThat(fieldNames(status.get("counts"))).isEqualTo(fieldNames(documented.get("counts")));
    }

    @Test
    void theLongestFeedIdIsStillOne() throws Exception {
        String longest = "a".repeat(128);

        assertThat(as("ncrb", url("/api/v1/feeds/" + longest)).status()).isEqualTo(404);
        assertThat(fake.lookups()).containsExactly("ncrb " + longest);
    }

    @Test
    void anUnknownFeedIs404() throws Exception {
        Curl.Result answer = as("ncrb", url("/api/v1/feeds/no-such-feed"));

        assertThat(answer.status()).isEqualTo(404);
        assertThat(fake.lookups()).containsExactly("ncrb no-such-feed");
    }

    @Test
    void aFeedOfAnotherSenderIs404() throws Exception {
        String theirs = fake.acceptedFrom("another-sender");

        assertThat(as("ncrb", url("/api/v1/feeds/" + theirs)).status()).isEqualTo(404);
        assertThat(as("ncrb", url("/api/v1/feeds/" + theirs + "/acks/RECEIVED")).status()).isEqualTo(404);
    }

    @Test
    void theSenderFetchesTheSignedAckOfAStage() throws Exception {
        post("ncrb", bodyFile("acks", 100));
        String feedId = fake.lastAck().ack().feedId();

        Curl.Result received = as("ncrb", url("/api/v1/feeds/" + feedId + "/acks/RECEIVED"));
        Curl.Result delivered = as("ncrb", url("/api/v1/feeds/" + feedId + "/acks/DELIVERED"));

        assertThat(received.status()).isEqualTo(200);
        assertThat(received.header("Content-Type")).isEqualTo(FeedsResource.PKCS7_MIME);
        assertThat(received.body()).isEqualTo(fake.lastAck().signed());
        assertThat(delivered.status()).as("no DELIVERED ack yet").isEqualTo(404);
        assertThat(fake.lookups()).containsExactly("ncrb " + feedId + " RECEIVED", "ncrb " + feedId + " DELIVERED");
    }

    @ParameterizedTest
    @ValueSource(strings = {"received", "Delivered", "SENT", "RECEIVED%20"})
    void aStageIsReceivedOrDeliveredExactly(String stage) throws Exception {
        Curl.Result answer = as("ncrb", url("/api/v1/feeds/some-feed/acks/" + stage));

        assertThat(answer.status()).isEqualTo(400);
        assertThat(fake.lookups()).isEmpty();
    }

    static Stream<String> malformedFeedIds() {
        return Stream.of("..%2F..%2Fetc", ".hidden", "-dash-first", "bad%20id", "bad%0Aid", "%C3%A9t%C3%A9", "x%2Fy",
                "a".repeat(129));
    }

    @ParameterizedTest
    @MethodSource("malformedFeedIds")
    void aFeedIdOutsideItsGrammarIs400AndGoesNowhere(String feedId) throws Exception {
        Curl.Result status = as("ncrb", url("/api/v1/feeds/" + feedId));
        Curl.Result ack = as("ncrb", url("/api/v1/feeds/" + feedId + "/acks/RECEIVED"));

        assertThat(status.status()).isEqualTo(400);
        assertThat(ack.status()).isEqualTo(400);
        assertThat(fake.lookups()).isEmpty();
    }

    @Test
    void headersReachNothingButContentNegotiation() throws Exception {
        Path feed = bodyFile("headers", 5_000);
        post("ncrb", feed);
        FakeFeedService.Received plain = fake.received().get(0);
        String plainLocation = "/api/v1/feeds/" + fake.lastAck().ack().feedId();

        Curl.Result hostile = post("ncrb", feed, "CamelFileName: ../../evil", "cAmElExecCommandExecutable: /bin/sh",
                "CamelHttpUri: http://127.0.0.1:1/", "X-HTTP-Method-Override: GET", "X-Forwarded-Host: evil.example",
                "Host: evil.example", "X-Agency: mp-scc", "X-Client-Cert: forged");

        assertThat(hostile.status()).isEqualTo(200);
        assertThat(fake.received()).hasSize(2);
        assertThat(fake.received().get(1)).isEqualTo(plain);
        assertThat(hostile.header("Location")).isEqualTo("/api/v1/feeds/" + fake.lastAck().ack().feedId())
                .doesNotContain("evil").isNotEqualTo(plainLocation);
    }

    @Test
    void aFeedMustBeSentAsPkcs7Mime() throws Exception {
        Path feed = bodyFile("form", 100);

        Curl.Result form = as("ncrb", "--data-binary", "@" + feed, url("/api/v1/feeds"));

        assertThat(form.status()).isEqualTo(415);
        assertThat(fake.received()).isEmpty();
    }

    @Test
    void answersAPostOnlyInPkcs7Mime() throws Exception {
        Curl.Result json = post("ncrb", bodyFile("accept-json", 100), "Accept: application/json");

        assertThat(json.status()).isEqualTo(406);
        assertThat(fake.received()).isEmpty();
    }

    @Test
    void theBodyArrivesIntactWhateverItHolds() throws Exception {
        Path feed = WORK.resolve("all-bytes.p7m");
        byte[] content = new byte[256 * 64];
        for (int i = 0; i < content.length; i++) {
            content[i] = (byte) i;
        }
        Files.write(feed, content);

        assertThat(post("ncrb", feed).status()).isEqualTo(200);
        assertThat(fake.received()).containsExactly(new FakeFeedService.Received("ncrb", content.length, sha256(feed)));
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** A JSON example of docs/api.md: the fenced block after its {@code <!-- example: NAME -->} marker. */
    private static String documentedExample(String name) throws IOException {
        String doc = Files.readString(Path.of("docs/api.md"));
        int marker = doc.indexOf("<!-- example: " + name + " -->");
        assertThat(marker).as("docs/api.md has an example " + name).isNotNegative();
        int start = doc.indexOf("```json", marker) + "```json".length();
        return doc.substring(start, doc.indexOf("```", start));
    }
}
