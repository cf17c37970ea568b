-- SPDX-License-Identifier: GPL-2.0-only
-- whichalloc database, schema version 1.
--
-- The driver applies this file to an empty database, then every db/migrations/NNN-*.sql
-- whose number is above the database's PRAGMA user_version, each in one transaction.
-- PRAGMA application_id marks the file as whichalloc's (0x57414c43, "WALC").

PRAGMA application_id = 1463897155;

-- One scan of one tree.
CREATE TABLE run (
	id              INTEGER PRIMARY KEY,
	started_at      TEXT NOT NULL,            -- ISO 8601, UTC
	finished_at     TEXT,
	status          TEXT NOT NULL DEFAULT 'running'
	                CHECK (status IN ('running', 'complete', 'interrupted', 'failed')),
	tree_path       TEXT NOT NULL,            -- absolute path of the scanned tree
	tree_version    TEXT,                     -- VERSION.PATCHLEVEL.SUBLEVEL[EXTRAVERSION]
	tree_commit     TEXT,                     -- git HEAD when the tree is a checkout
	spatch_version  TEXT NOT NULL,
	dirs            TEXT NOT NULL DEFAULT '', -- scanned subdirectories, ' '-separated; '' = all
	jobs            INTEGER NOT NULL DEFAULT 1,
	files_total     INTEGER NOT NULL DEFAULT 0,
	files_done      INTEGER NOT NULL DEFAULT 0
);

-- A rule file as it was when a run used it; the hash makes results reproducible.
CREATE TABLE rule (
	id           INTEGER PRIMARY KEY,
	name         TEXT NOT NULL,               -- file name without .cocci
	hash         TEXT NOT NULL,               -- SHA-1 of the .cocci file, hex
	description  TEXT NOT NULL DEFAULT '',    -- the first /// line
	confidence   TEXT NOT NULL DEFAULT '',
	report_only  INTEGER NOT NULL DEFAULT 0,
	UNIQUE (name, hash)
);

CREATE TABLE run_rule (
	run_id   INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
	rule_id  INTEGER NOT NULL REFERENCES rule(id),
	PRIMARY KEY (run_id, rule_id)
);

-- A file of the tree (path relative to the tree's top) and what each run saw of it.
CREATE TABLE file (
	id    INTEGER PRIMARY KEY,
	path  TEXT NOT NULL UNIQUE
);

CREATE TABLE file_scan (
	run_id        INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
	file_id       INTEGER NOT NULL REFERENCES file(id),
	content_hash  TEXT NOT NULL,              -- git blob SHA-1 of the content
	status        TEXT NOT NULL CHECK (status IN ('ok', 'error', 'timeout', 'skipped')),
	error         TEXT,                       -- spatch's message when status is not ok
	PRIMARY KEY (run_id, file_id)
);

-- A finding: one site reported by one rule. Its fingerprint is its identity across rescans;
-- the columns hold what the latest run that saw it said.
CREATE TABLE finding (
	id           INTEGER PRIMARY KEY,
	fingerprint  TEXT NOT NULL UNIQUE,
	rule         TEXT NOT NULL,
	verdict      TEXT NOT NULL CHECK (verdict IN ('replace', 'keep', 'review')),
	file         TEXT NOT NULL,               -- path relative to the tree's top
	line         INTEGER NOT NULL,
	col          INTEGER NOT NULL,
	end_line     INTEGER NOT NULL,
	end_col      INTEGER NOT NULL,
	function     TEXT NOT NULL,
	message      TEXT NOT NULL,
	code         TEXT NOT NULL,               -- the matched source lines
	diff         TEXT,                        -- the proposed change, for verdict 'replace'
	subsystem    TEXT,                        -- from MAINTAINERS
	status       TEXT NOT NULL DEFAULT 'new'
	             CHECK (status IN ('new', 'accepted', 'rejected', 'fixed')),
	first_run    INTEGER NOT NULL REFERENCES run(id),
	last_run     INTEGER NOT NULL REFERENCES run(id),
	fixed_run    INTEGER REFERENCES run(id)
);
CREATE INDEX finding_file ON finding(file);
CREATE INDEX finding_rule ON finding(rule, verdict);

-- Which run saw which finding where: the history behind diff and trends.
CREATE TABLE sighting (
	run_id      INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
	finding_id  INTEGER NOT NULL REFERENCES finding(id),
	verdict     TEXT NOT NULL,
	line        INTEGER NOT NULL,
	PRIMARY KEY (run_id, finding_id)
);

-- Each rule's whole diff for a file in a run, as spatch printed it.
CREATE TABLE patch (
	run_id   INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
	file_id  INTEGER NOT NULL REFERENCES file(id),
	rule     TEXT NOT NULL,
	diff     TEXT NOT NULL,
	PRIMARY KEY (run_id, file_id, rule)
);

-- Review decisions: append-only; a finding's status is its latest decision.
CREATE TABLE review (
	id          INTEGER PRIMARY KEY,
	finding_id  INTEGER NOT NULL REFERENCES finding(id),
	status      TEXT NOT NULL CHECK (status IN ('accepted', 'rejected', 'new')),
	reason      TEXT CHECK (reason IS NULL OR reason IN
	                        ('false-positive', 'intentional', 'not-worth-it')),
	reviewer    TEXT NOT NULL,
	at          TEXT NOT NULL,
	note        TEXT
);
CREATE INDEX review_finding ON review(finding_id, id);
CREATE TRIGGER review_append_only_update BEFORE UPDATE ON review
BEGIN
	SELECT RAISE(ABORT, 'review decisions are append-only');
END;
CREATE TRIGGER review_append_only_delete BEFORE DELETE ON review
BEGIN
	SELECT RAISE(ABORT, 'review decisions are append-only');
END;
