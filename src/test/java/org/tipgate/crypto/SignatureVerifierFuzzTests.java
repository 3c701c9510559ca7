package org.tipgate.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.Set;
import org.tipgate.format.RejectedException;
import org.tipgate.format.RejectionCode;

/**
 * Any bytes given to the CMS signature verifier (DerInput, SignedDataReader, Bouncy Castle's
 * parser, the policy checks) end in a verified content or a rejection with one of the codes the
 * verifier documents and a reason, never another exception. The corpus holds feeds signed with the
 * demo keys of keys-example/ at {@link #SIGNED_AT} (valid, revoked, expired, EC, with chain) and
 * inputs the fuzzer found; the verifier's clock is fixed so that they verify on every replay.
 */
class SignatureVerifierFuzzTests {

    static final Instant SIGNED_AT = Instant.parse("2026-12-01T10:00:00Z");

    private static final Set<RejectionCode> VERIFIER_CODES = EnumSet.of(RejectionCode.MALFORMED_CMS,
            RejectionCode.TOO_LARGE, RejectionCode.SIGNATURE_INVALID, RejectionCode.ALGORITHM_REJECTED,
            RejectionCode.SIGNER_UNTRUSTED, RejectionCode.SIGNING_TIME_OUT_OF_WINDOW, RejectionCode.CERT_EXPIRED,
            RejectionCode.CERT_REVOKED);

    private static final SignatureVerifier VERIFIER = new SignatureVerifier(demoFeedPolicy());

    @FuzzTest
    void verifiesOrRejectsWithACode(byte[] input) throws IOException {
        ByteArrayOutputStream streamed = new ByteArrayOutputStream();
        VerifiedSignature signature;
        try {
            signature = VERIFIER.verify(new ByteArrayInputStream(input), in -> in.transferTo(streamed));
        } catch (RejectedException e) {
            assertThat(VERIFIER_CODES).contains(e.code());
            assertThat(e.reason()).isNotBlank();
            return;
        }
        assertThat(signature.cmsLength()).isEqualTo(input.length);
        assertThat(signature.contentLength()).isEqualTo(streamed.size());
        assertThat(signature.cmsSha256()).isEqualTo(Digests.sha256Hex(input));
        assertThat(signature.path()).isNotEmpty();
    }

    /** Feed policy over the demo CA and its CRL, at a fixed time just after the corpus was signed. */
    static VerificationPolicy demoFeedPolicy() {
        try {
            return VerificationPolicy.load(Path.of("keys-example/ca.crt.pem"), Path.of("keys-example/ca.crl.pem"), true,
                    Clock.fixed(SIGNED_AT.plusSeconds(60), ZoneOffset.UTC));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
