package org.tipgate.audit;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import org.tipgate.crypto.Digests;

/**
 * The Merkle tree of RFC 6962 / RFC 9162 section 2.1 with SHA-256: leaf {@code H(0x00||leaf)},
 * node {@code H(0x01||left||right)}, the empty tree {@code H()}. Proofs are produced from the
 * hashes of perfect subtrees ({@link Nodes}) and checked with the algorithms of RFC 9162 sections
 * 2.1.3.2 and 2.1.4.2, which refuse a proof one hash too long or too short.
 */
public final class Merkle {

    public static final int HASH_BYTES = 32;

    private Merkle() {
    }

    /**
     * The hash of the perfect subtree of height {@code height} whose leftmost leaf is
     * {@code index * 2^height}; height 0 is a leaf hash.
     */
    @FunctionalInterface
    public interface Nodes {
        byte[] node(int height, long index);
    }

    /** Receives the perfect subtrees of height 1 and more that an append completes. */
    @FunctionalInterface
    public interface CompletedNodes {
        void completed(int height, long index, byte[] hash);
    }

    public static byte[] leafHash(byte[] leaf) {
        MessageDigest sha256 = Digests.sha256();
        sha256.update((byte) 0x00);
        return sha256.digest(leaf);
    }

    public static byte[] nodeHash(byte[] left, byte[] right) {
        MessageDigest sha256 = Digests.sha256();
        sha256.update((byte) 0x01);
        sha256.update(left);
        return sha256.digest(right);
    }

    public static byte[] emptyRoot() {
        return Digests.sha256().digest();
    }

    /** MTH(D[0:size]). */
    public static byte[] root(long size, Nodes nodes) {
        return size == 0 ? emptyRoot() : subtree(0, size, nodes);
    }

    /** The root of a tree over the given leaf hashes, in memory (for tools and tests). */
    public static byte[] root(List<byte[]> leafHashes) {
        Frontier frontier = Frontier.empty();
        for (byte[] leaf : leafHashes) {
            frontier.append(leaf, (h, i, hash) -> { });
        }
        return frontier.root();
    }

    /** MTH(D[start:start+size]), from the fewest stored nodes. */
    static byte[] subtree(long start, long size, Nodes nodes) {
        if (size == 1) {
            return nodes.node(0, start);
        }
        if (Long.bitCount(size) == 1 && start % size == 0) {
            return nodes.node(Long.numberOfTrailingZeros(size), start / size);
        }
        long k = splitPoint(size);
        return nodeHash(subtree(start, k, nodes), subtree(start + k, size - k, nodes));
    }

    /** The largest power of two smaller than {@code n} (n at least 2). */
    static long splitPoint(long n) {
        return Long.highestOneBit(n - 1);
    }

    /** PATH(index, D[0:size]) of RFC 9162 section 2.1.3.1: the audit path, leaf level first. */
    public static List<byte[]> inclusionProof(long index, long size, Nodes nodes) {
        if (index < 0 || index >= size) {
            throw new IllegalArgumentException("leaf " + index + " is not in a tree of size " + size);
        }
        List<byte[]> proof = new ArrayList<>();
        path(index, 0, size, nodes, proof);
        return proof;
    }

    private static void path(long m, long start, long n, Nodes nodes, List<byte[]> proof) {
        if (n == 1) {
            return;
        }
        long k = splitPoint(n);
        if (m < k) {
            path(m, start, k, nodes, proof);
            proof.add(subtree(start + k, n - k, nodes));
        } else {
            path(m - k, start + k, n - k, nodes, proof);
            proof.add(subtree(start, k, nodes));
        }
    }

    /** PROOF(from, D[0:to]) of RFC 9162 section 2.1.4.1; empty when the sizes are equal. */
    public static List<byte[]> consistencyProof(long from, long to, Nodes nodes) {
        if (from < 1 || from > to) {
            throw new IllegalArgumentException("no consistency proof from size " + from + " to size " + to);
        }
        List<byte[]> proof = new ArrayList<>();
        if (from < to) {
            subproof(from, 0, to, true, nodes, proof);
        }
        return proof;
    }

