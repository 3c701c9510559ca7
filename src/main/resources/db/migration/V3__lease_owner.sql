-- Which gateway node holds a package's lease, so that a node restarted after a crash can take back
-- at once the packages it had claimed (nothing of its own can still be in progress), while a lease
-- another node holds is still waited out.
ALTER TABLE packages ADD COLUMN lease_owner VARCHAR(128);
