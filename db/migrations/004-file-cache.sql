-- SPDX-License-Identifier: GPL-2.0-only
-- whichalloc database, migration 4: the stat cache of incremental rescans.
--
-- What the last read of each file learnt, so that a rescan need not read a file whose stat
-- data are unchanged (docs/performance.md, "How a scan spends its time"). A row describes
-- content, not results: spatch's results are carried over by content_hash (file_scan).
-- An entry is trusted only when size, mtime, ctime, inode and device all equal the file's
-- and its mtime is older than the second of read_at_ns (git's "racy" case: a file changed
-- again within the same clock tick keeps its stat data, so such an entry is read again),
-- and only when prefilter_key equals the key of the scan's rules (their names and keywords,
-- in order): a change of keywords invalidates every entry. Files that could not be read or
-- were skipped have no row.

CREATE TABLE file_cache (
	file_id        INTEGER PRIMARY KEY REFERENCES file(id),
	size           INTEGER NOT NULL,          -- bytes
	mtime_ns       INTEGER NOT NULL,          -- st_mtim, nanoseconds since the epoch
	ctime_ns       INTEGER NOT NULL,          -- st_ctim, nanoseconds since the epoch
	inode          INTEGER NOT NULL,
	device         INTEGER NOT NULL,
	read_at_ns     INTEGER NOT NULL,          -- wall clock (coarse) just before the read
	content_hash   TEXT NOT NULL,             -- git blob SHA-1 of what was read
	prefilter_key  TEXT NOT NULL,             -- SHA-1 of the rules' names and keywords
	hits           TEXT NOT NULL              -- '1' or '0' per rule, in the key's order:
	                                          -- does the file hold the rule's keywords?
);
