package org.tipgate.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;
import org.tipgate.testing.FuzzSupport;

/**
 * Fuzzes {@link CanonicalJson#parse} (docs/fuzzing.md): whatever bytes come in, it returns a value
 * or refuses with a {@link ProofException}, and what it returns the canonical form can write, and
 * reads back as the same value. An exported audit log and its proofs are read from outside.
 */
class CanonicalJsonFuzzTests {

    @FuzzTest(maxDuration = "30s")
    void whatParseAcceptsEncodeWritesAndParseReadsBack(byte[] json) throws ProofException {
        FuzzSupport.Outcome<Object> parsed = FuzzSupport.attempt(() -> CanonicalJson.parse(json), ProofException.class);
        if (!parsed.accepted()) {
            assertThat(CanonicalJson.isCanonical(json)).isFalse();
            return;
        }
        byte[] canonical = CanonicalJson.encode(parsed.value());

        assertThat(CanonicalJson.parse(canonical)).isEqualTo(parsed.value());
        assertThat(CanonicalJson.isCanonical(canonical)).isTrue();
        assertThat(CanonicalJson.isCanonical(json)).isEqualTo(Arrays.equals(json, canonical));
    }
}