    private static void subproof(long m, long start, long n, boolean whole, Nodes nodes, List<byte[]> proof) {
        if (m == n) {
            if (!whole) {
                proof.add(subtree(start, n, nodes));
            }
            return;
        }
        long k = splitPoint(n);
        if (m <= k) {
            subproof(m, start, k, whole, nodes, proof);
            proof.add(subtree(start + k, n - k, nodes));
        } else {
            subproof(m - k, start + k, n - k, false, nodes, proof);
            proof.add(subtree(start, k, nodes));
        }
    }

    /** RFC 9162 section 2.1.3.2. */
    public static void verifyInclusion(long index, long size, byte[] leafHash, List<byte[]> proof, byte[] root)
            throws ProofException {
        if (index < 0 || index >= size) {
            throw new ProofException("leaf " + index + " is not in a tree of size " + size);
        }
        checkHashes(proof);
        long fn = index;
        long sn = size - 1;
        byte[] r = leafHash;
        for (byte[] p : proof) {
            if (sn == 0) {
                throw new ProofException("the inclusion proof is longer than a tree of size " + size + " needs");
            }
            if ((fn & 1) == 1 || fn == sn) {
                r = nodeHash(p, r);
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>= 1;
                    sn >>= 1;
                }
            } else {
                r = nodeHash(r, p);
            }
            fn >>= 1;
            sn >>= 1;
        }
        if (sn != 0) {
            throw new ProofException("the inclusion proof is shorter than a tree of size " + size + " needs");
        }
        if (!MessageDigest.isEqual(r, root)) {
            throw new ProofException("the inclusion proof of leaf " + index + " does not lead to the root of size "
                    + size);
        }
    }

    /** RFC 9162 section 2.1.4.2. */
    public static void verifyConsistency(long from, long to, byte[] fromRoot, byte[] toRoot, List<byte[]> proof)
            throws ProofException {
        if (from < 1 || from > to) {
            throw new ProofException("no consistency between size " + from + " and size " + to);
        }
        checkHashes(proof);
        if (from == to) {
            if (!proof.isEmpty()) {
                throw new ProofException("a consistency proof between equal sizes must be empty");
            }
            if (!MessageDigest.isEqual(fromRoot, toRoot)) {
                throw new ProofException("two different roots for size " + from);
            }
            return;
        }
        if (proof.isEmpty()) {
            throw new ProofException("an empty consistency proof from size " + from + " to size " + to);
        }
        List<byte[]> path = proof;
        if (Long.bitCount(from) == 1) {
            path = new ArrayList<>(proof.size() + 1);
            path.add(fromRoot);
            path.addAll(proof);
        }
        long fn = from - 1;
        long sn = to - 1;
        while ((fn & 1) == 1) {
            fn >>= 1;
            sn >>= 1;
        }
        byte[] fr = path.get(0);
        byte[] sr = path.get(0);
        for (byte[] c : path.subList(1, path.size())) {
            if (sn == 0) {
                throw new ProofException("the consistency proof is longer than sizes " + from + " and " + to + " need");
            }
            if ((fn & 1) == 1 || fn == sn) {
                fr = nodeHash(c, fr);
                sr = nodeHash(c, sr);
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>= 1;
                    sn >>= 1;
                }
            } else {
                sr = nodeHash(sr, c);
            }
            fn >>= 1;
            sn >>= 1;
        }
        if (sn != 0) {
            throw new ProofException("the consistency proof is shorter than sizes " + from + " and " + to + " need");
        }
        if (!MessageDigest.isEqual(fr, fromRoot)) {
            throw new ProofException("the consistency proof does not lead to the root of size " + from);
        }
        if (!MessageDigest.isEqual(sr, toRoot)) {
            throw new ProofException("the consistency proof does not lead to the root of size " + to);
        }
    }

    private static void checkHashes(List<byte[]> proof) throws ProofException {
        for (byte[] h : proof) {
            if (h == null || h.length != HASH_BYTES) {
                throw new ProofException("a proof hash is " + (h == null ? "missing" : h.length + " bytes") + ", not "
                        + HASH_BYTES);
            }
        }
    }
}
