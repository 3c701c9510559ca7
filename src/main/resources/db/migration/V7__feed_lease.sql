-- Packaging claims a verified feed under a lease, as delivery claims packages: the claim commits
-- at once, the feed's packages are signed and encrypted outside any transaction, and they are
-- recorded in a short transaction of its own that moves the feed on only if the lease is still the
-- one it took. lease_owner is the node (tipgate.node-id), so that a node restarted after a crash
-- takes back at once the feeds it had claimed, while a lease another node holds is waited out.
ALTER TABLE feeds ADD COLUMN lease_until TIMESTAMP WITH TIME ZONE;
ALTER TABLE feeds ADD COLUMN lease_owner VARCHAR(128);
