package org.tipgate.audit;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSSignedData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.transaction.support.TransactionTemplate;
import org.tipgate.crypto.CmsSigner;

/**
 * The gateway's signed checkpoints (docs/audit.md): one per tree size at most, signed with the
 * gateway's key and kept in {@code audit_checkpoints}.
 */
public final class Checkpoints {

    private static final Logger LOG = LoggerFactory.getLogger(Checkpoints.class);
    private static final String SELECT = "SELECT signed FROM audit_checkpoints";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final StoredTree tree;
    private final CmsSigner gateway;
    private final String origin;
    private final Clock clock;

    public Checkpoints(JdbcTemplate jdbc, TransactionTemplate tx, CmsSigner gateway, String origin, Clock clock) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.tree = new StoredTree(jdbc);
        this.gateway = gateway;
        this.origin = origin;
        this.clock = clock;
    }

    /** Checkpoints as stored, for tools that read them and cannot sign (the CLI). */
    public static Checkpoints readOnly(JdbcTemplate jdbc) {
        return new Checkpoints(jdbc, null, null, null, Clock.systemUTC());
    }

    /**
     * The checkpoint of the log as it stands: the one already signed for its size, or a new one.
     * Empty while the log is.
     *
     * <p>It reads the head without taking its lock: a committed (size, root) pair is the log at
     * that size for good, since the log only grows, so a checkpoint of it is true whenever it is
     * signed. Taking the lock made the checkpoint timer wait behind the sequencer's batches, and
     * both time out on H2's lock timeout when a restart left a long backlog to sequence. Two
     * signers of one size (two nodes) meet at the primary key: the second takes the first's.
     */
    public synchronized Optional<SignedCheckpoint> signCurrent() {
        if (gateway == null) {
            throw new IllegalStateException("only the running gateway signs checkpoints");
        }
        StoredTree.Head head = tree.head();
        if (head.size() == 0) {
            return Optional.empty();
        }
        Optional<SignedCheckpoint> existing = at(head.size());
        if (existing.isPresent()) {
            return existing;
        }
        SignedCheckpoint signed = SignedCheckpoint.sign(
                new Checkpoint(origin, head.size(), head.root(), clock.instant()), gateway);
        try {
            tx.executeWithoutResult(status -> jdbc.update(
                    "INSERT INTO audit_checkpoints (tree_size, root_hash, signed_at, signed) VALUES (?, ?, ?, ?)",
                    head.size(), head.root(), Timestamp.from(signed.checkpoint().time()), signed.signed()));
        } catch (DuplicateKeyException signedElsewhere) {
            return at(head.size());
        }
        LOG.info("audit checkpoint signed: {} events, root {}", head.size(),
                Base64.getEncoder().encodeToString(head.root()));
        return Optional.of(signed);
    }

    public Optional<SignedCheckpoint> latest() {
        return jdbc.query(SELECT + " ORDER BY tree_size DESC LIMIT 1", READ).stream().findFirst();
    }

    public Optional<SignedCheckpoint> at(long treeSize) {
        return jdbc.query(SELECT + " WHERE tree_size = ?", READ, treeSize).stream().findFirst();
    }

    /** The checkpoints of sizes {@code fromExclusive < size <= toInclusive}, smallest first. */
    public List<SignedCheckpoint> between(long fromExclusive, long toInclusive) {
        return jdbc.query(SELECT + " WHERE tree_size > ? AND tree_size <= ? ORDER BY tree_size", READ,
                fromExclusive, toInclusive);
    }

    /** A checkpoint as the gateway stored it: its own signature is not checked again here. */
    private static final RowMapper<SignedCheckpoint> READ = (rs, row) -> {
        byte[] signed = rs.getBytes(1);
        try {
            byte[] content = (byte[]) new CMSSignedData(signed).getSignedContent().getContent();
            return new SignedCheckpoint(Checkpoint.parse(content), signed);
        } catch (CMSException | ProofException | RuntimeException e) {
            throw new IllegalStateException("a stored audit checkpoint cannot be read: " + e.getMessage(), e);
        }
    };
}
