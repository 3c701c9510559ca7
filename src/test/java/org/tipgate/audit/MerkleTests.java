package org.tipgate.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * {@link Merkle} against a naive RFC 9162 section 2.1 written here over explicit leaf lists (MTH,
 * PATH, PROOF), for every tree size 1 to 130 and every leaf or pair of sizes, and against the
 * Certificate Transparency known answers.
 */
class MerkleTests {

    static final int MAX = 130;
    static final List<byte[]> LEAVES = leaves(MAX);

    // ---- the reference: RFC 9162 2.1.1 to 2.1.4.1, as written there, over leaf hashes ----

    static byte[] sha256(byte[]... parts) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (byte[] part : parts) {
                digest.update(part);
            }
            return digest.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] leaf(byte[] data) {
        return sha256(new byte[] {0x00}, data);
    }

    static byte[] node(byte[] left, byte[] right) {
        return sha256(new byte[] {0x01}, left, right);
    }

    static List<byte[]> leaves(int n) {
        List<byte[]> leaves = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            leaves.add(leaf(("leaf " + i).getBytes(StandardCharsets.UTF_8)));
        }
        return leaves;
    }

    /** The largest power of two smaller than n, found by counting rather than with bit tricks. */
    static int k(int n) {
        int k = 1;
        while (k * 2 < n) {
            k *= 2;
        }
        return k;
    }

    static byte[] mth(List<byte[]> d) {
        int n = d.size();
        if (n == 0) {
            return sha256();
        }
        if (n == 1) {
            return d.get(0);
        }
        // Remembered by first leaf, last leaf and size (the test leaves are all different), for speed only.
        String key = hex(d.get(0)) + n + hex(d.get(n - 1));
        byte[] known = MTH.get(key);
        if (known == null) {
            known = node(mth(d.subList(0, k(n))), mth(d.subList(k(n), n)));
            MTH.put(key, known);
        }
        return known;
    }

    private static final Map<String, byte[]> MTH = new ConcurrentHashMap<>();

    static List<byte[]> path(int m, List<byte[]> d) {
        int n = d.size();
        List<byte[]> proof = new ArrayList<>();
        if (n == 1) {
            return proof;
        }
        int k = k(n);
        if (m < k) {
            proof.addAll(path(m, d.subList(0, k)));
            proof.add(mth(d.subList(k, n)));
        } else {
            proof.addAll(path(m - k, d.subList(k, n)));
            proof.add(mth(d.subList(0, k)));
        }
        return proof;
    }

    static List<byte[]> proof(int m, List<byte[]> d) {
        return subproof(m, d, true);
    }

    static List<byte[]> subproof(int m, List<byte[]> d, boolean b) {
        int n = d.size();
        List<byte[]> proof = new ArrayList<>();
        if (m == n) {
            if (!b) {
                proof.add(mth(d));
            }
            return proof;
        }
        int k = k(n);
        if (m <= k) {
            proof.addAll(subproof(m, d.subList(0, k), b));
            proof.add(mth(d.subList(k, n)));
        } else {
            proof.addAll(subproof(m - k, d.subList(k, n), false));
            proof.add(mth(d.subList(0, k)));
        }
        return proof;
    }

    /**
     * The stored perfect subtrees of a tree of {@code size} leaves: asking for a node that is not
     * complete within it fails, so a proof for one size never depends on later leaves.
     */
    static Merkle.Nodes nodes(List<byte[]> leaves, long size) {
        return (height, index) -> {
            long start = index << height;
            long end = (index + 1) << height;
            if (height < 0 || index < 0 || end > size) {
                throw new AssertionError("node (" + height + ", " + index + ") is not a complete subtree of size " + size);
            }
            return mth(leaves.subList((int) start, (int) end));
        };
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    static List<String> hex(List<byte[]> hashes) {
        return hashes.stream().map(MerkleTests::hex).toList();
    }

    static byte[] unhex(String hex) {
        return HexFormat.of().parseHex(hex);
    }

    // ---- agreement with the reference ----

    @Test
    void theEmptyTreeIsTheHashOfNothing() {
        assertThat(hex(Merkle.emptyRoot())).isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assertThat(Merkle.root(0, (h, i) -> {
            throw new AssertionError("no node of an empty tree");
        })).isEqualTo(Merkle.emptyRoot());
        assertThat(Merkle.root(List.of())).isEqualTo(Merkle.emptyRoot());
    }

    @Test
    void leafAndNodeHashesAreDomainSeparated() {
        byte[] data = "x".getBytes(StandardCharsets.UTF_8);
        assertThat(Merkle.leafHash(data)).isEqualTo(leaf(data));
        assertThat(Merkle.nodeHash(LEAVES.get(0), LEAVES.get(1))).isEqualTo(node(LEAVES.get(0), LEAVES.get(1)));
        assertThat(Merkle.leafHash(data)).isNotEqualTo(sha256(data));
    }

    @Test
    void rootsAreThoseOfTheReferenceForEverySize() {
        for (int n = 1; n <= MAX; n++) {
            List<byte[]> d = LEAVES.subList(0, n);
            assertThat(Merkle.root(n, nodes(LEAVES, n))).as("size %d", n).isEqualTo(mth(d));
            assertThat(Merkle.root(d)).as("size %d", n).isEqualTo(mth(d));
        }
    }

    @Test
    void inclusionProofsAreThoseOfTheReferenceAndVerifyForEveryLeafOfEverySize() throws ProofException {
        for (int n = 1; n <= MAX; n++) {
            List<byte[]> d = LEAVES.subList(0, n);
            byte[] root = mth(d);
            for (int m = 0; m < n; m++) {
                List<byte[]> proof = Merkle.inclusionProof(m, n, nodes(LEAVES, n));
                assertThat(hex(proof)).as("PATH(%d, D[%d])", m, n).isEqualTo(hex(path(m, d)));
                Merkle.verifyInclusion(m, n, LEAVES.get(m), proof, root);
            }
        }
    }

    @Test
    void consistencyProofsAreThoseOfTheReferenceAndVerifyForEveryPairOfSizes() throws ProofException {
        for (int n = 1; n <= MAX; n++) {
            List<byte[]> d = LEAVES.subList(0, n);
            for (int m = 1; m <= n; m++) {
                List<byte[]> proof = Merkle.consistencyProof(m, n, nodes(LEAVES, n));
                assertThat(hex(proof)).as("PROOF(%d, D[%d])", m, n).isEqualTo(hex(proof(m, d)));
                Merkle.verifyConsistency(m, n, mth(LEAVES.subList(0, m)), mth(d), proof);
            }
        }
    }

    @Test
    void proofsOfLeavesOrSizesOutsideTheTreeAreNotMade() {
        Merkle.Nodes nodes = nodes(LEAVES, 5);
        assertThatThrownBy(() -> Merkle.inclusionProof(5, 5, nodes)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Merkle.inclusionProof(-1, 5, nodes)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Merkle.consistencyProof(0, 5, nodes)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Merkle.consistencyProof(6, 5, nodes)).isInstanceOf(IllegalArgumentException.class);
        assertThat(Merkle.consistencyProof(5, 5, nodes)).isEmpty();
    }

    // ---- Certificate Transparency / Trillian known answers (transparency-dev/merkle proof/verify_test.go) ----

    static final List<byte[]> CT_LEAVES = List.of(leaf(unhex("")), leaf(unhex("00")), leaf(unhex("10")),
            leaf(unhex("2021")), leaf(unhex("3031")), leaf(unhex("40414243")), leaf(unhex("5051525354555657")),
            leaf(unhex("606162636465666768696a6b6c6d6e6f")));

    static final List<String> CT_ROOTS = List.of(
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
            "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
            "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
            "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
            "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328");

    @Test
    void rootsAreTheCertificateTransparencyKnownAnswers() {
        for (int n = 1; n <= 8; n++) {
            assertThat(hex(Merkle.root(n, nodes(CT_LEAVES, n)))).as("size %d", n).isEqualTo(CT_ROOTS.get(n - 1));
            assertThat(hex(Merkle.root(CT_LEAVES.subList(0, n)))).as("size %d", n).isEqualTo(CT_ROOTS.get(n - 1));
        }
    }

    @Test
    void inclusionProofsAreTheCertificateTransparencyKnownAnswers() throws ProofException {
        record Vector(int index, int size, List<String> proof) {
        }
        List<Vector> vectors = List.of(
                new Vector(0, 8, List.of("96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                        "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4")),
                new Vector(5, 8, List.of("bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
                        "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7")),
                new Vector(2, 3, List.of("fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125")),
                new Vector(1, 5, List.of("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
                        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                        "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b")));
        for (Vector v : vectors) {
            List<byte[]> proof = Merkle.inclusionProof(v.index(), v.size(), nodes(CT_LEAVES, v.size()));
            assertThat(hex(proof)).as("leaf %d of %d", v.index(), v.size()).isEqualTo(v.proof());
            Merkle.verifyInclusion(v.index(), v.size(), CT_LEAVES.get(v.index()), proof,
                    unhex(CT_ROOTS.get(v.size() - 1)));
        }
    }

    @Test
    void consistencyProofsAreTheCertificateTransparencyKnownAnswers() throws ProofException {
        record Vector(int from, int to, List<String> proof) {
        }
        List<Vector> vectors = List.of(
                new Vector(1, 1, List.of()),
                new Vector(1, 8, List.of("96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                        "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4")),
                new Vector(6, 8, List.of("0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
                        "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7")),
                new Vector(2, 5, List.of("5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                        "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b")),
                new Vector(6, 7, List.of("0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
                        "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
                        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7")));
        for (Vector v : vectors) {
            List<byte[]> proof = Merkle.consistencyProof(v.from(), v.to(), nodes(CT_LEAVES, v.to()));
            assertThat(hex(proof)).as("%d to %d", v.from(), v.to()).isEqualTo(v.proof());
            Merkle.verifyConsistency(v.from(), v.to(), unhex(CT_ROOTS.get(v.from() - 1)), unhex(CT_ROOTS.get(v.to() - 1)),
                    proof);
        }
    }

    // ---- Frontier ----

    @Test
    void aFrontierGrownLeafByLeafHasTheRootAndEdgeOfEverySize() {
        Frontier frontier = Frontier.empty();
        assertThat(frontier.root()).isEqualTo(Merkle.emptyRoot());
        for (int n = 1; n <= MAX; n++) {
            frontier.append(LEAVES.get(n - 1), (h, i, hash) -> { });
            assertThat(frontier.size()).isEqualTo(n);
            assertThat(frontier.root()).as("size %d", n).isEqualTo(mth(LEAVES.subList(0, n)));
            assertThat(hex(frontier.hashes())).as("edge of size %d", n).isEqualTo(hex(edge(n)));
            assertThat(hex(Frontier.load(n, nodes(LEAVES, n)).hashes())).isEqualTo(hex(edge(n)));
            assertThat(Frontier.of(n, edge(n)).root()).isEqualTo(frontier.root());
        }
    }

    /** The roots of the perfect subtrees of the first n leaves, largest first, by the reference. */
    static List<byte[]> edge(int n) {
        List<byte[]> edge = new ArrayList<>();
        int start = 0;
        for (int width = Integer.highestOneBit(n); width > 0; width /= 2) {
            if ((n & width) != 0) {
                edge.add(mth(LEAVES.subList(start, start + width)));
                start += width;
            }
        }
        return edge;
    }

    @Test
    void eachAppendReportsExactlyThePerfectSubtreesItCompletes() {
        Frontier frontier = Frontier.empty();
        for (int n = 1; n <= MAX; n++) {
            List<String> reported = new ArrayList<>();
            frontier.append(LEAVES.get(n - 1), (h, i, hash) -> reported.add(h + "/" + i + "/" + hex(hash)));
            List<String> expected = new ArrayList<>();
            for (int h = 1; (1 << h) <= n; h++) {
                if (n % (1 << h) == 0) {
                    int index = n / (1 << h) - 1;
                    expected.add(h + "/" + index + "/" + hex(mth(LEAVES.subList(index << h, (index + 1) << h))));
                }
            }
            assertThat(reported).as("appending leaf %d", n - 1).isEqualTo(expected);
        }
    }

    @Test
    void aFrontierRefusesAnEdgeThatDoesNotFitItsSizeOrALeafThatIsNotAHash() {
        assertThatThrownBy(() -> Frontier.of(6, edge(7))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Frontier.of(0, edge(1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Frontier.empty().append(new byte[31], (h, i, hash) -> { }))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Frontier.of(3, List.of(edge(3).get(0), new byte[31])))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatCode(() -> Frontier.of(7, edge(7))).doesNotThrowAnyException();
    }
}
