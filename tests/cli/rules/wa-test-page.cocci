// SPDX-License-Identifier: GPL-2.0-only
/// Driver fixture: a __get_free_page() buffer freed in the same function could be kmalloc().
///
/// A test rule for tests/cli/run only: it exercises the driver (records with escapes,
/// diffs, keep verdicts, header files) independently of the real rules in cocci/.
/// It proposes kmalloc(PAGE_SIZE) for a page freed with free_page() in the same function
/// and keeps every get_zeroed_page() without looking at why: do not use it on real code.
///
// Confidence: Low
// Copyright: (C) 2026 The whichalloc authors.
// Options: --no-includes --include-headers
// Keywords: __get_free_page, get_zeroed_page

virtual patch
virtual context
virtual org
virtual report
virtual whichalloc

@r@
identifier x;
expression g;
type T;
position p;
@@

x = (T)__get_free_page@p(g);
...
free_page((unsigned long)x);

@k@
position q;
@@

get_zeroed_page@q(...)

@initialize:python depends on whichalloc@
@@
from whichalloc_record import emit

@script:python depends on whichalloc@
p << r.p;
@@
emit("wa-test-page", "replace", p,
     "page buffer freed here:\tkmalloc(PAGE_SIZE) will do (caf\u00e9)")

@script:python depends on whichalloc@
q << k.q;
@@
emit("wa-test-page", "keep", q, "zeroed page: the test rule leaves it alone")

@script:python depends on report@
p << r.p;
@@
coccilib.report.print_report(p[0], "__get_free_page() buffer could be kmalloc(PAGE_SIZE)")

@script:python depends on org@
p << r.p;
@@
coccilib.org.print_todo(p[0], "__get_free_page() buffer could be kmalloc(PAGE_SIZE)")

@depends on patch@
identifier r.x;
expression r.g;
type r.T;
position r.p;
@@

- x = (T)__get_free_page@p(g);
+ x = kmalloc(PAGE_SIZE, g);
...
- free_page((unsigned long)x);
+ kfree(x);
