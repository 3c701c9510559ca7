package org.tipgate.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tipgate.audit.MerkleTests.LEAVES;
import static org.tipgate.audit.MerkleTests.mth;
import static org.tipgate.audit.MerkleTests.nodes;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Broken proofs, after Certificate Transparency's and Trillian's verifier tests: every way a valid
 * inclusion or consistency proof can be altered is refused, over trees of many shapes.
 *
 * <p>A tree size is only meaningful with its root: RFC 9162 verification takes the pair as given,
 * and some proofs also fit a neighbouring size under the same root. So a wrong size is probed with
 * the root of that size, as it would come from a signed checkpoint (TipGate never takes a size
 * and a root from different places).
 */
class ProofMutationTests {

    static final int[] SIZES = IntStream.concat(IntStream.rangeClosed(1, 33),
            IntStream.of(63, 64, 65, 100, 127, 128, 129)).toArray();
    static final byte[] SOME_HASH = MerkleTests.sha256("some hash".getBytes());

    static byte[] root(int size) {
        return mth(LEAVES.subList(0, size));
    }

    /** A described alteration that must be refused. */
    record Probe(String what, Check check) {
    }

    @FunctionalInterface
    interface Check {
        void run() throws ProofException;
    }

    static List<String> accepted(List<Probe> probes) {
        List<String> accepted = new ArrayList<>();
        for (Probe probe : probes) {
            try {
                probe.check().run();
                accepted.add(probe.what());
            } catch (ProofException expected) {
                // refused
            }
        }
        return accepted;
    }

    /** Each proof hash altered, removed, duplicated, swapped with the next, cut or grown by a byte; hashes added. */
    /** Every leaf (or size) of a small tree; in a large one, the ends, the middle and a stride. */
    static int[] leavesToProbe(int n) {
        if (n <= 33) {
            return IntStream.range(0, n).toArray();
        }
        return IntStream.concat(IntStream.of(0, 1, 2, n / 2, n - 2, n - 1), IntStream.range(0, n).filter(i -> i % 11 == 5))
                .distinct().toArray();
    }

    /** Every other leaf (or size) of a small tree; in a large one, the neighbours, the ends and a stride. */
    static int[] others(int m, int n) {
        if (n <= 33) {
            return IntStream.range(0, n).toArray();
        }
        return IntStream.concat(IntStream.of(0, 1, m - 1, m + 1, m ^ 1, m ^ 2, n - 2, n - 1),
                IntStream.range(0, n).filter(i -> i % 7 == m % 7)).filter(i -> i >= 0 && i < n).distinct().toArray();
    }

    static List<List<byte[]>> alteredProofs(List<byte[]> proof, List<byte[]> extraHashes) {
        List<List<byte[]>> altered = new ArrayList<>();
        for (int i = 0; i < proof.size(); i++) {
            for (int bit : new int[] {0, 7, 255}) {
                List<byte[]> flipped = copy(proof);
                byte[] hash = flipped.get(i).clone();
                hash[bit / 8] ^= (byte) (1 << (bit % 8));
                flipped.set(i, hash);
                altered.add(flipped);
            }
            List<byte[]> removed = copy(proof);
            removed.remove(i);
            altered.add(removed);
            List<byte[]> duplicated = copy(proof);
            duplicated.add(i, proof.get(i));
            altered.add(duplicated);
            if (i + 1 < proof.size()) {
                List<byte[]> swapped = copy(proof);
                Collections.swap(swapped, i, i + 1);
                altered.add(swapped);
            }
            List<byte[]> short31 = copy(proof);
            short31.set(i, Arrays.copyOf(proof.get(i), 31));
            altered.add(short31);
            List<byte[]> long33 = copy(proof);
            long33.set(i, Arrays.copyOf(proof.get(i), 33));
            altered.add(long33);
        }
        for (byte[] extra : extraHashes) {
            List<byte[]> appended = copy(proof);
            appended.add(extra);
            altered.add(appended);
            List<byte[]> prepended = copy(proof);
            prepended.add(0, extra);
            altered.add(prepended);
        }
        return altered;
    }

