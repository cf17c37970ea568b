-- SPDX-License-Identifier: GPL-2.0-only
-- whichalloc database, migration 12: runs of one shard of a tree (scan --shard K/N), and
-- what 'whichalloc merge' needs to combine databases (docs/scaling.md).
--
-- uid: a run's identity across databases: merge copies a run once, however many times the
-- database that holds it is merged. Every run gets a random one when it is inserted.
-- shard: 'K/N' when the run scanned the K-th of N parts of the tree only (it is partial:
-- it retired no finding outside its part); NULL for a run of the whole tree (or of --dir).
-- shard_plan: SHA-1 of the partition (N, the --dir list, every walked path and its size):
-- the shards of one scan of one tree share it, so that merge knows which runs together
-- make a whole one.
-- merged_from: for a run that merge made of the N shard runs of one scan, their uids in
-- shard order, ' '-separated; NULL otherwise.

ALTER TABLE run ADD COLUMN uid TEXT;
ALTER TABLE run ADD COLUMN shard TEXT;
ALTER TABLE run ADD COLUMN shard_plan TEXT;
ALTER TABLE run ADD COLUMN merged_from TEXT;
UPDATE run SET uid = lower(hex(randomblob(16))) WHERE uid IS NULL;
CREATE UNIQUE INDEX run_uid ON run(uid);

CREATE TRIGGER run_uid_given AFTER INSERT ON run WHEN NEW.uid IS NULL
BEGIN
	UPDATE run SET uid = lower(hex(randomblob(16))) WHERE id = NEW.id;
END;
