// SPDX-License-Identifier: GPL-2.0-only
// Generated from cocci/src/memdup-user.cocci.in by scripts/gen-rules (make rules): do not edit.
/// Open-coded memdup_user() and vmemdup_user(): allocate len bytes, copy_from_user() them.
///
/// kmalloc()/kzalloc() + copy_from_user() of the same size + kfree() on failure is
/// memdup_user(); kvmalloc()/kvzalloc() + copy_from_user() + kvfree() is vmemdup_user().
/// Both return an ERR_PTR() (-ENOMEM or -EFAULT). The rule proposes the helper only when the
/// conversion keeps what callers see: GFP_KERNEL or GFP_USER (memdup_user() also takes
/// __GFP_NOWARN), a local buffer, the allocation check and the copy next to each other,
/// -ENOMEM on allocation failure, and a copy failure path that frees the buffer and then does
/// exactly what the allocation failure path does with -EFAULT. It finds everything the kernel's
/// scripts/coccinelle/api/memdup_user.cocci finds, plus buffers declared and allocated in one
/// line, copies wrapped in unlikely(), and the look-alikes it must not convert, which it
/// reports for review with the reason (other flags, another error code, a use before the
/// copy, a label that frees the buffer, a wrong free function, ...). Sites that allocate
/// len + 1 bytes and NUL-terminate belong to memdup-user-nul.cocci.
///
// Confidence: High
// Copyright: (C) 2026 The whichalloc authors.
// Options: --no-includes --include-headers
// Keywords: copy_from_user
// Keywords-and: kmalloc, kzalloc, kvmalloc, kvzalloc
// Replacement: memdup_user, vmemdup_user

virtual patch
virtual context
virtual org
virtual report
virtual whichalloc

@initialize:python@
@@
# ---- cocci/lib/whichalloc_record.py, inlined by scripts/gen-rules ----
# Emit one whichalloc record per finding (see docs/rule-contract.md).
import os
import re
import sys

VERDICTS = ("replace", "keep", "review")


def _escape(text):
    """Escape a field so that it holds no TAB, newline or non-ASCII byte."""
    if not isinstance(text, bytes):
        text = str(text).encode("utf-8", "surrogateescape")
    out = []
    for b in text:
        if b == 0x5C:
            out.append('\\\\')
        elif b == 0x09:
            out.append("\\t")
        elif b == 0x0A:
            out.append("\\n")
        elif b == 0x0D:
            out.append("\\r")
        elif b < 0x20 or b >= 0x7F:
            out.append("\\x%02x" % b)
        else:
            out.append(chr(b))
    return "".join(out)


def kernel_version():
    """The version of the scanned tree as a tuple, (99, 0, 0) when unknown."""
    v = os.environ.get("WHICHALLOC_KERNEL_VERSION", "")
    parts = []
    for piece in v.split(".")[:3]:
        if not piece.isdigit():
            break
        parts.append(int(piece))
    if not parts:
        return (99, 0, 0)
    while len(parts) < 3:
        parts.append(0)
    return tuple(parts)


_MACROS = {}  # file -> [(first line, last line, name)] of its #define lines


def _macros(path):
    """The #define lines of the file at path (relative to the directory spatch runs in, the tree), with
    the lines their backslash continuations cover; none when it cannot be read."""
    if path not in _MACROS:
        spans = []
        try:
            with open(path, "rb") as f:
                lines = f.read().decode("utf-8", "surrogateescape").split("\n")
        except OSError:
            lines = []
        i = 0
        while i < len(lines):
            m = re.match(r"\s*#\s*define\s+([A-Za-z_]\w*)", lines[i])
            first = i
            while lines[i].rstrip().endswith('\\') and i + 1 < len(lines):
                i += 1
            if m:
                spans.append((first + 1, i + 1, m.group(1)))
            i += 1
        _MACROS[path] = spans
    return _MACROS[path]


def function_of(site):
    """The function of the record: the enclosing function, or for a site in the body of a
    macro, which spatch names 'something_else', the name of the macro."""
    fn = site.current_element
    if fn != "something_else":
        return fn
    line = int(site.line)
    for first, last, name in _macros(site.file):
        if first <= line <= last:
            return name
    return fn


def emit(rule, verdict, p, message):
    if verdict not in VERDICTS:
        raise ValueError("whichalloc: bad verdict %r" % verdict)
    site = p[0] if isinstance(p, (list, tuple)) else p
    fields = (rule, verdict, site.file, site.line, site.column,
              site.line_end, site.column_end, function_of(site), message)
    sys.stdout.write("WA1\t" + "\t".join(_escape(f) for f in fields) + "\n")
    sys.stdout.flush()


def emit_line(tag, fields):
    """Print a line of another kind than a finding (WAW, WAF: docs/rule-contract.md)."""
    sys.stdout.write(tag + "\t" + "\t".join(_escape(f) for f in fields) + "\n")
    sys.stdout.flush()
# ---- end of cocci/lib/whichalloc_record.py ----
# ---- cocci/lib/whichalloc_memdup.py, inlined by scripts/gen-rules ----
"""The decisions of the memdup rules, memdup-user and memdup-user-nul.

cocci/src/memdup-user.cocci.in matches the sites (an allocation, its NULL check and a
copy_from_user() of the same buffer) and the facts around them, and hands them to the
functions below (add_copy(), add_site(), add_label(), ...), which fill the tables; finish()
then gives each site one verdict and message (classify()), and report_site() emits it.
scripts/gen-rules inlines this module into cocci/memdup-user.cocci and
cocci/memdup-user-nul.cocci, each of which sets RULE and NUL after it.
tests/pylib/test_memdup.py tests it.
"""
import re


