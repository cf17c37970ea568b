-- SPDX-License-Identifier: GPL-2.0-only
-- whichalloc database, migration 11: facts of functions across files.
--
-- A rule that meets a call to a function it cannot see says so (a WAW line): callee_want
-- keeps those names per file content, so that a file whose results are carried over still
-- asks for them. The facts pass reads the functions' definitions anywhere in the tree and
-- stores what each does with each parameter (WAF lines) in fact; resolving the calls
-- between them gives fact_resolved, which the rule's second pass over the asking files
-- reads (docs/rule-contract.md, "Facts").

CREATE TABLE callee_want (
	file          TEXT NOT NULL,
	rule          TEXT NOT NULL,
	content_hash  TEXT NOT NULL,             -- the file content the rule read
	callee        TEXT NOT NULL,
	PRIMARY KEY (file, rule, content_hash, callee)
);

CREATE TABLE fact (
	run_id        INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
	rule          TEXT NOT NULL,
	file          TEXT NOT NULL,             -- where the function is defined
	function      TEXT NOT NULL,
	param         INTEGER NOT NULL,          -- 0-based; -1 for all of them
	linkage       TEXT NOT NULL CHECK (linkage IN ('static', 'extern')),
	kind          TEXT NOT NULL CHECK (kind IN ('benign', 'keep', 'review', 'free', 'call')),
	line          INTEGER NOT NULL,
	text          TEXT NOT NULL,
	callee        TEXT,                      -- kind 'call': where the parameter goes on
	callee_param  INTEGER
);
CREATE INDEX fact_function ON fact(run_id, rule, function);

CREATE TABLE fact_resolved (
	run_id        INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
	rule          TEXT NOT NULL,
	function      TEXT NOT NULL,
	param         INTEGER NOT NULL,
	verdict       TEXT NOT NULL CHECK (verdict IN ('benign', 'keep', 'review')),
	text          TEXT NOT NULL,
	PRIMARY KEY (run_id, rule, function, param)
);

-- The resolved facts a file's second run used (a digest of its lines of the facts file):
-- a later scan that carries the file's results over, and resolves the same facts for it,
-- need not run the rule on it again.
CREATE TABLE facts_used (
	run_id        INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
	file          TEXT NOT NULL,
	rule          TEXT NOT NULL,
	digest        TEXT NOT NULL,
	PRIMARY KEY (run_id, file, rule)
);

-- Which functions of which file content a run's facts pass read (even when they gave no
-- fact): a later run with the same rule, tree version and spatch takes their facts over
-- instead of running spatch again.
CREATE TABLE fact_read (
	run_id        INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
	file          TEXT NOT NULL,
	content_hash  TEXT NOT NULL,
	function      TEXT NOT NULL,
	PRIMARY KEY (run_id, file, function)
);
CREATE INDEX fact_read_content ON fact_read(file, content_hash, function);
