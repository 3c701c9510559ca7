package org.tipgate.testing;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.tipgate.crypto.Pem;
import org.tipgate.crypto.VerificationPolicy;
import org.tipgate.format.RejectedException;
import org.tipgate.format.WireJson;

/**
 * What every fuzz harness (docs/fuzzing.md) asserts of a parser that takes outside bytes: it either
 * returns, or refuses with its own rejection exception, which carries a reason a sender or an
 * operator can act on. Anything else it throws (a NullPointerException, an index out of bounds, a
 * plain RuntimeException, an OutOfMemoryError or StackOverflowError) is left to propagate, and
 * Jazzer reports it as a finding with the input that caused it.
 */
public final class FuzzSupport {

    private FuzzSupport() {
    }

    /** A parse that may throw its rejection (a checked exception, usually). */
    @FunctionalInterface
    public interface Parse<T> {
        T run() throws Exception;
    }

    /** A parse's result: the value it returned (which may be null, e.g. JSON null), or its rejection. */
    public record Outcome<T>(boolean accepted, T value, Exception rejection) {

        /** The accepted value; fails the run if the parse refused. */
        public T value() {
            if (!accepted) {
                throw new AssertionError("expected the input to be accepted, but it was refused", rejection);
            }
            return value;
        }
    }

    /**
     * Runs {@code parse}; a rejection of type {@code rejection} (or a subtype) is an outcome, and must
     * say why (a message that is not blank; for a {@link RejectedException}, also a code). Any other
     * exception is rethrown as is, so that Jazzer reports it with its own stack trace.
     */
    public static <T> Outcome<T> attempt(Parse<T> parse, Class<? extends Exception> rejection) {
        try {
            return new Outcome<>(true, parse.run(), null);
        } catch (Exception e) {
            if (!rejection.isInstance(e)) {
                throw new AssertionError("refused with " + e.getClass().getName() + " rather than "
                        + rejection.getName() + ": " + e.getMessage(), e);
            }
            requireReason(e);
            return new Outcome<>(false, null, e);
        }
    }

    /** A rejection names its reason; one that does not is as useless to a sender as a crash. */
    public static void requireReason(Exception rejection) {
        String reason = rejection.getMessage();
        if (reason == null || reason.isBlank()) {
            throw new AssertionError("a rejection without a reason: " + rejection.getClass().getName(), rejection);
        }
        if (rejection instanceof RejectedException rejected && rejected.code() == null) {
            throw new AssertionError("a RejectedException without a RejectionCode: " + reason, rejection);
        }
    }

    /**
     * The bytes as a stream that hands them out in short reads of 1 to {@code maxChunk} bytes, the
     * lengths following {@code seed}: parsers that buffer must not care where a read ends (a line,
     * a UTF-8 sequence or a CRLF split across two reads).
     */
    public static InputStream trickle(byte[] bytes, int seed, int maxChunk) {
        Objects.checkIndex(maxChunk - 1, Integer.MAX_VALUE);
        return new ByteArrayInputStream(bytes) {
            private int state = seed;

            @Override
            public synchronized int read(byte[] b, int off, int len) {
                if (len == 0) {
                    return 0;
                }
                state = state * 1_103_515_245 + 12_345;
                int chunk = 1 + Math.floorMod(state >>> 16, maxChunk);
                return super.read(b, off, Math.min(len, chunk));
            }
        };
    }

    /** The documented example tip record ({@code src/test/resources/record/example-record.json}), a fresh copy. */
    public static ObjectNode exampleRecord() {
        try (InputStream in = FuzzSupport.class.getResourceAsStream("/record/example-record.json")) {
            return (ObjectNode) WireJson.mapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Every member and item of a document, at any depth: the places a harness that changes a valid
     * document in a few places picks from, so that most of what it makes is nearly valid.
     */
    public static List<JsonPointer> places(JsonNode document) {
        List<JsonPointer> places = new ArrayList<>();
        places(document, JsonPointer.empty(), places);
        return List.copyOf(places);
    }

    private static void places(JsonNode node, JsonPointer at, List<JsonPointer> places) {
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> member : node.properties()) {
                JsonPointer child = at.appendProperty(member.getKey());
                places.add(child);
                places(member.getValue(), child, places);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                JsonPointer child = at.appendIndex(i);
                places.add(child);
                places(node.get(i), child, places);
            }
        }
    }

    /**
     * Puts {@code value} at {@code at} in {@code document}, or under the member name {@code name}
     * beside it when {@code name} is not null; does nothing if an earlier change took the place
     * away (its parent is gone, or is no longer an object or an array that long).
     */
    public static void put(JsonNode document, JsonPointer at, String name, JsonNode value) {
        JsonNode parent = document.at(at.head());
        if (parent instanceof ObjectNode object) {
            object.set(name != null ? name : at.last().getMatchingProperty(), value);
        } else if (parent instanceof ArrayNode array && at.last().getMatchingIndex() >= 0
                && at.last().getMatchingIndex() < array.size()) {
            array.set(at.last().getMatchingIndex(), value);
        }
    }

    /** A certificate of the demo PKI in keys-example/, the signer of a harness's seeds. */
    public static X509Certificate demoCertificate(String id) {
        try {
            return Pem.readCertificate(Path.of("keys-example", id + ".crt.pem"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A private key of the demo PKI in keys-example/. */
    public static PrivateKey demoKey(String id) {
        try {
            return Pem.readPrivateKey(Path.of("keys-example", id + ".key.pem"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The demo CA and CRL as a document verifier trusts them, on {@code clock} (fixed, so seeds verify on every replay). */
    public static VerificationPolicy demoDocumentPolicy(Clock clock) {
        try {
            return VerificationPolicy.load(Path.of("keys-example/ca.crt.pem"),
                    Path.of("keys-example/ca.crl.pem"), false, clock);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