RULE = "memdup-user"
# NUL: the allocation is len + 1 bytes and the helper NUL-terminates (memdup_user_nul());
# otherwise allocation and copy have the same size (memdup_user(), vmemdup_user()).
NUL = False
# The definitions of the helpers themselves are not open-coded copies.
NOT_SITES = frozenset(["memdup_user", "vmemdup_user", "memdup_user_nul"])

MODES = set()
COPY = {}        # NULL check -> the copy that follows it
SITES = {}       # allocation -> site
CAND_IF = set()  # NULL checks of sites
CAND_PC = set()  # copies of sites
FAIL_LABELS = set()  # labels that the allocation failure paths of sites jump to
EXACT = set()    # NULL checks that test the buffer only
LOCAL = set()    # allocations into a local variable
DECL_STMT = {}   # allocation in a declaration -> lines of statements after it
DECL_NAMES = {}  # allocation in a declaration -> names declared after it
STORE_AFTER = set()  # copies followed by to[len] = '\0'
TERMINATED = {}  # copy -> line of a later to[E] = '\0'
RESIZED = {}     # copy -> line of a later krealloc() of the buffer
LABELS = {}      # (file, function, label) -> (buffer, tokens of what the label does)
LABEL_FREES = {}  # (file, function, label) -> ([(free function, pointer)], tokens after them)
NULL_INIT = {}   # (file, function) -> locals declared = NULL (not static)
STATIC_NULL = set()  # (file, function, name) of static locals declared = NULL
TOUCHED = set()  # (copy, name): a path from the declaration of name to the copy uses it
GOTOS = {}       # (file, function, label) -> number of gotos to it
LUSE = {}        # (file, function, buffer, label) -> first line after the label using it
REPORTED = {}    # allocation -> (verdict, message)
REPLACE = set()  # allocations that the patch converts
CONVERTED = set()  # allocations that the patch did convert
EMITTED = set()  # allocations reported
DROP_LABEL = set()  # (file, function, label) of labels the conversion leaves unused


def key(p):
    return (p[0].file, p[0].line, p[0].column)


def toks(text):
    return str(text).split()


def norm(text):
    return " ".join(toks(text))


def pretty(text):
    """Tokens as spatch prints them ('sizeof ( * p )') back to kernel style ('sizeof(*p)')."""
    s = norm(text)
    s = re.sub(r" ?(->|\.) ?", r"\1", s)
    s = re.sub(r"([(\[]) ", r"\1", s)
    s = re.sub(r" ([)\],])", r"\1", s)
    s = re.sub(r"(\w) \(", r"\1(", s)
    s = re.sub(r"([\w)\]]) \[", r"\1[", s)
    s = re.sub(r"(^|[(\[,] ?)([*&]) ", r"\1\2", s)
    s = re.sub(r"(^|[=(,] |return )- (\w)", r"\1-\2", s)
    s = re.sub(r" ;", ";", s)
    return s


def unbrace(t):
    if len(t) >= 2 and t[0] == "{" and t[-1] == "}":
        return t[1:-1]
    return t


def find(t, sub):
    n = len(sub)
    for i in range(len(t) - n + 1):
        if t[i:i + n] == sub:
            return i
    return -1


def helper(alloc):
    if NUL:
        return "memdup_user_nul"
    return "vmemdup_user" if alloc.startswith("kv") else "memdup_user"


def gfp_problem(alloc, gfp):
    """None when the helper's allocation flags keep the site's, else why not.

    In 6.1 (mm/util.c) memdup_user_nul() allocates with GFP_KERNEL, memdup_user() with
    GFP_USER | __GFP_NOWARN and vmemdup_user() with kvmalloc(GFP_USER). GFP_USER is
    GFP_KERNEL | __GFP_HARDWALL (which cpuset nodes may hold the memory): the kernel's own
    memdup_user.cocci treats the two as the same, and so does this rule. Adding __GFP_NOWARN
    only silences a warning; dropping it lets user space trigger one with a huge size."""
    parts = frozenset(x.strip() for x in str(gfp).split("|"))
    base = parts & frozenset(["GFP_KERNEL", "GFP_USER"])
    # __GFP_ZERO: the copy overwrites the zeroed bytes (and memdup_user_nul() sets the last).
    rest = parts - base - frozenset(["__GFP_ZERO"])
    if NUL:
        flags, extra = "GFP_KERNEL", frozenset()
    elif alloc.startswith("kv"):
        flags, extra = "GFP_USER", frozenset()
    else:
        flags, extra = "GFP_USER | __GFP_NOWARN", frozenset(["__GFP_NOWARN"])
    if len(base) == 1 and rest <= extra:
        return None
    if "__GFP_NOWARN" in rest and len(base) == 1 and len(rest) == 1:
        return ("allocated with %s; %s() uses %s, so a huge size from user space would "
                "trigger an allocation warning" % (norm(gfp), helper(alloc), flags))
    if "GFP_KERNEL_ACCOUNT" in parts or "__GFP_ACCOUNT" in parts:
        return ("allocated with %s; %s() uses %s and would stop charging the memory to the "
                "caller's memory cgroup" % (norm(gfp), helper(alloc), flags))
    return ("allocated with %s; %s() always uses %s, and copy_from_user() may sleep anyway: "
            "check why these flags were chosen" % (norm(gfp), helper(alloc), flags))


