-- The pipeline's state: what was taken in, what it became, what went where. Every state change of
-- the pipeline is one transaction over these tables, so that after a crash the gateway resumes
-- from here with nothing lost and nothing sent twice. Only SQL that H2 and PostgreSQL both
-- understand is used.

-- Every file or request taken in, accepted or not. The intake id is the evidence spool's id.
CREATE TABLE intakes (
    intake_id         VARCHAR(64)  NOT NULL,
    agency            VARCHAR(64)  NOT NULL,
    channel           VARCHAR(16)  NOT NULL,
    source_name       VARCHAR(255),
    feed_sha256       CHAR(64)     NOT NULL,
    bytes             BIGINT       NOT NULL,
    received_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    -- SPOOLED (kept, not yet judged), RECEIVED (verified; the feed row exists), REJECTED
    state             VARCHAR(16)  NOT NULL,
    feed_id           VARCHAR(128),
    rejection_code    VARCHAR(32),
    rejection_reason  VARCHAR(2000),
    CONSTRAINT intakes_pk PRIMARY KEY (intake_id)
);
CREATE INDEX intakes_state ON intakes (state);
CREATE INDEX intakes_source ON intakes (agency, source_name, feed_sha256);

-- A feed's progress after verification: RECEIVED (RECEIVED ack signed), PACKAGED (its packages
-- are in the outbox), DELIVERED (DELIVERED ack signed).
ALTER TABLE feeds ADD COLUMN intake_id VARCHAR(64);
ALTER TABLE feeds ADD COLUMN state VARCHAR(16) DEFAULT 'RECEIVED' NOT NULL;
ALTER TABLE feeds ADD COLUMN signer_cert_sha256 CHAR(64);
ALTER TABLE feeds ADD COLUMN verified_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE feeds ADD COLUMN records BIGINT DEFAULT 0 NOT NULL;
ALTER TABLE feeds ADD COLUMN accepted BIGINT DEFAULT 0 NOT NULL;
ALTER TABLE feeds ADD COLUMN rejected BIGINT DEFAULT 0 NOT NULL;
ALTER TABLE feeds ADD COLUMN quarantined BIGINT DEFAULT 0 NOT NULL;
CREATE INDEX feeds_state ON feeds (state);

-- Records refused after the RECEIVED ack: UNROUTABLE (quarantined for the national desk; the
-- record itself stays in the evidence spool at this line) and DUPLICATE_TIP (already delivered to
-- every recipient it routes to).
CREATE TABLE record_outcomes (
    feed_id   VARCHAR(128)  NOT NULL,
    line      BIGINT        NOT NULL,
    tip_id    VARCHAR(64)   NOT NULL,
    code      VARCHAR(32)   NOT NULL,
    reason    VARCHAR(2000) NOT NULL,
    CONSTRAINT record_outcomes_pk PRIMARY KEY (feed_id, line)
);

-- The outbox: one package per recipient per feed, already encrypted for its recipient.
-- PENDING (due at next_attempt_at; a node holds it while lease_until is in the future),
-- DELIVERED, DEAD (retries exhausted or refused for good; an operator may retry it).
CREATE TABLE packages (
    package_id       VARCHAR(200) NOT NULL,
    feed_id          VARCHAR(128) NOT NULL,
    recipient        VARCHAR(64)  NOT NULL,
    records          BIGINT       NOT NULL,
    package_sha256   CHAR(64)     NOT NULL,
    bytes            BIGINT       NOT NULL,
    file_name        VARCHAR(255) NOT NULL,
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    state            VARCHAR(16)  NOT NULL,
    attempts         INT          NOT NULL,
    next_attempt_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    lease_until      TIMESTAMP WITH TIME ZONE,
    last_error       VARCHAR(2000),
    endpoint         VARCHAR(255),
    delivered_at     TIMESTAMP WITH TIME ZONE,
    receipt_sha256   CHAR(64),
    CONSTRAINT packages_pk PRIMARY KEY (package_id),
    CONSTRAINT packages_feed_recipient UNIQUE (feed_id, recipient)
);
CREATE INDEX packages_due ON packages (state, next_attempt_at);

-- Which tip went to which recipient in which package. The key makes "a tip already delivered to a
-- recipient is not delivered again" a property of the database.
CREATE TABLE tip_deliveries (
    recipient   VARCHAR(64)  NOT NULL,
    tip_id      VARCHAR(64)  NOT NULL,
    package_id  VARCHAR(200) NOT NULL,
    feed_id     VARCHAR(128) NOT NULL,
    line        BIGINT       NOT NULL,
    CONSTRAINT tip_deliveries_pk PRIMARY KEY (recipient, tip_id)
);
CREATE INDEX tip_deliveries_package ON tip_deliveries (package_id);
CREATE INDEX tip_deliveries_tip ON tip_deliveries (tip_id);

-- Every ack signed, kept as signed. written_at: when it was put in the sender's SFTP acks/.
CREATE TABLE acks (
    ack_id      VARCHAR(160) NOT NULL,
    intake_id   VARCHAR(64)  NOT NULL,
    feed_id     VARCHAR(128),
    agency      VARCHAR(64)  NOT NULL,
    channel     VARCHAR(16)  NOT NULL,
    stage       VARCHAR(16)  NOT NULL,
    status      VARCHAR(16)  NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    written_at  TIMESTAMP WITH TIME ZONE,
    signed      BYTEA        NOT NULL,
    CONSTRAINT acks_pk PRIMARY KEY (ack_id)
);
CREATE INDEX acks_feed ON acks (feed_id, stage);
CREATE INDEX acks_unwritten ON acks (written_at);

-- Receipts from recipients, verified against the recipient's own certificate: proof of receipt.
CREATE TABLE receipts (
    receipt_sha256  CHAR(64)     NOT NULL,
    package_id      VARCHAR(200) NOT NULL,
    recipient       VARCHAR(64)  NOT NULL,
    received_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    recorded_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    channel         VARCHAR(16)  NOT NULL,
    signed          BYTEA        NOT NULL,
    CONSTRAINT receipts_pk PRIMARY KEY (receipt_sha256)
);
CREATE INDEX receipts_package ON receipts (package_id);

-- Audit-ready events, written in the same transaction as the state change they describe. The
-- tamper-evident trail (Merkle tree, checkpoints) is built over these by the audit module.
CREATE TABLE events (
    seq         BIGINT GENERATED BY DEFAULT AS IDENTITY,
    at          TIMESTAMP WITH TIME ZONE NOT NULL,
    type        VARCHAR(64)  NOT NULL,
    actor       VARCHAR(64)  NOT NULL,
    feed_id     VARCHAR(128),
    tip_id      VARCHAR(64),
    package_id  VARCHAR(200),
    recipient   VARCHAR(64),
    outcome     VARCHAR(32)  NOT NULL,
    detail      VARCHAR(4000) NOT NULL,
    CONSTRAINT events_pk PRIMARY KEY (seq)
);
CREATE INDEX events_feed ON events (feed_id);
CREATE INDEX events_type ON events (type);
