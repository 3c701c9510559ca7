package org.tipgate.audit;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The right edge of a growing tree: the roots of its perfect subtrees, largest first (one per
 * set bit of the size). Appending a leaf hash reports each perfect subtree it completes.
 */
public final class Frontier {

    private long size;
    private final List<byte[]> hashes;

    private Frontier(long size, List<byte[]> hashes) {
        if (hashes.size() != Long.bitCount(size)) {
            throw new IllegalArgumentException(hashes.size() + " edge hashes for a tree of size " + size);
        }
        for (byte[] hash : hashes) {
            if (hash == null || hash.length != Merkle.HASH_BYTES) {
                throw new IllegalArgumentException("an edge hash of " + (hash == null ? "no" : hash.length)
                        + " bytes");
            }
        }
        this.size = size;
        this.hashes = new ArrayList<>(hashes);
    }

    public static Frontier empty() {
        return new Frontier(0, List.of());
    }

    /** The edge of a tree of {@code size} leaves whose hashes are given as they were. */
    public static Frontier of(long size, List<byte[]> hashes) {
        return new Frontier(size, hashes);
    }

    /** The edge of the stored tree of {@code size} leaves. */
    public static Frontier load(long size, Merkle.Nodes nodes) {
        List<byte[]> hashes = new ArrayList<>();
        long start = 0;
        for (int height = 63; height >= 0; height--) {
            long width = 1L << height;
            if ((size & width) != 0) {
                hashes.add(nodes.node(height, start >> height));
                start += width;
            }
        }
        return new Frontier(size, hashes);
    }

    public long size() {
        return size;
    }

    /** The edge hashes, largest subtree first. */
    public List<byte[]> hashes() {
        return List.copyOf(hashes);
    }

    public void append(byte[] leafHash, Merkle.CompletedNodes completed) {
        if (leafHash.length != Merkle.HASH_BYTES) {
            throw new IllegalArgumentException("a leaf hash of " + leafHash.length + " bytes");
        }
        byte[] hash = leafHash;
        long newSize = size + 1;
        int height = 0;
        // Each trailing one bit of the old size is a subtree of that height that the new leaf completes.
        while (((size >> height) & 1) == 1) {
            byte[] left = hashes.remove(hashes.size() - 1);
            hash = Merkle.nodeHash(left, hash);
            height++;
            completed.completed(height, (newSize >> height) - 1, hash);
        }
        hashes.add(hash);
        size = newSize;
    }

    public byte[] root() {
        if (hashes.isEmpty()) {
            return Merkle.emptyRoot();
        }
        byte[] r = hashes.get(hashes.size() - 1);
        for (int i = hashes.size() - 2; i >= 0; i--) {
            r = Merkle.nodeHash(hashes.get(i), r);
        }
        return r;
    }

    @Override
    public String toString() {
        return "Frontier[size=" + size + ", root=" + HexFormat.of().formatHex(root()) + "]";
    }
}
