# SPDX-License-Identifier: GPL-2.0-only
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

from whichalloc_record import emit

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
