-- SPDX-License-Identifier: GPL-2.0-only
-- whichalloc database, migration 3: patch series (whichalloc series).
--
-- A series is made for one subsystem from accepted findings, only through the gate described
-- in docs/series.md. Its life: draft (written by 'whichalloc series') -> sent -> merged or
-- dropped; a draft may also be dropped. 'merged' and 'dropped' settle a series; while one is
-- unsettled its subsystem gets no other, nor within the cool-down after one was sent.

CREATE TABLE series (
	id              INTEGER PRIMARY KEY,
	subsystem       TEXT NOT NULL,            -- MAINTAINERS section title
	status          TEXT NOT NULL DEFAULT 'draft'
	                CHECK (status IN ('draft', 'sent', 'merged', 'dropped')),
	created_at      TEXT NOT NULL,            -- ISO 8601, UTC
	sent_at         TEXT,                     -- when it was marked sent
	settled_at      TEXT,                     -- when it was marked merged or dropped
	run_id          INTEGER NOT NULL REFERENCES run(id), -- latest run of its findings
	tree_path       TEXT NOT NULL,
	tree_commit     TEXT,                     -- git HEAD of the tree, when a checkout
	out_dir         TEXT NOT NULL,            -- absolute path of the patch files
	subject         TEXT NOT NULL,            -- the cover letter's subject
	patches         INTEGER NOT NULL CHECK (patches > 0),
	max_patches     INTEGER NOT NULL,         -- the limit the gate applied
	max_override    INTEGER NOT NULL DEFAULT 0 CHECK (max_override IN (0, 1)),
	                                          -- 1: --max raised the limit above the default
	cool_down_days  INTEGER NOT NULL,
	author          TEXT NOT NULL,            -- "Name <email>" of From: and Signed-off-by:
	to_list         TEXT NOT NULL DEFAULT '', -- the To: addresses, one per line
	cc_list         TEXT NOT NULL DEFAULT ''  -- the Cc: addresses, one per line
);
CREATE INDEX series_subsystem ON series(subsystem, status);

-- The findings a series carries, and the patch (1-based) that carries each.
CREATE TABLE series_finding (
	series_id   INTEGER NOT NULL REFERENCES series(id),
	finding_id  INTEGER NOT NULL REFERENCES finding(id),
	patch       INTEGER NOT NULL CHECK (patch > 0),
	PRIMARY KEY (series_id, finding_id)
);
CREATE INDEX series_finding_finding ON series_finding(finding_id);

-- A series moves forward only: draft -> sent -> merged|dropped, or draft -> dropped.
CREATE TRIGGER series_status_forward BEFORE UPDATE OF status ON series
WHEN NOT ((OLD.status = 'draft' AND NEW.status IN ('sent', 'dropped')) OR
          (OLD.status = 'sent' AND NEW.status IN ('merged', 'dropped')) OR
          OLD.status = NEW.status)
BEGIN
	SELECT RAISE(ABORT, 'a series moves draft -> sent -> merged or dropped (or draft -> dropped) only');
END;

-- The findings of a series are its record: they are not edited or removed.
CREATE TRIGGER series_finding_fixed_update BEFORE UPDATE ON series_finding
BEGIN
	SELECT RAISE(ABORT, 'the findings of a series are fixed when it is made');
END;
CREATE TRIGGER series_finding_fixed_delete BEFORE DELETE ON series_finding
BEGIN
	SELECT RAISE(ABORT, 'the findings of a series are fixed when it is made');
END;
