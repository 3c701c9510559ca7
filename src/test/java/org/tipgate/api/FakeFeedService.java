package org.tipgate.api;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.tipgate.ack.AckSigner;
import org.tipgate.ack.SignedAck;
import org.tipgate.crypto.CmsSigner;
import org.tipgate.crypto.Digests;
import org.tipgate.format.Ack;
import org.tipgate.format.RejectionCode;
import org.tipgate.format.WireJson;

/**
 * The pipeline as the API tests need it: reads each posted body as a stream (counting and hashing
 * it, never keeping it), remembers who posted what, and answers with a RECEIVED ack signed by the
 * gateway's key, of the status the test chose. Accepted feeds can then be read back by their sender.
 */
final class FakeFeedService implements FeedService {

    /** Registers the fake as the gateway's FeedService. */
    @TestConfiguration(proxyBeanMethods = false)
    static class Config {
        /** Takes the place of the pipeline's own FeedService, so the API is tested alone. */
        @Bean
        @Primary
        FakeFeedService fakeFeedService(CmsSigner gatewaySigner, Clock clock) {
            return new FakeFeedService(new AckSigner(gatewaySigner), clock);
        }
    }

    /** What one submit call was given: the agency and the body, as its length and SHA-256. */
    record Received(String agency, long bytes, String sha256) {
    }

    private record Answer(Ack.Status status, RejectionCode code, boolean fail) {
    }

    private record Kept(String agency, SignedAck received) {
    }

    private final AckSigner signer;
    private final Clock clock;
    private final AtomicInteger feeds = new AtomicInteger();
    private final AtomicLong bodyBytesRead = new AtomicLong();
    private final AtomicLong lastDeclaredLength = new AtomicLong(-2);
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final List<String> lookups = new CopyOnWriteArrayList<>();
    private final Map<String, Kept> kept = new ConcurrentHashMap<>();
    private volatile Answer next = new Answer(Ack.Status.ACCEPTED, null, false);
    private volatile SignedAck lastAck;

    FakeFeedService(AckSigner signer, Clock clock) {
        this.signer = signer;
        this.clock = clock;
    }

    /** The next submit answers with this status; REJECTED with {@code code} as the whole-feed rejection. */
    void answerNext(Ack.Status status, RejectionCode code) {
        next = new Answer(status, code, false);
    }

    /** The next submit reads the body and then fails as the gateway would on a full disk. */
    void failNext() {
        next = new Answer(null, null, true);
    }

    void reset() {
        received.clear();
        lookups.clear();
        next = new Answer(Ack.Status.ACCEPTED, null, false);
        lastAck = null;
        bodyBytesRead.set(0);
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    /** The status and ack look-ups asked of the fake, as {@code agency feedId [stage]}. */
    List<String> lookups() {
        return List.copyOf(lookups);
    }

    /** Takes in an accepted feed as if {@code agency} had posted it; returns its feed id. */
    String acceptedFrom(String agency) {
        SignedAck signed = sign(new Answer(Ack.Status.ACCEPTED, null, false), null);
        kept.put(signed.ack().feedId(), new Kept(agency, signed));
        return signed.ack().feedId();
    }

    SignedAck lastAck() {
        return lastAck;
    }

    /** Bytes of the body read so far by the submit call in progress (or the last one). */
    long bodyBytesRead() {
        return bodyBytesRead.get();
    }

    /** The length the last post declared (Content-Length), -1 for none. */
    long lastDeclaredLength() {
        return lastDeclaredLength.get();
    }

    @Override
    public SignedAck submit(String agency, long declaredLength, InputStream body) throws IOException {
        lastDeclaredLength.set(declaredLength);
        Answer answer = next;
        next = new Answer(Ack.Status.ACCEPTED, null, false);
        MessageDigest sha256 = Digests.sha256();
        byte[] buffer = new byte[1 << 16];
        bodyBytesRead.set(0);
        long total = 0;
        for (int n = body.read(buffer); n != -1; n = body.read(buffer)) {
            sha256.update(buffer, 0, n);
            total += n;
            bodyBytesRead.set(total);
        }
        Received got = new Received(agency, total, Digests.hex(sha256.digest()));
        received.add(got);
        if (answer.fail()) {
            throw new IOException("spool: no space left on device (a fake failure)");
        }
        SignedAck signed = sign(answer, got.sha256());
        if (signed.ack().feedId() != null) {
            kept.put(signed.ack().feedId(), new Kept(agency, signed));
        }
        lastAck = signed;
        return signed;
    }

    @Override
    public Optional<FeedStatus> status(String agency, String feedId) {
        lookups.add(agency + " " + feedId);
        return Optional.ofNullable(kept.get(feedId)).filter(k -> k.agency().equals(agency))
                .map(k -> new FeedStatus(feedId, agency, "RECEIVED", k.received().ack().at(),
                        k.received().ack().counts(), List.of()));
    }

    @Override
    public Optional<SignedAck> ack(String agency, String feedId, Ack.Stage stage) {
        lookups.add(agency + " " + feedId + " " + stage);
        return Optional.ofNullable(kept.get(feedId)).filter(k -> k.agency().equals(agency))
                .filter(k -> stage == Ack.Stage.RECEIVED).map(Kept::received);
    }

    private SignedAck sign(Answer answer, String feedSha256) {
        String feedId = "api-feed-" + feeds.incrementAndGet();
        Ack ack = switch (answer.status()) {
            // As the pipeline answers a feed refused as a whole: one rejection, no feed id.
            case REJECTED -> new Ack(Ack.TYPE, Ack.VERSION, feedId + ".RECEIVED", null, feedSha256,
                    Ack.Stage.RECEIVED, Ack.Status.REJECTED, WireJson.now(clock), new Ack.Counts(0, 0, 0, 0),
                    List.of(new Ack.Rejection(null, null, answer.code(), "refused by the fake")), List.of());
            case PARTIAL -> new Ack(Ack.TYPE, Ack.VERSION, feedId + ".RECEIVED", feedId, feedSha256,
                    Ack.Stage.RECEIVED, Ack.Status.PARTIAL, WireJson.now(clock), new Ack.Counts(3, 2, 1, 0),
                    List.of(new Ack.Rejection(3L, "1003", RejectionCode.RECORD_INVALID, "refused by the fake")),
                    List.of());
            case ACCEPTED -> new Ack(Ack.TYPE, Ack.VERSION, feedId + ".RECEIVED", feedId, feedSha256,
                    Ack.Stage.RECEIVED, Ack.Status.ACCEPTED, WireJson.now(clock), new Ack.Counts(3, 3, 0, 0),
                    List.of(), List.of());
        };
        return new SignedAck(ack, signer.sign(ack));
    }
}