def add_site(pa, pif, form, to, size, gfp, alloc):
    """A site: the allocation, its NULL check and a copy of the right size after it."""
    c = COPY.get(key(pif))
    if c is None or c["to"] != norm(to) or c["size"] != norm(size):
        return
    if pa[0].current_element in NOT_SITES:
        return
    SITES[key(pa)] = {"p": pa, "form": form, "to": norm(to), "size": norm(size),
                      "gfp": norm(gfp), "alloc": str(alloc), "pif": key(pif),
                      "if_line": int(pif[0].line)}
    CAND_IF.add(key(pif))
    CAND_PC.add(c["pc"])
    j1 = last_jump(unbrace(c["S1"]))
    if j1 is not None and j1.startswith("goto "):
        FAIL_LABELS.add(j1[5:])


def followed_by_copy(pif):
    return key(pif) in COPY


def cand_if(pif):
    return key(pif) in CAND_IF


def cand_pc(pc):
    return key(pc) in CAND_PC


def add_copy(pif, gap, kind, to, src, size, S1, S2, pc, stored=None):
    """Record the copy after a NULL check; the nearest one wins."""
    old = COPY.get(key(pif))
    if old is not None and len(old["gap"]) <= len(gap):
        return
    COPY[key(pif)] = {"gap": [(norm(s), l) for s, l in gap], "kind": kind, "to": norm(to),
                      "src": norm(src), "size": norm(size), "S1": toks(S1),
                      "S2": toks(S2) if S2 is not None else [], "pc": key(pc),
                      "pc_line": int(pc[0].line), "stored": stored}


def add_label(pk, label, fr, to, tail):
    k = (pk[0].file, pk[0].current_element, str(label))
    if k not in LABELS:
        LABELS[k] = (str(fr), norm(to), [str(fr), "("] + toks(to) + [")", ";"] + tail)


def add_label_frees(pk, label, frees, tail):
    """A label that frees several pointers, then does tail."""
    k = (pk[0].file, pk[0].current_element, str(label))
    if k not in LABEL_FREES:
        LABEL_FREES[k] = ([(str(fr), norm(e)) for fr, e in frees], tail)


def add_null_init(pd, name, null=True):
    """A local declared = NULL; null is False for a static one (it keeps its value)."""
    if null:
        NULL_INIT.setdefault((pd[0].file, pd[0].current_element), set()).add(str(name))
    else:
        STATIC_NULL.add((pd[0].file, pd[0].current_element, str(name)))


def add_touched(pc, name):
    TOUCHED.add((key(pc), str(name)))


def null_at_copy(site, c, func, name, s2):
    """Whether the local name is still NULL when the copy failure path s2 leaves."""
    f = site["p"][0].file
    return (re.match(r"^[A-Za-z_]\w*$", name) is not None
            and name in NULL_INIT.get((f, func), ())
            and (f, func, name) not in STATIC_NULL
            and (c["pc"], name) not in TOUCHED
            and name not in s2 and name != site["to"])


def label_freeing_nulls(site, c, func, label, s2):
    """(label entry as in LABELS, None) for a label that frees the buffer and pointers that
    are still NULL on the copy failure path, which then frees only the buffer; else (None,
    why not, or None when the label is not of that form)."""
    lf = LABEL_FREES.get((site["p"][0].file, func, label))
    if lf is None:
        return None, None
    frees, tail = lf
    mine = [fr for fr, e in frees if e == site["to"]]
    others = [e for fr, e in frees if e != site["to"]]
    if len(mine) != 1 or mine[0] not in ("kfree", "kvfree"):
        return None, None
    for e in others:
        if not null_at_copy(site, c, func, e, s2):
            return None, ("the copy failure path (line %d) jumps to '%s', which also frees "
                          "%s, not shown to be still NULL there; convert by hand"
                          % (c["pc_line"], label, pretty(e)))
    return (mine[0], site["to"], [mine[0], "("] + toks(site["to"]) + [")", ";"] + tail), None


def add_label_use(pu, to, label):
    k = (pu[0].file, pu[0].current_element, norm(to), str(label))
    LUSE[k] = min(LUSE.get(k, int(pu[0].line)), int(pu[0].line))


def last_jump(t):
    """How the statement list t ends: 'return', 'goto LABEL', or None."""
    if not t or t[-1] != ";":
        return None
    inner = t[:-1]
    start = len(inner) - inner[::-1].index(";") if ";" in inner else 0
    stmt = t[start:]
    while stmt and stmt[0] in ("{", "}"):
        stmt = stmt[1:]
    if stmt and stmt[0] == "return":
        return "return"
    if len(stmt) == 3 and stmt[0] == "goto":
        return "goto " + stmt[1]
    return None


def errnos(t):
    return ["-" + t[i + 1] for i in range(len(t) - 1)
            if t[i] == "-" and re.match(r"^E[A-Z0-9]+$", t[i + 1])]


