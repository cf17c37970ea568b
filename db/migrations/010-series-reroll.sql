-- SPDX-License-Identifier: GPL-2.0-only
-- whichalloc database, migration 10: rerolls of a series (whichalloc series -v N).
--
-- A new version of a subsystem's draft or sent series supersedes it: the old one is kept,
-- marked 'superseded', and names the series that replaced it. A series records its version (the N
-- of "[PATCH vN]"). SQLite cannot change a CHECK constraint in place, so the table is
-- rebuilt with the same rows; foreign keys are not enforced while migrations run.

CREATE TABLE series_v10 (
	id              INTEGER PRIMARY KEY,
	subsystem       TEXT NOT NULL,
	status          TEXT NOT NULL DEFAULT 'draft'
	                CHECK (status IN ('draft', 'sent', 'merged', 'dropped', 'superseded')),
	created_at      TEXT NOT NULL,
	sent_at         TEXT,
	settled_at      TEXT,                     -- when merged, dropped or superseded
	run_id          INTEGER NOT NULL REFERENCES run(id),
	tree_path       TEXT NOT NULL,
	tree_commit     TEXT,
	out_dir         TEXT NOT NULL,
	subject         TEXT NOT NULL,
	patches         INTEGER NOT NULL CHECK (patches > 0),
	max_patches     INTEGER NOT NULL,
	max_override    INTEGER NOT NULL DEFAULT 0 CHECK (max_override IN (0, 1)),
	cool_down_days  INTEGER NOT NULL,
	author          TEXT NOT NULL,
	to_list         TEXT NOT NULL DEFAULT '',
	cc_list         TEXT NOT NULL DEFAULT '',
	version         INTEGER NOT NULL DEFAULT 1 CHECK (version > 0), -- N of [PATCH vN]
	superseded_by   INTEGER REFERENCES series_v10(id) -- the reroll that replaced a draft
);
INSERT INTO series_v10 (id, subsystem, status, created_at, sent_at, settled_at, run_id,
			tree_path, tree_commit, out_dir, subject, patches, max_patches,
			max_override, cool_down_days, author, to_list, cc_list)
	SELECT id, subsystem, status, created_at, sent_at, settled_at, run_id, tree_path,
	       tree_commit, out_dir, subject, patches, max_patches, max_override,
	       cool_down_days, author, to_list, cc_list FROM series;
DROP TABLE series;
ALTER TABLE series_v10 RENAME TO series;
CREATE INDEX series_subsystem ON series(subsystem, status);

-- draft -> sent -> merged|dropped, draft -> dropped, and draft or sent -> superseded by a
-- reroll.
CREATE TRIGGER series_status_forward BEFORE UPDATE OF status ON series
WHEN NOT ((OLD.status = 'draft' AND NEW.status IN ('sent', 'dropped', 'superseded')) OR
          (OLD.status = 'sent' AND NEW.status IN ('merged', 'dropped', 'superseded')) OR
          OLD.status = NEW.status)
BEGIN
	SELECT RAISE(ABORT, 'a series moves draft -> sent -> merged or dropped (or draft -> dropped, or draft or sent -> superseded by a reroll) only');
END;