    static List<byte[]> copy(List<byte[]> proof) {
        return new ArrayList<>(proof);
    }

    @Test
    void everyAlteredInclusionProofIsRefused() throws ProofException {
        for (int n : SIZES) {
            byte[] root = root(n);
            List<List<byte[]>> proofs = new ArrayList<>();
            for (int m = 0; m < n; m++) {
                proofs.add(Merkle.inclusionProof(m, n, nodes(LEAVES, n)));
            }
            for (int m : leavesToProbe(n)) {
                final int index = m;
                List<byte[]> proof = proofs.get(m);
                byte[] leaf = LEAVES.get(m);
                Merkle.verifyInclusion(m, n, leaf, proof, root);
                List<Probe> probes = new ArrayList<>();
                for (List<byte[]> altered : alteredProofs(proof, List.of(root, SOME_HASH, leaf, new byte[0]))) {
                    probes.add(new Probe("altered proof", () -> Merkle.verifyInclusion(index, n, leaf, altered, root)));
                }
                for (int other : others(m, n)) {
                    final int o = other;
                    if (other != m) {
                        probes.add(new Probe("the proof of leaf " + other,
                                () -> Merkle.verifyInclusion(index, n, leaf, proofs.get(o), root)));
                        probes.add(new Probe("the right proof at index " + other,
                                () -> Merkle.verifyInclusion(o, n, leaf, proof, root)));
                        probes.add(new Probe("another leaf with this proof",
                                () -> Merkle.verifyInclusion(index, n, LEAVES.get(o), proof, root)));
                    }
                }
                probes.add(new Probe("index -1", () -> Merkle.verifyInclusion(-1, n, leaf, proof, root)));
                probes.add(new Probe("index = size", () -> Merkle.verifyInclusion(n, n, leaf, proof, root)));
                probes.add(new Probe("size + 1", () -> Merkle.verifyInclusion(index, n + 1, leaf, proof, root(n + 1))));
                if (m < n - 1) {
                    probes.add(new Probe("size - 1", () -> Merkle.verifyInclusion(index, n - 1, leaf, proof,
                            root(n - 1))));
                }
                probes.add(new Probe("size * 2", () -> Merkle.verifyInclusion(index, 2L * n, leaf, proof, root)));
                if (m < n / 2) {
                    probes.add(new Probe("size / 2", () -> Merkle.verifyInclusion(index, n / 2, leaf, proof, root)));
                }
                probes.add(new Probe("a wrong root", () -> Merkle.verifyInclusion(index, n, leaf, proof, SOME_HASH)));
                probes.add(new Probe("the empty root",
                        () -> Merkle.verifyInclusion(index, n, leaf, proof, Merkle.emptyRoot())));
                probes.add(new Probe("a 31-byte root", () -> Merkle.verifyInclusion(index, n, leaf, proof,
                        Arrays.copyOf(root, 31))));
                probes.add(new Probe("a 33-byte leaf", () -> Merkle.verifyInclusion(index, n, Arrays.copyOf(leaf, 33),
                        proof, root)));
                if (n > 1) {
                    probes.add(new Probe("the root of the size before",
                            () -> Merkle.verifyInclusion(index, n, leaf, proof, root(n - 1))));
                }
                assertThat(accepted(probes)).as("leaf %d of size %d", m, n).isEmpty();
            }
        }
    }