def simplify_return(t):
    """'... R = X ; return R ;' -> '... return X ;': R is a local that dies with the return."""
    m = re.match(r"^(.*?)(\S+) = ([^;]*) ; return \2 ;$", " ".join(t))
    if m:
        return toks(m.group(1) + "return " + m.group(3) + " ;")
    return t


def compare_paths(site, c, func):
    """(reason, label): reason is None when the copy failure path frees the buffer and then
    does exactly what the allocation failure path does, with -EFAULT for -ENOMEM; label is a
    label that only the copy failure path jumps to (the conversion leaves it unused)."""
    to = toks(site["to"])
    alloc = site["alloc"]
    h = helper(alloc)
    s1 = simplify_return(unbrace(c["S1"]))
    s2 = unbrace(c["S2"])
    line = c["pc_line"]
    bad = [e for e in errnos(s2) if e != "-EFAULT"]
    if bad:
        return ("copy failure returns %s (line %d); %s() would return -EFAULT"
                % (bad[0], line, h), None)
    drop = None
    j1 = last_jump(s1)
    m = re.search(r"\bgoto (\S+) ;", " ".join(s2))
    if m and j1 != "goto " + m.group(1):
        lk = (site["p"][0].file, func, m.group(1))
        lab = LABELS.get(lk)
        if lab is None or lab[1] != site["to"]:
            lab, why = label_freeing_nulls(site, c, func, m.group(1), s2)
            if why:
                return (why, None)
        if lab is None:
            return ("the copy failure path (line %d) jumps to '%s', which does not just free "
                    "%s and then do what the allocation failure path does; convert by hand"
                    % (line, m.group(1), pretty(site["to"])), None)
        i = find(s2, ["goto", m.group(1), ";"])
        s2 = s2[:i] + lab[2] + s2[i + 3:]
        if GOTOS.get(lk, 0) <= 1:
            drop = lk
    for fr in ("kfree_sensitive", "kvfree_sensitive"):
        if find(s2, [fr, "("] + to + [")", ";"]) >= 0:
            return ("copy failure frees %s with %s() (line %d); %s() frees a partial copy "
                    "with plain kfree()" % (pretty(site["to"]), fr, line, h), None)
    if alloc.startswith("kv") and find(s2, ["kfree", "("] + to + [")", ";"]) >= 0:
        return ("copy failure frees the %s() buffer %s with kfree() (line %d): it needs "
                "kvfree(); fix that first" % (alloc, pretty(site["to"]), line), None)
    frees = ["kvfree"] if alloc.startswith("kv") else ["kfree", "kvfree"]
    for fr in frees:
        i = find(s2, [fr, "("] + to + [")", ";"])
        if i >= 0:
            s2 = s2[:i] + s2[i + len(to) + 4:]
            break
    else:
        return ("the copy failure path (line %d) does not free %s with %s(); check how it "
                "is freed" % (line, pretty(site["to"]), frees[0]), None)
    if "-EFAULT" not in errnos(s2):
        return ("the copy failure path (line %d) does not return -EFAULT; %s() would"
                % (line, h), None)
    s2 = [("ENOMEM" if x == "EFAULT" and i > 0 and s2[i - 1] == "-" else x)
          for i, x in enumerate(s2)]
    if simplify_return(s2) != s1:
        return ("the copy failure path (line %d) does more than free %s and repeat the "
                "allocation failure path (line %d); convert by hand"
                % (line, pretty(site["to"]), site["if_line"]), None)
    return None, drop


