-- TipGate's state, one relational database (H2 embedded, PostgreSQL in production); the same
-- migrations serve both, so only SQL both understand is used here.

-- Every feed the gateway has taken in, whatever became of it. The primary key and the unique hash
-- make replay detection a property of the database: a second insert of the same feed id or the
-- same bytes fails, however many gateway nodes race to take it.
CREATE TABLE feeds (
    feed_id       VARCHAR(128) NOT NULL,
    feed_sha256   CHAR(64)     NOT NULL,
    sender        VARCHAR(64)  NOT NULL,
    channel       VARCHAR(16)  NOT NULL,
    received_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT feeds_pk PRIMARY KEY (feed_id),
    CONSTRAINT feeds_sha256_unique UNIQUE (feed_sha256)
);
