-- SPDX-License-Identifier: GPL-2.0-only
-- whichalloc database, schema version 2: views for people who query the database with
-- sqlite3 directly (docs/queries.md has worked examples), and indexes for the review and
-- subsystem queries. Views hold no data: they cost nothing until queried.
--
-- Conventions the views share with the driver:
-- * "the latest complete run" is max(run.id) among runs whose status is 'complete', as in
--   'whichalloc list' and 'whichalloc stats' without --run;
-- * a finding's latest review decision is its review row with the greatest "at" (ISO 8601
--   UTC, so text order is time order), the greatest id among equal times;
-- * an open finding is one whose status is 'new' (nobody decided yet) or 'accepted' (a patch
--   is to be made): 'rejected' and 'fixed' ones need nothing more.

CREATE INDEX finding_subsystem ON finding(subsystem);
CREATE INDEX review_finding_at ON review(finding_id, at, id);

-- The id of the latest complete run (NULL when there is none).
CREATE VIEW latest_run AS
SELECT max(id) AS id FROM run WHERE status = 'complete';

-- Open findings of the latest complete run per subsystem (the MAINTAINERS section title;
-- NULL for findings without one), by the verdict that run gave them.
CREATE VIEW open_findings_by_subsystem AS
SELECT f.subsystem AS subsystem,
       sum(s.verdict = 'replace') AS verdict_replace,
       sum(s.verdict = 'keep') AS verdict_keep,
       sum(s.verdict = 'review') AS verdict_review,
       count(*) AS open,
       sum(f.status = 'new') AS unreviewed
FROM finding f
JOIN sighting s ON s.finding_id = f.id
WHERE s.run_id = (SELECT id FROM latest_run)
  AND f.status IN ('new', 'accepted')
GROUP BY f.subsystem;

-- Every review decision with the finding it is about, oldest first per finding; "latest" is
-- 1 for the decision the finding's status mirrors.
CREATE VIEW review_history AS
SELECT r.id AS review_id,
       r.finding_id AS finding_id,
       f.fingerprint AS fingerprint,
       f.rule AS rule,
       f.file AS file,
       f.function AS function,
       f.subsystem AS subsystem,
       r.status AS status,
       r.reason AS reason,
       r.reviewer AS reviewer,
       r.at AS at,
       r.note AS note,
       r.id = (SELECT l.id FROM review l WHERE l.finding_id = r.finding_id
               ORDER BY l.at DESC, l.id DESC LIMIT 1) AS latest
FROM review r
JOIN finding f ON f.id = r.finding_id;

-- Findings that run from_run saw and run to_run did not: "fixed between two runs" when
-- to_run scanned the same directories (see run.dirs). Filter on both columns:
--   SELECT * FROM findings_fixed_between WHERE from_run = 1 AND to_run = 2;
-- line and verdict are what from_run saw.
CREATE VIEW findings_fixed_between AS
SELECT a.run_id AS from_run,
       b.id AS to_run,
       f.id AS finding_id,
       f.rule AS rule,
       a.verdict AS verdict,
       f.file AS file,
       a.line AS line,
       f.function AS function,
       f.subsystem AS subsystem,
       f.status AS status,
       f.fixed_run AS fixed_run
FROM sighting a
JOIN run b ON b.id <> a.run_id
JOIN finding f ON f.id = a.finding_id
WHERE NOT EXISTS (SELECT 1 FROM sighting x WHERE x.run_id = b.id AND x.finding_id = a.finding_id);

-- The other way round: findings that to_run saw and from_run did not (new between two runs).
-- line and verdict are what to_run saw.
CREATE VIEW findings_new_between AS
SELECT a.id AS from_run,
       b.run_id AS to_run,
       f.id AS finding_id,
       f.rule AS rule,
       b.verdict AS verdict,
       f.file AS file,
       b.line AS line,
       f.function AS function,
       f.subsystem AS subsystem,
       f.status AS status,
       f.first_run AS first_run
FROM sighting b
JOIN run a ON a.id <> b.run_id
JOIN finding f ON f.id = b.finding_id
WHERE NOT EXISTS (SELECT 1 FROM sighting x WHERE x.run_id = a.id AND x.finding_id = b.finding_id);
