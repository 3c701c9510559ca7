package org.tipgate.feed;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tipgate.crypto.CmsSigner;
import org.tipgate.crypto.SignatureVerifier;
import org.tipgate.crypto.VerificationPolicy;
import org.tipgate.directory.LgdTables;
import org.tipgate.format.Ack;
import org.tipgate.format.FeedHeader;
import org.tipgate.format.RejectedException;
import org.tipgate.format.RejectionCode;
import org.tipgate.format.WireJson;
import org.tipgate.record.RecordValidator;
import org.tipgate.synthetic.FeedGenerator;
import org.tipgate.testing.TestPki;
import org.tipgate.testing.TestPki.Credential;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FeedVerifierTests {

    static final TestPki PKI = TestPki.get();
    static final FeedContentReader READER = new FeedContentReader(new RecordValidator(), FeedLimits.defaults());

    @Test
    void acceptsAFeedSignedByTheSenderItNames() throws Exception {
        FeedVerifier.VerifiedFeed feed = verify(sign(PKI.ncrb, content("ncrb", 3, records(3))));

        assertThat(feed.status()).isEqualTo(Ack.Status.ACCEPTED);
        assertThat(feed.content().header().feedId()).isEqualTo("ncrb-feed-1");
        assertThat(feed.content().accepted()).isEqualTo(3);
        assertThat(feed.signature().signer()).isEqualTo(PKI.ncrb.cert());
    }

    @Test
    void refusesAFeedSignedByAnotherTrustedAgencyThanTheSender() {
        byte[] feed = sign(PKI.stateEc, content("ncrb", 3, records(3)));

        assertRejected(feed, RejectionCode.SIGNER_UNTRUSTED, "feed names sender ncrb but is signed by CN=mp-scc");
    }

    @Test
    void reportsABadSignatureRatherThanTheBadContentItVouchesFor() {
        byte[] feed = sign(PKI.ncrb, "not a header\n".getBytes(StandardCharsets.UTF_8));
        int content = new String(feed, StandardCharsets.ISO_8859_1).indexOf("not a header");
        feed[content] ^= 1;

        assertRejected(feed, RejectionCode.SIGNATURE_INVALID, "");
    }

    @Test
    void refusesASignedFeedWithoutAValidHeader() {
        assertRejected(sign(PKI.ncrb, "not a header\n".getBytes(StandardCharsets.UTF_8)),
                RejectionCode.HEADER_INVALID, "");
    }

    @Test
    void refusesAFeedWhoseHeaderMiscountsItsRecords() {
        assertRejected(sign(PKI.ncrb, content("ncrb", 4, records(3))), RejectionCode.HEADER_INVALID, "recordCount");
    }

    @Test
    void acceptsTheValidRecordsOfAFeedWithAnInvalidOne() throws Exception {
        List<String> lines = new ArrayList<>(records(3));
        lines.set(1, lines.get(1).replace("\"schemaVersion\":\"1\"", "\"schemaVersion\":\"2\""));

        FeedVerifier.VerifiedFeed feed = verify(sign(PKI.ncrb, content("ncrb", 3, lines)));

        assertThat(feed.status()).isEqualTo(Ack.Status.PARTIAL);
        assertThat(feed.content().rejections()).singleElement().satisfies(r -> {
            assertThat(r.line()).isEqualTo(3L);
            assertThat(r.code()).isEqualTo(RejectionCode.RECORD_INVALID);
        });
    }

    private static void assertRejected(byte[] feed, RejectionCode code, String reason) {
        assertThatThrownBy(() -> verify(feed)).isInstanceOfSatisfying(RejectedException.class, e -> {
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.reason()).contains(reason);
        });
    }

    private static FeedVerifier.VerifiedFeed verify(byte[] feed) throws RejectedException, IOException {
        SignatureVerifier signatures = new SignatureVerifier(
                VerificationPolicy.forFeeds(List.of(PKI.ca.cert()), List.of(PKI.crl), Clock.systemUTC()));
        return new FeedVerifier(signatures, READER, SenderBinding.byCommonName()).verify(new ByteArrayInputStream(feed), FeedContentListener.NONE);
    }

    private static byte[] sign(Credential signer, byte[] content) {
        return new CmsSigner(signer.key(), signer.cert(), List.of(), Clock.systemUTC()).sign(content);
    }

    static byte[] content(String sender, long recordCount, List<String> records) {
        StringBuilder content = new StringBuilder(new String(WireJson.toLine(
                FeedHeader.of("ncrb-feed-1", sender, "2026-11-22T10:00:00Z", recordCount)), StandardCharsets.UTF_8));
        records.forEach(r -> content.append(r).append('\n'));
        return content.toString().getBytes(StandardCharsets.UTF_8);
    }

    static List<String> records(int count) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            new FeedGenerator(LgdTables.bundled()).write(7, count, out);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return List.of(out.toString(StandardCharsets.UTF_8).split("\n"));
    }
}