def classify(site, c):
    """(verdict, message) for one site; also tells the patch what to convert."""
    p = site["p"]
    func = p[0].current_element
    k = key(p)
    to = site["to"]
    alloc = site["alloc"]
    h = helper(alloc)
    name, size = pretty(to), pretty(site["size"])
    what = "%s(%s%s)" % (alloc, size, " + 1" if NUL else "")
    if NUL and alloc.startswith("kv"):
        return ("review", "%s buffer, freed with kvfree(): %s() only uses kmalloc() and has "
                "no kvmalloc() variant" % (what, h))
    problem = gfp_problem(alloc, site["gfp"])
    if problem:
        return ("review", problem)
    if site["form"] == "assign" and k not in LOCAL:
        return ("review", "%s is not a local variable: on failure %s() would leave an "
                "ERR_PTR in it where the code leaves NULL" % (name, h))
    if site["pif"] not in EXACT:
        return ("review", "the allocation check at line %d tests more than %s"
                % (site["if_line"], name))
    if site["form"] == "decl":
        between = [l for l in DECL_STMT.get(k, ()) if l < site["if_line"]]
        if between:
            return ("review", "line %d runs between the allocation and the copy; %s() would "
                    "copy before it" % (min(between), h))
        used = DECL_NAMES.get(k, set()) & set(re.findall(r"[A-Za-z_]\w*", c["src"]))
        if used:
            return ("review", "the source pointer uses %s, declared after %s; move the "
                    "declaration by hand" % (sorted(used)[0], name))
    store_before = False
    for text, line in c["gap"]:
        if NUL and len(c["gap"]) == 1 and text in (
                "%s [ %s ] = '\\0' ;" % (to, site["size"]), "%s [ %s ] = 0 ;" % (to, site["size"])):
            store_before = True
        elif re.match(r"^[^=;]+ = - EFAULT ;$", text):
            return ("review", "the copy's error code is set before it (line %d: %s); the "
                    "error paths need converting by hand" % (line, pretty(text)))
        elif find(toks(text), toks(to)) >= 0:
            return ("review", "%s is used at line %d, between the allocation and the copy"
                    % (name, line))
        else:
            return ("review", "line %d runs between the allocation and the copy; %s() would "
                    "copy before it" % (line, h))
    if c["kind"] == "stored":
        return ("review", "the copy's result is stored in %s (line %d) before the test; "
                "the conversion would stop setting it: check its later uses"
                % (pretty(c["stored"]), c["pc_line"]))
    s1 = unbrace(c["S1"])
    if "-ENOMEM" not in errnos(s1):
        return ("review", "the allocation failure path (line %d) does not itself return or "
                "set -ENOMEM; check the error code it reports, %s() gives -ENOMEM or -EFAULT"
                % (site["if_line"], h))
    if find(s1, toks(to)) >= 0:
        return ("review", "the allocation failure path (line %d) uses %s"
                % (site["if_line"], name))
    j1 = last_jump(s1)
    if j1 is None:
        return ("review", "the allocation failure path (line %d) does not end in return or "
                "goto; check %s's later uses" % (site["if_line"], name))
    luse = (p[0].file, func, to, j1[5:])
    if j1.startswith("goto ") and luse in LUSE:
        label, line = j1[5:], LUSE[luse]
        return ("review", "the failure paths reach label '%s', which uses %s at line %d: "
                "after the conversion it would see an ERR_PTR" % (label, name, line))
    reason, drop = compare_paths(site, c, func)
    if reason:
        return ("review", reason)
    if c["pc"] in RESIZED:
        return ("review", "%s is resized with krealloc() at line %d: the allocation sets its "
                "first size, it is not just a copy; check that %s() fits"
                % (name, RESIZED[c["pc"]], h))
    if not NUL:
        how = "%s and copy_from_user() of the same size at line %d: %s()" % (
            what, c["pc_line"], h)
        if alloc.endswith("zalloc") or "__GFP_ZERO" in site["gfp"]:
            how += " (the copy overwrites the zeroing)"
    elif c["pc"] in STORE_AFTER or store_before:
        how = "%s, copy_from_user() at line %d and %s[%s] = '\\0': %s() does all three" % (
            what, c["pc_line"], name, size, h)
    elif alloc == "kzalloc" or "__GFP_ZERO" in site["gfp"]:
        how = "%s and copy_from_user() at line %d: %s() (the zeroing only supplied the NUL)" % (
            what, c["pc_line"], h)
    elif c["pc"] in TERMINATED:
        how = "%s and copy_from_user() at line %d: %s() (the terminator at line %d stays)" % (
            what, c["pc_line"], h, TERMINATED[c["pc"]])
    else:
        return ("review", "%s and a copy of %s bytes, but %s is never NUL-terminated; "
                "check whether memdup_user() is meant" % (what, size, name))
    if NUL and site["gfp"] == "GFP_USER":
        how += "; its GFP_KERNEL only drops GFP_USER's __GFP_HARDWALL"
    REPLACE.add(k)
    if drop is not None:
        DROP_LABEL.add(drop)
    return ("replace", how)


def finish(pa):
    """Classify one site. Report it now, or in patch mode once the conversion has run."""
    k = key(pa)
    if k in REPORTED or k not in SITES:
        return
    REPORTED[k] = classify(SITES[k], COPY[SITES[k]["pif"]])
    if "patch" not in MODES:
        report_site(pa)


def report_site(pa):
    """Report a site once in every requested mode. A replace that the conversion did not
    rewrite (it should not happen) becomes a review: no replace without its diff."""
    k = key(pa)
    if k in EMITTED or k not in REPORTED:
        return
    EMITTED.add(k)
    verdict, msg = REPORTED[k]
    if verdict == "replace" and "patch" in MODES and k not in CONVERTED:
        verdict, msg = "review", "the rule could not rewrite this site; convert by hand (%s)" % msg
    text = "%s: %s" % (verdict, msg)
    if "whichalloc" in MODES:
        emit(RULE, verdict, pa, text)
    if "report" in MODES and verdict != "keep":
        coccilib.report.print_report(pa[0], "%s: %s: %s" % (
            "WARNING" if verdict == "replace" else "INFO", RULE, text))
    if "org" in MODES and verdict != "keep":
        coccilib.org.print_todo(pa[0], "%s: %s" % (RULE, text))


def is_site(p):
    return key(p) in REPORTED


def is_replace(p):
    return key(p) in REPLACE


def drop_label(pa, pk, label):
    """pa is a converted site of the file (spatch names the rewritten file differently)."""
    return (pa[0].file, pk[0].current_element, str(label)) in DROP_LABEL
# ---- end of cocci/lib/whichalloc_memdup.py ----
RULE = "memdup-user"
NUL = False

@initialize:python depends on whichalloc@
@@
MODES.add("whichalloc")

@initialize:python depends on report@
@@
MODES.add("report")

@initialize:python depends on org@
@@
MODES.add("org")

@initialize:python depends on patch@
@@
MODES.add("patch")

// ---------------------------------------------------------------------------------------------
// A NULL check followed by copy_from_user() into the checked buffer, directly or after one or
// two other statements.