    @Test
    void everyAlteredConsistencyProofIsRefused() throws ProofException {
        for (int n : SIZES) {
            byte[] root2 = root(n);
            List<List<byte[]>> proofs = new ArrayList<>();
            proofs.add(null);
            for (int m = 1; m <= n; m++) {
                proofs.add(Merkle.consistencyProof(m, n, nodes(LEAVES, n)));
            }
            for (int m : leavesToProbe(n)) {
                if (m == 0) {
                    continue;
                }
                final int from = m;
                List<byte[]> proof = proofs.get(m);
                byte[] root1 = root(m);
                Merkle.verifyConsistency(m, n, root1, root2, proof);
                List<Probe> probes = new ArrayList<>();
                for (List<byte[]> altered : alteredProofs(proof, List.of(root1, root2, SOME_HASH, new byte[0]))) {
                    probes.add(new Probe("altered proof", () -> Merkle.verifyConsistency(from, n, root1, root2, altered)));
                }
                probes.add(new Probe("an empty proof", () -> Merkle.verifyConsistency(from, n, root1, root2, List.of())));
                for (int other : others(m, n)) {
                    final int o = other;
                    if (other != m && other > 0) {
                        probes.add(new Probe("the proof from size " + other,
                                () -> Merkle.verifyConsistency(from, n, root1, root2, proofs.get(o))));
                        probes.add(new Probe("the right proof from size " + other + " with its root",
                                () -> Merkle.verifyConsistency(o, n, root(o), root2, proof)));
                    }
                }
                probes.add(new Probe("first size - 1", () -> Merkle.verifyConsistency(from - 1, n,
                        from > 1 ? root(from - 1) : Merkle.emptyRoot(), root2, proof)));
                probes.add(new Probe("first size + 1", () -> Merkle.verifyConsistency(from + 1, n, root(from + 1), root2,
                        proof)));
                probes.add(new Probe("second size + 1", () -> Merkle.verifyConsistency(from, n + 1, root1, root(n + 1),
                        proof)));
                if (m < n - 1) {
                    probes.add(new Probe("second size - 1", () -> Merkle.verifyConsistency(from, n - 1, root1,
                            root(n - 1), proof)));
                }
                probes.add(new Probe("second size * 2", () -> Merkle.verifyConsistency(from, 2L * n, root1, root2,
                        proof)));
                probes.add(new Probe("sizes swapped", () -> Merkle.verifyConsistency(n, from, root2, root1, proof)));
                probes.add(new Probe("first size 0", () -> Merkle.verifyConsistency(0, n, Merkle.emptyRoot(), root2,
                        proof)));
                probes.add(new Probe("a wrong first root", () -> Merkle.verifyConsistency(from, n, SOME_HASH, root2,
                        proof)));
                probes.add(new Probe("a wrong second root", () -> Merkle.verifyConsistency(from, n, root1, SOME_HASH,
                        proof)));
                probes.add(new Probe("roots swapped", () -> Merkle.verifyConsistency(from, n, root2, root1, proof)));
                probes.add(new Probe("a 31-byte first root", () -> Merkle.verifyConsistency(from, n,
                        Arrays.copyOf(root1, 31), root2, proof)));
                probes.add(new Probe("a 33-byte second root", () -> Merkle.verifyConsistency(from, n, root1,
                        Arrays.copyOf(root2, 33), proof)));
                assertThat(accepted(probes)).as("from %d to %d", m, n).isEmpty();
            }
        }
    }

    @Test
    void equalSizesNeedEqualRootsAndNoProof() throws ProofException {
        for (int n : SIZES) {
            byte[] root = root(n);
            Merkle.verifyConsistency(n, n, root, root, List.of());
            List<Probe> probes = List.of(
                    new Probe("different roots", () -> Merkle.verifyConsistency(n, n, root, SOME_HASH, List.of())),
                    new Probe("a proof", () -> Merkle.verifyConsistency(n, n, root, root, List.of(root))),
                    new Probe("size 0", () -> Merkle.verifyConsistency(0, 0, Merkle.emptyRoot(), Merkle.emptyRoot(),
                            List.of())));
            assertThat(accepted(probes)).as("size %d", n).isEmpty();
        }
    }
}
