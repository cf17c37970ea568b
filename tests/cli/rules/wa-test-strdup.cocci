// SPDX-License-Identifier: GPL-2.0-only
/// Driver fixture: kmalloc(strlen(s) + 1) may be an open-coded kstrdup().
///
/// A test rule for tests/cli/run only: a report-only rule with review verdicts and no
/// header files, to exercise the driver independently of the real rules in cocci/.
///
// Confidence: Low
// Copyright: (C) 2026 The whichalloc authors.
// Options: --no-includes
// Keywords: strlen
// Report-only: yes

virtual patch
virtual context
virtual org
virtual report
virtual whichalloc

@r@
expression s, g;
position p;
@@

kmalloc@p(strlen(s) + 1, g)

@initialize:python depends on whichalloc@
@@
from whichalloc_record import emit

@script:python depends on whichalloc@
p << r.p;
@@
emit("wa-test-strdup", "review", p, "maybe kstrdup(): check that the copy is a string")

@script:python depends on report || org@
p << r.p;
@@
coccilib.report.print_report(p[0], "kmalloc(strlen() + 1) may be kstrdup()")