@copy_if@
expression to, src, size;
statement S1, S2;
position pif, pc;
@@

if@pif (unlikely(to == NULL || ...)) S1
if (unlikely(copy_from_user@pc(to, src, size) != 0)) S2

@script:python@
pif << copy_if.pif;
pc << copy_if.pc;
to << copy_if.to;
src << copy_if.src;
size << copy_if.size;
S1 << copy_if.S1;
S2 << copy_if.S2;
@@
add_copy(pif, [], "if", to, src, size, S1, S2, pc)

@copy_stored@
expression to, src, size, E;
statement S1, S2;
position pif, pc;
@@

if@pif (unlikely(to == NULL || ...)) S1
E = copy_from_user@pc(to, src, size);
if (unlikely(E != 0)) S2

@script:python@
pif << copy_stored.pif;
pc << copy_stored.pc;
to << copy_stored.to;
src << copy_stored.src;
size << copy_stored.size;
S1 << copy_stored.S1;
S2 << copy_stored.S2;
E << copy_stored.E;
@@
add_copy(pif, [], "stored", to, src, size, S1, S2, pc, norm(E))

@copy_gap1@
expression to, src, size;
statement S1, S2, S3;
position pif, pc, p3;
@@

if@pif (unlikely(to == NULL || ...)) S1
S3@p3
if (unlikely(copy_from_user@pc(to, src, size) != 0)) S2

@script:python@
pif << copy_gap1.pif;
pc << copy_gap1.pc;
to << copy_gap1.to;
src << copy_gap1.src;
size << copy_gap1.size;
S1 << copy_gap1.S1;
S2 << copy_gap1.S2;
S3 << copy_gap1.S3;
p3 << copy_gap1.p3;
@@
add_copy(pif, [(S3, int(p3[0].line))], "if", to, src, size, S1, S2, pc)

@copy_gap1_stored@
expression to, src, size, E;
statement S1, S2, S3;
position pif, pc, p3;
@@

if@pif (unlikely(to == NULL || ...)) S1
S3@p3
E = copy_from_user@pc(to, src, size);
if (unlikely(E != 0)) S2

@script:python@
pif << copy_gap1_stored.pif;
pc << copy_gap1_stored.pc;
to << copy_gap1_stored.to;
src << copy_gap1_stored.src;
size << copy_gap1_stored.size;
S1 << copy_gap1_stored.S1;
S2 << copy_gap1_stored.S2;
S3 << copy_gap1_stored.S3;
p3 << copy_gap1_stored.p3;
E << copy_gap1_stored.E;
@@
add_copy(pif, [(S3, int(p3[0].line))], "stored", to, src, size, S1, S2, pc, norm(E))

@copy_gap2@
expression to, src, size;
statement S1, S2, S3, S4;
position pif, pc, p3, p4;
@@

if@pif (unlikely(to == NULL || ...)) S1
S3@p3
S4@p4
if (unlikely(copy_from_user@pc(to, src, size) != 0)) S2

@script:python@
pif << copy_gap2.pif;
pc << copy_gap2.pc;
to << copy_gap2.to;
src << copy_gap2.src;
size << copy_gap2.size;
S1 << copy_gap2.S1;
S2 << copy_gap2.S2;
S3 << copy_gap2.S3;
p3 << copy_gap2.p3;
S4 << copy_gap2.S4;
p4 << copy_gap2.p4;
@@
add_copy(pif, [(S3, int(p3[0].line)), (S4, int(p4[0].line))], "if", to, src, size, S1, S2,
	 pc)

// ---------------------------------------------------------------------------------------------
// Sites: len bytes allocated just before that NULL check.

@alloc_a@
expression to, size, gfp;
identifier alloc = {kmalloc, kzalloc, kvmalloc, kvzalloc};
statement S1;
position pa;
position pif : script:python() { followed_by_copy(pif) };
@@

to = alloc@pa(size, gfp);
if@pif (unlikely(to == NULL || ...)) S1

@script:python@
pa << alloc_a.pa;
pif << alloc_a.pif;
to << alloc_a.to;
size << alloc_a.size;
gfp << alloc_a.gfp;
alloc << alloc_a.alloc;
@@
add_site(pa, pif, "assign", to, size, gfp, alloc)

@alloc_d@
type T;
identifier x;
expression size, gfp;
identifier alloc = {kmalloc, kzalloc, kvmalloc, kvzalloc};
statement S1;
position pa;
position pif : script:python() { followed_by_copy(pif) };
@@

T x = alloc@pa(size, gfp);
... when != x
if@pif (unlikely(x == NULL || ...)) S1

@script:python@
pa << alloc_d.pa;
pif << alloc_d.pif;
x << alloc_d.x;
size << alloc_d.size;
gfp << alloc_d.gfp;
alloc << alloc_d.alloc;
@@
add_site(pa, pif, "decl", x, size, gfp, alloc)

// ---------------------------------------------------------------------------------------------
// Facts about the sites and the functions around them.

@exact depends on alloc_a || alloc_d@
expression to;
statement S1;
position pif : script:python() { cand_if(pif) };
@@

if@pif (unlikely(to == NULL)) S1

@script:python@
pif << exact.pif;
@@
EXACT.add(key(pif))

@is_local@
local idexpression to;
identifier alloc;
position alloc_a.pa;
position pl;
@@

