package org.tipgate.audit;

import java.util.List;

/** The proofs the audit trail serves (docs/audit.md). Hashes are 32 bytes each. */
public final class Proofs {

    private Proofs() {
    }

    /** That the event at {@code seq}, whose leaf hash is {@code leafHash}, is in the tree of {@code treeSize}. */
    public record Inclusion(long seq, long treeSize, byte[] leafHash, List<byte[]> path) {
        public Inclusion {
            path = List.copyOf(path);
        }

        public void verify(byte[] root) throws ProofException {
            Merkle.verifyInclusion(seq, treeSize, leafHash, path, root);
        }
    }

    /** That the tree of size {@code to} extends the tree of size {@code from}. */
    public record Consistency(long from, long to, List<byte[]> path) {
        public Consistency {
            path = List.copyOf(path);
        }

        public void verify(byte[] fromRoot, byte[] toRoot) throws ProofException {
            Merkle.verifyConsistency(from, to, fromRoot, toRoot, path);
        }
    }
}
