-- The tamper-evident audit trail (docs/audit.md).
--
-- An event row is inserted in the transaction that makes the change it describes; it then has an
-- insertion id but no place in the log yet. The sequencer (one at a time, under the audit_head row
-- lock) gives committed events their gapless sequence number, in the order it finds them, and
-- stores the RFC 6962 leaf hash of each event's canonical encoding and every completed subtree
-- hash. Checkpoints sign a tree size and its root.

ALTER TABLE events RENAME COLUMN seq TO id;
ALTER TABLE events ADD COLUMN seq BIGINT;
ALTER TABLE events ADD COLUMN leaf_hash BYTEA;
CREATE UNIQUE INDEX events_seq ON events (seq);
-- The intake an event is about (its detail's intakeId), so that a feed's custody includes the
-- FEED_RECEIVED event appended before the feed's id was known.
ALTER TABLE events ADD COLUMN intake_id VARCHAR(64);

-- One index per query filter, each ending in seq so that a filtered page is read in log order.
DROP INDEX events_feed;
DROP INDEX events_type;
CREATE INDEX events_tip_seq ON events (tip_id, seq);
CREATE INDEX events_feed_seq ON events (feed_id, seq);
CREATE INDEX events_package_seq ON events (package_id, seq);
CREATE INDEX events_type_seq ON events (type, seq);
CREATE INDEX events_outcome_seq ON events (outcome, seq);
CREATE INDEX events_actor_seq ON events (actor, seq);
CREATE INDEX events_recipient_seq ON events (recipient, seq);
CREATE INDEX events_intake_seq ON events (intake_id, seq);
CREATE INDEX events_at ON events (at);

-- Hashes of the perfect subtrees of height 1 and more: node (height, idx) covers the leaves
-- [idx * 2^height, (idx + 1) * 2^height). Leaf hashes (height 0) are in events.leaf_hash, and
-- here only for events archived out of the events table.
CREATE TABLE audit_nodes (
    height      INTEGER      NOT NULL,
    idx         BIGINT       NOT NULL,
    hash        BYTEA        NOT NULL,
    CONSTRAINT audit_nodes_pk PRIMARY KEY (height, idx)
);

-- The one row the sequencer locks: how many events the log holds, and its root hash.
CREATE TABLE audit_head (
    id          INTEGER      NOT NULL,
    tree_size   BIGINT       NOT NULL,
    root_hash   BYTEA,
    updated_at  TIMESTAMP WITH TIME ZONE,
    archived    BIGINT       NOT NULL,
    CONSTRAINT audit_head_pk PRIMARY KEY (id),
    CONSTRAINT audit_head_one CHECK (id = 1)
);
INSERT INTO audit_head (id, tree_size, archived) VALUES (1, 0, 0);

-- Signed checkpoints: the CMS SignedData (by the gateway) whose content is the checkpoint's
-- canonical JSON.
CREATE TABLE audit_checkpoints (
    tree_size   BIGINT       NOT NULL,
    root_hash   BYTEA        NOT NULL,
    signed_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    signed      BYTEA        NOT NULL,
    CONSTRAINT audit_checkpoints_pk PRIMARY KEY (tree_size)
);

-- The directory and key fingerprints the gateway last ran with, for DIRECTORY_CHANGED and KEY_CHANGED.
CREATE TABLE audit_settings (
    name        VARCHAR(64)  NOT NULL,
    setting_value VARCHAR(4000) NOT NULL,
    CONSTRAINT audit_settings_pk PRIMARY KEY (name)
);
