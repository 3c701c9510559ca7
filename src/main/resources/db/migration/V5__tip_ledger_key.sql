-- The tip ledger is written a row per tip per recipient (41,000 rows for a feed of 30,000 records,
-- on packaging's critical path), and each index is one more B-tree write per row. It is read by
-- tipId only (which recipients already have these tips; the package a tip went to for a
-- recipient), never by package. So the key leads with tip_id, which makes tip_deliveries_tip
-- redundant, and tip_deliveries_package goes. The key still makes "a tip is packaged for a
-- recipient at most once" a property of the database.
DROP INDEX tip_deliveries_tip;
DROP INDEX tip_deliveries_package;
ALTER TABLE tip_deliveries DROP CONSTRAINT tip_deliveries_pk;
ALTER TABLE tip_deliveries ADD CONSTRAINT tip_deliveries_pk PRIMARY KEY (tip_id, recipient);