to = alloc@pa@pl(...);

@script:python@
pl << is_local.pl;
@@
LOCAL.add(key(pl))

@decl_stmt exists@
type T;
identifier x;
identifier alloc;
position alloc_d.pa, ps;
statement S;
@@

T x = alloc@pa(...);
... when != x
S@ps

@script:python@
pa << alloc_d.pa;
ps << decl_stmt.ps;
@@
DECL_STMT.setdefault(key(pa), set()).add(int(ps[0].line))

@decl_names exists@
type T, T2;
identifier x, y;
identifier alloc;
position alloc_d.pa;
@@

T x = alloc@pa(...);
... when != x
T2 y;

@script:python@
pa << alloc_d.pa;
y << decl_names.y;
@@
DECL_NAMES.setdefault(key(pa), set()).add(str(y))

@resized exists@
expression to, src, size;
identifier rf = {krealloc, kvrealloc, krealloc_array};
position pc : script:python() { cand_pc(pc) };
position pk;
@@

copy_from_user@pc(to, src, size)
...
rf@pk(to, ...)

@script:python@
pc << resized.pc;
pk << resized.pk;
@@
RESIZED.setdefault(key(pc), int(pk[0].line))

@label_goto depends on alloc_a || alloc_d@
identifier l2, l1;
identifier fr = {kfree, kvfree};
expression to;
position pk;
@@

l2:
fr@pk(to);
l1:

@script:python@
l2 << label_goto.l2;
l1 << label_goto.l1;
fr << label_goto.fr;
to << label_goto.to;
pk << label_goto.pk;
@@
add_label(pk, l2, fr, to, ["goto", str(l1), ";"])

@label_return depends on alloc_a || alloc_d@
identifier l2;
identifier fr = {kfree, kvfree};
expression to;
local idexpression R;
position pk;
@@

l2:
fr@pk(to);
return R;

@script:python@
l2 << label_return.l2;
fr << label_return.fr;
to << label_return.to;
R << label_return.R;
pk << label_return.pk;
@@
add_label(pk, l2, fr, to, ["return"] + toks(R) + [";"])

// A label that frees the buffer and other pointers: the copy failure path may jump to it
// when those are still NULL there (kfree(NULL) does nothing).
@label_goto2 depends on alloc_a || alloc_d@
identifier l2, l1;
identifier fa = {kfree, kvfree, kfree_sensitive, vfree};
identifier fb = {kfree, kvfree, kfree_sensitive, vfree};
expression a, b;
position pk;
@@

l2:
fa@pk(a);
fb(b);
l1:

@script:python@
l2 << label_goto2.l2;
l1 << label_goto2.l1;
fa << label_goto2.fa;
a << label_goto2.a;
fb << label_goto2.fb;
b << label_goto2.b;
pk << label_goto2.pk;
@@
add_label_frees(pk, l2, [(fa, a), (fb, b)], ["goto", str(l1), ";"])

@label_return2 depends on alloc_a || alloc_d@
identifier l2;
identifier fa = {kfree, kvfree, kfree_sensitive, vfree};
identifier fb = {kfree, kvfree, kfree_sensitive, vfree};
expression a, b;
local idexpression R;
position pk;
@@

l2:
fa@pk(a);
fb(b);
return R;

@script:python@
l2 << label_return2.l2;
fa << label_return2.fa;
a << label_return2.a;
fb << label_return2.fb;
b << label_return2.b;
R << label_return2.R;
pk << label_return2.pk;
@@
add_label_frees(pk, l2, [(fa, a), (fb, b)], ["return"] + toks(R) + [";"])

@label_goto3 depends on alloc_a || alloc_d@
identifier l2, l1;
identifier fa = {kfree, kvfree, kfree_sensitive, vfree};
identifier fb = {kfree, kvfree, kfree_sensitive, vfree};
identifier fc = {kfree, kvfree, kfree_sensitive, vfree};
expression a, b, c;
position pk;
@@

l2:
fa@pk(a);
fb(b);
fc(c);
l1:

@script:python@
l2 << label_goto3.l2;
l1 << label_goto3.l1;
fa << label_goto3.fa;
a << label_goto3.a;
fb << label_goto3.fb;
b << label_goto3.b;
fc << label_goto3.fc;
c << label_goto3.c;
pk << label_goto3.pk;
@@
add_label_frees(pk, l2, [(fa, a), (fb, b), (fc, c)], ["goto", str(l1), ";"])

@label_return3 depends on alloc_a || alloc_d@
identifier l2;
identifier fa = {kfree, kvfree, kfree_sensitive, vfree};
identifier fb = {kfree, kvfree, kfree_sensitive, vfree};
identifier fc = {kfree, kvfree, kfree_sensitive, vfree};
expression a, b, c;
local idexpression R;
position pk;
@@

l2:
fa@pk(a);
fb(b);
fc(c);
return R;

@script:python@
l2 << label_return3.l2;
fa << label_return3.fa;
a << label_return3.a;
fb << label_return3.fb;
b << label_return3.b;
fc << label_return3.fc;
c << label_return3.c;
R << label_return3.R;
pk << label_return3.pk;
@@
add_label_frees(pk, l2, [(fa, a), (fb, b), (fc, c)], ["return"] + toks(R) + [";"])

// Locals declared NULL, and those that a path from the declaration to a copy mentions (set,
// passed, or looped back to): the others are still NULL at the copy.
@null_init depends on label_goto2 || label_return2 || label_goto3 || label_return3@
type T;
identifier q;
position pd;
@@

T q@pd = NULL;

@script:python@
q << null_init.q;
pd << null_init.pd;
@@
add_null_init(pd, q)

@null_static depends on null_init@
type T;
identifier q;
position pd;
@@

static T q@pd = NULL;

@script:python@
q << null_static.q;
pd << null_static.pd;
@@
add_null_init(pd, q, False)

@null_touched exists@
type T;
identifier null_init.q;
expression to, src, size;
position pc : script:python() { cand_pc(pc) };
position pq;
@@

T q = NULL;
... when any
q@pq
... when any
copy_from_user@pc(to, src, size)

@script:python@
q << null_init.q;
pc << null_touched.pc;
@@
add_touched(pc, q)

@gotos depends on alloc_a || alloc_d@
identifier l;
position p;
@@

goto@p l;

@script:python@
l << gotos.l;
p << gotos.p;
@@
k = (p[0].file, p[0].current_element, str(l))
GOTOS[k] = GOTOS.get(k, 0) + 1

@label_use_a exists@
expression alloc_a.to;
identifier l1 : script:python() { str(l1) in FAIL_LABELS };
position pu;
@@

l1:
... when != to
to@pu

@script:python@
to << alloc_a.to;
l1 << label_use_a.l1;
pu << label_use_a.pu;
@@
add_label_use(pu, to, l1)

@label_use_d exists@
identifier alloc_d.x;
identifier l1 : script:python() { str(l1) in FAIL_LABELS };
position pu;
@@

l1:
... when != x
x@pu

@script:python@
x << alloc_d.x;
l1 << label_use_d.l1;
pu << label_use_d.pu;
@@
add_label_use(pu, x, l1)

// ---------------------------------------------------------------------------------------------
// One verdict and one record per site.

@script:python@
pa << alloc_a.pa;
@@
finish(pa)

@script:python@
pa << alloc_d.pa;
@@
finish(pa)

@depends on context@
identifier alloc;
expression list args;
position pa : script:python() { is_site(pa) };
@@

* alloc@pa(args)

// ---------------------------------------------------------------------------------------------
// The conversion, for the sites classified as replace only. One rule, so that every site of a
// function is converted in the same pass (a later rule sees the function renumbered).

@convert depends on patch@
expression to, src, size, gfp;
type T;
identifier x;
identifier ka = {kmalloc, kzalloc};
identifier kva = {kvmalloc, kvzalloc};
statement S2;
position pa : script:python() { is_replace(pa) };
@@

(
  to =
- ka@pa(size, gfp)
+ memdup_user(src, size)
  ;
  if (
- unlikely(to == NULL)
+ IS_ERR(to)
  ) {
  <+...
(
- ERR_PTR(-ENOMEM)
+ ERR_CAST(to)
|
- -ENOMEM
+ PTR_ERR(to)
)
  ...+>
  }
- if (unlikely(copy_from_user(to, src, size) != 0)) S2
|
  to =
- kva@pa(size, gfp)
+ vmemdup_user(src, size)
  ;
  if (
- unlikely(to == NULL)
+ IS_ERR(to)
  ) {
  <+...
(
- ERR_PTR(-ENOMEM)
+ ERR_CAST(to)
|
- -ENOMEM
+ PTR_ERR(to)
)
  ...+>
  }
- if (unlikely(copy_from_user(to, src, size) != 0)) S2
|
  T x =
- ka@pa(size, gfp)
+ memdup_user(src, size)
  ;
  ... when != x
  if (
- unlikely(x == NULL)
+ IS_ERR(x)
  ) {
  <+...
(
- ERR_PTR(-ENOMEM)
+ ERR_CAST(x)
|
- -ENOMEM
+ PTR_ERR(x)
)
  ...+>
  }
- if (unlikely(copy_from_user(x, src, size) != 0)) S2
|
  T x =
- kva@pa(size, gfp)
+ vmemdup_user(src, size)
  ;
  ... when != x
  if (
- unlikely(x == NULL)
+ IS_ERR(x)
  ) {
  <+...
(
- ERR_PTR(-ENOMEM)
+ ERR_CAST(x)
|
- -ENOMEM
+ PTR_ERR(x)
)
  ...+>
  }
- if (unlikely(copy_from_user(x, src, size) != 0)) S2
)

@script:python depends on patch@
pa << convert.pa;
@@
CONVERTED.add(key(pa))

@script:python depends on patch@
pa << alloc_a.pa;
@@
report_site(pa)

@script:python depends on patch@
pa << alloc_d.pa;
@@
report_site(pa)

// A label that only the removed copy failure path jumped to would be left unused. The function
// has been rewritten by now (spatch numbers it anew): the label is found by function and name.
@unused_label depends on patch && convert@
identifier l, fr;
position pk;
@@

l:
fr@pk(...);

@script:python depends on patch@
pa << convert.pa;
l << unused_label.l;
pk << unused_label.pk;
@@
if not drop_label(pa, pk, l):
	cocci.include_match(False)

@depends on patch@
identifier unused_label.l, unused_label.fr;
position unused_label.pk;
@@

- l:
  fr@pk(...);
