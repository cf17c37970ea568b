// SPDX-License-Identifier: GPL-2.0-only
// Generated from cocci/src/pagealloc-kmalloc.cocci.in by scripts/gen-rules (make rules): do not edit.
/// Find page-allocator buffers that should be kmalloc()/kzalloc() + kfree().
///
/// Every call of __get_free_page(), __get_free_pages(), get_zeroed_page(),
/// __get_dma_pages() or page_address(alloc_page(s)()) gets one finding at the
/// allocation. The buffer is followed through the function (a local variable and its
/// copies) or through the file (a structure field, a static variable): its uses and its
/// frees. A plain buffer becomes kmalloc(PAGE_SIZE, gfp) (kzalloc() for zeroed memory,
/// "2 * PAGE_SIZE" for order 1) and every free_page()/free_pages() of it kfree();
/// pointless casts go, and an unsigned long variable becomes the pointer its casts ask
/// for. Code that needs the page allocator is kept, with the use that needs it:
/// virt_to_page(), __pa()/virt_to_phys(), remap_pfn_range() and other user mappings,
/// DMA and scatterlists, set_memory_*(), page tables, ZONE_DMA, run-time or large
/// orders, memory freed outside the file, and page alignment before Linux 5.4.
/// Everything the rule cannot prove (the address returned or stored elsewhere, frees it
/// cannot pair, integer arithmetic on the address, hash tables, arrays of pages) is
/// left for review with what to check.
///
// Confidence: High
// Copyright: (C) 2026 The whichalloc authors.
// Options: --no-includes --include-headers
// Keywords: __get_free_pages, __get_free_page, get_zeroed_page, __get_dma_pages
// Keywords: page_address(alloc_page
// Replacement: kmalloc, kzalloc
// Version-split: 5.4

virtual patch
virtual context
virtual org
virtual report
virtual whichalloc
virtual facts

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
# ---- cocci/lib/whichalloc_pagealloc.py, inlined by scripts/gen-rules ----
"""The decisions of the rule pagealloc-kmalloc.

cocci/src/pagealloc-kmalloc.cocci.in matches the allocation sites, where their address
goes, and every occurrence of the followed buffer with what it is used for, and hands
those facts to the *_found() functions and receiver() below, which fill one FileState
per file. decide_file() then gives every site of a file its verdict and message
(decide_site(), examine_uses(), judge_call(), keep_message(), ...), and chooses the
frees, casts and declarations that the patch mode changes (selected(), check_left()).
scripts/gen-rules inlines this module into cocci/pagealloc-kmalloc.cocci.
tests/pylib/test_pagealloc.py tests it.
"""
import os
import re


RULE = "pagealloc-kmalloc"
# A name no kernel code uses: scripts give it to the sites and frees that must not match.
NO_MATCH = "whichalloc_pagealloc_kmalloc_no_match"

# The allocators whose callers are audited, and the functions that implement them:
# a call inside those is the allocator itself, not a use of it.
DEFINITIONS = set(["__get_free_pages", "__get_free_page", "get_zeroed_page",
		   "__get_dma_pages", "alloc_pages", "alloc_page", "alloc_pages_node"])

FREE_FNS = set(["free_page", "free_pages", "__free_page", "__free_pages"])
MISMATCHED_FREES = set(["kfree", "kvfree", "vfree", "kfree_sensitive", "kzfree",
			"kmem_cache_free", "free_pages_exact"])

# Uses that need memory from the page allocator, by kind: (regex, kind).
PAGE_USES = [
	(r"(io_)?remap_pfn_range|vm_insert_pages?|vm_map_pages(_zero)?|vmf_insert_\w+|"
	 r"vm_iomap_memory", "map"),
	(r"(set_)?(pgd|p4d|pud|pmd|pte)_\w+|__(pgd|p4d|pud|pmd|pte)|pgtable_\w+|"
	 r"paravirt_(alloc|release)_\w+", "table"),
	(r"set_memory_\w+|set_pages_\w+|set_direct_map_\w+", "setmem"),
	(r"dma_map_single\w*|dma_map_page\w*|dma_sync_single\w*|sg_init_one|sg_set_buf|"
	 r"sg_set_page|virt_to_dma", "dma"),
	(r"virt_to_page|virt_to_head_page|virt_to_folio|kmap\w*|get_page|put_page|"
	 r"page_ref_\w+|__?(Set|Clear)Page\w+|bio_add_page|__bio_add_page|lock_page|"
	 r"set_page_dirty\w*", "page"),
	(r"__pa|__pa_symbol|__pa_nodebug|virt_to_phys|virt_to_pfn|virt_to_bus|"
	 r"isa_virt_to_bus|slow_virt_to_phys|__phys_addr|virt_to_gfn|virt_to_mfn|"
	 r"virt_to_machine|arbitrary_virt_to_\w+|\w+_virt_to_phys", "phys"),
	(r"flush_icache_range|flush_dcache_page|flush_kernel_dcache_page", "cache"),
]
PAGE_USES = [(re.compile("^(?:%s)$" % r), k) for r, k in PAGE_USES]
KIND_ORDER = ["map", "table", "setmem", "dma", "page", "phys", "cache"]
# Calls that use a buffer without keeping it.
NEVER_KEEPS = set(["memcpy", "memset", "memmove", "memcmp", "strcpy", "strscpy", "strlen",
		   "strnlen", "strcmp", "strncmp", "strchr", "strrchr", "strstr", "sprintf",
		   "snprintf", "scnprintf", "vsnprintf", "vscnprintf", "sscanf", "kstrtoint",
		   "kstrtoul", "copy_to_user", "copy_from_user", "strncpy_from_user",
		   "simple_read_from_buffer", "simple_write_to_buffer", "seq_puts",
		   "seq_printf", "seq_write", "printk", "pr_err", "pr_warn", "pr_info",
		   "pr_debug", "d_path", "dentry_path_raw", "BUG_ON", "WARN_ON"])
# Macros that look like calls but only test or wrap a value.
NOT_CALLS = set(["likely", "unlikely", "WARN_ON", "WARN_ON_ONCE", "BUG_ON", "IS_ERR",
		 "IS_ERR_OR_NULL", "PTR_ERR", "ERR_PTR", "ERR_CAST", "PTR_ERR_OR_ZERO",
		 "READ_ONCE", "WRITE_ONCE", "sizeof"])
ALIGN_FNS = set(["offset_in_page", "PAGE_ALIGN", "PAGE_ALIGNED", "IS_ALIGNED", "ALIGN",
		 "ALIGN_DOWN", "PTR_ALIGN", "PTR_ALIGN_DOWN", "clear_page", "copy_page"])
PAGE_TABLE_TYPE = re.compile(r"^(pte|pmd|pud|p4d|pgd)_t\s*\*")
HASH_TYPE = re.compile(r"\b(hlist_head|hlist_bl_head|hlist_nulls_head|list_head)\b")
HASH_NAME = re.compile(r"hash|table|htab", re.I)
DMA_FLAGS = re.compile(r"\b(__)?GFP_DMA(32)?\b")
HIGHMEM_FLAGS = re.compile(r"\b__GFP_HIGHMEM\b|\bGFP_HIGHUSER\w*")
BACKSLASH = chr(92)
IDENT = re.compile(r"^[A-Za-z_]\w*$")
FIELD = re.compile(r"^(.+?)(->|\.)([A-Za-z_]\w*)$")


def page_use_kind(name):
	for rx, kind in PAGE_USES:
		if rx.match(name):
			return kind
	return None


def is_pagecall(name):
	return name in FREE_FNS or page_use_kind(name) is not None


def norm(text):
	"""An expression's text without blanks, as Coccinelle and the source may space it."""
	return re.sub(r"\s+", "", text)


def norm_target(text):
	"""An expression without blanks, outer parentheses and leading casts: how the
	patch phase names what it frees or casts."""
	t = norm(text)
	while True:
		if t.startswith("(") and t.endswith(")") and _balanced(t[1:-1]):
			t = t[1:-1]
			continue
		m = re.match(r"^\(([A-Za-z_][A-Za-z_0-9]*\**)\)(.+)$", t)
		if m:
			t = m.group(2)
			continue
		return t


def split_args(text):
	"""Split an argument list at its top-level commas."""
	args, depth, cur = [], 0, ""
	for ch in text:
		if ch in "([{":
			depth += 1
		elif ch in ")]}":
			depth -= 1
		if ch == "," and depth == 0:
			args.append(cur.strip())
			cur = ""
		else:
			cur += ch
	if cur.strip():
		args.append(cur.strip())
	return args


def split_or(text):
	"""The top-level operands of a |-expression, or None when it is not one."""
	t = text.strip()
	while t.startswith("(") and t.endswith(")") and _balanced(t[1:-1]):
		t = t[1:-1].strip()
	ops, depth, cur = [], 0, ""
	for ch in t:
		if ch in "([{":
			depth += 1
		elif ch in ")]}":
			depth -= 1
		if ch == "|" and depth == 0:
			ops.append(cur.strip())
			cur = ""
		else:
			cur += ch
	ops.append(cur.strip())
	if any(o == "" for o in ops):
		return None
	return ops


def _balanced(t):
	depth = 0
	for ch in t:
		if ch == "(":
			depth += 1
		elif ch == ")":
			depth -= 1
			if depth < 0:
				return False
	return depth == 0


def const_int(text):
	t = norm(text)
	m = re.match(r"^(\d+)[uUlL]*$", t)
	return int(m.group(1)) if m else None


def pkey(pos):
	return (int(pos.line), int(pos.column))


def okey(pos):
	"""An occurrence's identity: its extent (a field access and its base start alike)."""
	return (int(pos.line), int(pos.column), int(pos.line_end), int(pos.column_end))


def lines_text(lines):
	lines = sorted(set(lines))
	if len(lines) == 1:
		return "line %d" % lines[0]
	return "lines " + ", ".join(str(n) for n in lines)


def is_pointer(t):
	return t is not None and t.strip().endswith("*")


class Site:
	def __init__(self, pos, args):
		self.pos = pos
		self.key = pkey(pos)
		self.line = int(pos.line)
		self.func = pos.current_element
		self.alloc = None
		self.args = args
		self.gfp = None
		self.order = "0"
		self.order_n = None	# the order as a number, once decide_site() knows it
		self.cast = None
		self.recv = None	# ("local"|"global"|"field"|"array"|"return"|"arg"|"init")
		self.var = None
		self.rtype = None
		self.struct = None
		self.field = None
		self.rpos = None	# position of the receiver written by the allocation
		self.in_loop = False
		self.excluded = False
		self.macro = None
		self.stored = []	# (struct, field) a local receiver is stored into
		self.bkey = None
		self.verdict = None
		self.message = None


class Occ:
	"""One occurrence of a followed buffer expression."""
	def __init__(self, pos, text):
		self.pos = pos
		self.key = okey(pos)
		self.start = pkey(pos)
		self.line = int(pos.line)
		self.func = pos.current_element
		self.text = text
		self.local = False
		self.calls = []		# (callee text, call position key, call line)
		self.direct = set()	# calls given the buffer itself
		self.free = None	# (callee, order text or None, free position key)
		self.casts = []
		self.stores = []
		self.ret = False
		self.addr = False
		self.assigned = []
		self.moved = False
		self.null = False
		self.align = None
		self.after_free = None	# line of a free of the buffer this use comes after
		self.frees_before = []	# (free line, key of what it freed): frees this use follows
		self.compared = []	# (text, key) of what == or != compares this with
		self.ptrdiff = []	# pointee types of P in "(unsigned long)P - this"


class FileState:
	def __init__(self, path):
		self.path = path
		self.sites = {}
		self.names = set()
		self.fields = set()
		self.structs = set()
		self.statics = set()
		self.defined = set()
		self.occ = {}
		self.field_types = {}
		self.aliases = {}
		self.pagecalls = {}
		self.localcalls = {}
		self.allfrees = {}
		self.xfer = []
		self.ulong_decls = {}
		self.source = None
		self.decided = False
		self.sel_frees = set()
		self.sel_casts = set()
		self.sel_diffs = set()
		self.sel_decls = {}
		self.replaced_funcs = set()
		self.fparams = {}	# function -> [(parameter name, type)] or None
		self.fstatic = {}	# function -> whether every definition is static
		self.ambiguous = set()	# functions defined twice with different parameters
		self.fnrefs = {}	# function -> lines where its address is taken
		self.lcalls = []	# (caller, callee, args, line) of calls to functions of this file
		self.lcall_index = {}	# (caller, argument base) -> [(callee, index)]
		self.followed = {}	# (callee, parameter index) -> parameter name
		self.call_end = {}	# call position -> end of the called expression
		self.lcall_pos = set()	# positions of the calls in lcalls
		self.wants = set()	# functions of other files whose facts would decide more
		self.fdef_lines = {}	# function -> lines where its definitions start

	def text_at(self, pos):
		if self.source is None:
			try:
				with open(pos.file, errors="surrogateescape") as f:
					self.source = f.read().split("\n")
			except OSError:
				self.source = []
		l1, c1 = int(pos.line), int(pos.column)
		l2, c2 = int(pos.line_end), int(pos.column_end)
		if l1 < 1 or l2 > len(self.source):
			return ""
		if l1 == l2:
			return self.source[l1 - 1][c1:c2]
		parts = [self.source[l1 - 1][c1:]] + self.source[l1:l2 - 1] + \
			[self.source[l2 - 1][:c2]]
		return " ".join(parts)

	def call_args(self, pos):
		"""The arguments of the call whose function name is at pos, as source text."""
		self.text_at(pos)
		l, c = int(pos.line_end) - 1, int(pos.column_end)
		text = "\n".join([self.source[l][c:]] + self.source[l + 1:l + 60])
		text = re.sub(r"/\*.*?\*/", " ", text, flags=re.S)
		i = text.find("(")
		if i < 0 or text[:i].strip():
			return None
		depth = 0
		for j in range(i, len(text)):
			if text[j] == "(":
				depth += 1
			elif text[j] == ")":
				depth -= 1
				if depth == 0:
					inner = re.sub(r"\s+", " ", text[i + 1:j])
					return split_args(inner)
		return None

	def macro_at(self, line):
		"""The name of the macro whose definition holds the line, or None."""
		i = line - 1
		while 0 <= i < len(self.source):
			m = re.match(r"^\s*#\s*define\s+(\w+)", self.source[i])
			if m:
				return m.group(1)
			i -= 1
			if i < 0 or not self.source[i].rstrip().endswith(BACKSLASH):
				return None
		return None

	def occ_at(self, pos, text=None):
		k = okey(pos)
		o = self.occ.get(k)
		if o is None:
			if text is None:
				text = self.text_at(pos)
			o = Occ(pos, norm(text))
			self.occ[k] = o
		return o


# Several files may be handled as one group: each rule runs over all of them before
# the next rule starts. Facts are kept per file; the names the matching rules follow
# are the union over the group (a name followed in one file is only looked at there).
STATES = {}
NAMES = set()
FIELDS = set()
DEFINED = set()


def st(pos):
	s = STATES.get(pos.file)
	if s is None:
		s = STATES[pos.file] = FileState(pos.file)
	return s


def tracked(text):
	"""The constraint of the rules that follow buffers: a variable or a field we follow."""
	t = norm(text)
	if IDENT.match(t):
		return t in NAMES
	m = FIELD.match(t)
	return m is not None and m.group(3) in FIELDS and "(" not in m.group(1)[:1]


# ---------------------------------------------------------------- facts from the rules

def site_found(p):
	s = st(p[0])
	name = s.text_at(p[0]).strip()
	site = Site(p[0], s.call_args(p[0]) or [])
	site.alloc = name
	if name == "page_address" and len(site.args) == 1:
		m = re.match(r"^(\w+)\s*\((.*)\)$", site.args[0], re.S)
		site.alloc = m.group(1) if m else "?"
		site.args = split_args(m.group(2)) if m else []
		if site.alloc == "alloc_pages_node":
			site.args = site.args[1:]
	if site.args:
		site.gfp = site.args[0]
	if site.alloc in ("__get_free_pages", "__get_dma_pages", "alloc_pages",
			  "alloc_pages_node") and len(site.args) > 1:
		site.order = site.args[1]
	site.macro = s.macro_at(int(p[0].line))
	if site.func in DEFINITIONS or site.macro in DEFINITIONS:
		site.excluded = True
	s.sites[site.key] = site


def receiver(p, kind, var=None, rtype=None, struct=None, field=None, rpos=None):
	s = st(p[0])
	site = s.sites.get(pkey(p[0]))
	if site is None:
		return
	rank = ["local", "global", "field", "init", "array", "return", "arg"]
	if site.recv is not None and rank.index(site.recv) <= rank.index(kind):
		return
	site.recv, site.var, site.rtype = kind, var, rtype
	site.struct, site.field = struct, field
	site.rpos = pkey(rpos[0]) if rpos else None
	if kind in ("local", "global"):
		s.names.add(var)
		NAMES.add(var)
	elif kind in ("field", "init"):
		s.fields.add(field)
		FIELDS.add(field)


def local_stored(q, x, t, f):
	"""x, a local receiver of q's function, is stored into field f of struct t."""
	s = st(q[0])
	func = q[0].current_element
	for site in s.sites.values():
		# file->private_data has its own follow-up (privdata_store()).
		if f == "private_data":
			return
		if site.recv == "local" and site.var == x and site.func == func:
			site.stored.append((t, f, okey(q[0])))
			s.fields.add(f)
			FIELDS.add(f)


def field_keys(site):
	"""The fields a local receiver is stored into, as buffer keys."""
	keys = []
	for t, f, _ in site.stored:
		if ("F", t, f) not in keys:
			keys.append(("F", t, f))
	return keys


def site_cast(p, t):
	s = st(p[0])
	site = s.sites.get(pkey(p[0]))
	if site is not None:
		site.cast = t


def site_loop(p):
	site = st(p[0]).sites.get(pkey(p[0]))
	if site is not None:
		site.in_loop = True


def field_type(q, qf, t):
	s = st(q[0])
	s.field_types[pkey(q[0])] = (t, s.text_at(qf[0]).strip())


def local_occ(q):
	s = st(q[0])
	s.occ_at(q[0]).local = True


def alias_found(q, y):
	s = st(q[0])
	o = s.occ_at(q[0])
	s.aliases.setdefault((o.func, y), []).append(o.key)
	s.names.add(y)
	NAMES.add(y)


def occ_found(q):
	st(q[0]).occ_at(q[0])


def direct_call_found(q, c):
	st(q[0]).occ_at(q[0]).direct.add(pkey(c[0]))


def call_found(q, g, c):
	s = st(q[0])
	o = s.occ_at(q[0])
	o.calls.append((norm(g), pkey(c[0]), int(c[0].line)))
	s.call_end[pkey(c[0])] = (int(c[0].line_end), int(c[0].column_end))
	# The dcalls rule binds one followed name per argument list: in a call that is given
	# two of them, it may bind the other one only. Read the arguments too.
	if is_argument(o.text, call_args_at(s, pkey(c[0]))):
		o.direct.add(pkey(c[0]))


def is_argument(text, args):
	"""Whether one of the call's arguments hands on text itself (cast, offset, indexed or
	the address of a member), not a value computed from it."""
	return any(b is not None and b[0] == text for b in map(arg_base, args or []))


def free_found(q, fp, order):
	s = st(q[0])
	o = s.occ_at(q[0])
	o.free = (s.text_at(fp[0]).strip(), order, pkey(fp[0]))


def cast_found(q, t):
	st(q[0]).occ_at(q[0]).casts.append(t.strip())


def store_found(q, e):
	st(q[0]).occ_at(q[0]).stores.append(norm(e))


def ptrdiff_found(q, t):
	"""The occurrence is subtracted from a pointer to t cast to unsigned long: a length."""
	st(q[0]).occ_at(q[0]).ptrdiff.append(norm(t))


def ret_found(q):
	st(q[0]).occ_at(q[0]).ret = True


def addr_found(q):
	st(q[0]).occ_at(q[0]).addr = True


def assign_found(q, e):
	st(q[0]).occ_at(q[0]).assigned.append(norm(e))


def moved_found(q):
	st(q[0]).occ_at(q[0]).moved = True


def null_found(q):
	st(q[0]).occ_at(q[0]).null = True


def after_free_found(q, fp):
	"""The buffer's value is used after a free of it, with no assignment between."""
	o = st(q[0]).occ_at(q[0])
	if o.after_free is None:
		o.after_free = int(fp[0].line)


def free_then_use_found(q, fp, x):
	"""A followed name is used after a free of another followed expression (x): when it
	is a copy of the freed buffer, the use is one after the free."""
	s = st(q[0])
	s.occ_at(q[0]).frees_before.append((int(fp[0].line), okey(x[0])))


def compare_found(q, y, qy):
	"""The buffer is compared (== or !=) with another expression."""
	s = st(q[0])
	s.occ_at(q[0]).compared.append((norm(y), okey(qy[0])))


def align_found(q, what):
	o = st(q[0]).occ_at(q[0])
	if o.align is None:
		o.align = what


def static_found(p):
	s = st(p[0])
	s.statics.add(s.text_at(p[0]).strip())


def struct_found(p, name):
	st(p[0]).structs.add("struct " + name)


def fdef_found(p, fn):
	s = st(p[0])
	s.defined.add(fn)
	DEFINED.add(fn)
	args = s.call_args(p[0])
	params = None
	if args is not None:
		params = [] if args in ([], ["void"]) else [param_of(a) for a in args]
	if fn in s.fparams and s.fparams[fn] != params:
		s.ambiguous.add(fn)
	s.fparams[fn] = params
	s.fdef_lines.setdefault(fn, []).append(int(p[0].line))
	s.fstatic[fn] = s.fstatic.get(fn, True) and is_static_def(s, p[0])
	want_params(s, fn)


def pagecall_found(c):
	s = st(c[0])
	g = s.text_at(c[0]).strip()
	s.pagecalls.setdefault(c[0].current_element, []).append((g, int(c[0].line)))


def localcall_found(c):
	s = st(c[0])
	h = s.text_at(c[0]).strip()
	caller = c[0].current_element
	s.localcalls.setdefault(caller, set()).add(h)
	args = s.call_args(c[0]) or []
	s.lcalls.append((caller, h, args, int(c[0].line)))
	s.lcall_pos.add(pkey(c[0]))
	for i, a in enumerate(args):
		b = arg_base(a)
		if b is None:
			continue
		s.lcall_index.setdefault((caller, b[0]), []).append((h, i))
		m = FIELD.match(b[0])
		if b[0] in NAMES or (m is not None and m.group(3) in FIELDS):
			follow_param(s, h, i)


def fnref_found(c):
	s = st(c[0])
	s.fnrefs.setdefault(s.text_at(c[0]).strip(), set()).add(pkey(c[0]))


def allfree_found(fp):
	s = st(fp[0])
	s.allfrees[pkey(fp[0])] = (s.text_at(fp[0]).strip(), int(fp[0].line),
				   fp[0].current_element)


# ---------------------------------------------------------------- following calls

# Functions known to only read or write through a pointer they are given, and to keep
# nothing: their bodies are not in the file, but their contract is. Any other function
# whose body the rule has not seen may keep the buffer or take its physical address.
KNOWN_HELPERS = re.compile(r"^(?:%s)$" % "|".join([
	r"mem(cpy|set|move|cmp|chr|chr_inv|scan)", r"str(n?cpy|scpy|lcpy|n?cat|lcat|len|nlen|"
	r"n?cmp|n?casecmp|chr|rchr|nchr|n?str|spn|cspn|pbrk|im|strip|_has_prefix|starts)",
	r"v?sn?printf|v?scnprintf|sscanf|vsscanf|kstrto\w+|simple_strto\w+",
	r"seq_(puts|printf|vprintf|write|putc|escape\w*|pad|hex_dump|put_\w+)",
	r"(__)?copy_(to|from)_user(_inatomic|_nofault)?|strncpy_from_user|clear_user",
	r"simple_(read_from|write_to)_buffer", r"copy_(to|from)_iter",
	r"printk|printf|pr_\w+|dev_(err|warn|info|notice|dbg|crit|alert|emerg)\w*",
	r"netdev_(err|warn|info|notice|dbg|crit|alert|emerg)\w*",
	r"(__)?(get|put)_unaligned(_(le|be)(16|24|32|48|64))?",
	r"access_remote_vm|access_process_vm",
	r"(__)?(set|clear|test|change|test_and_set|test_and_clear)_bit(_le)?|"
	r"ext[24]_(set|clear|test)_bit(_atomic)?|find_(first|next|last)_(zero_)?bit(_le)?|"
	r"bitmap_\w+",
	r"print_hex_dump\w*|hex_dump_to_buffer|bin2hex|hex2bin",
	r"d_path|dentry_path(_raw)?|file_path",
	r"min|max|min_t|max_t|clamp|clamp_t|clamp_val",
	# List heads set up, tested or walked in place (the buffer as a table of heads).
	r"INIT_(LIST|HLIST|HLIST_NULLS|HLIST_BL)_HEAD|h?list_empty|"
	r"(h?list|hlist_nulls|hlist_bl)_for_each(_entry)?(_safe|_rcu|_continue|_from)*",
	# Compiler builtins: sizes, constants and copies, nothing that keeps a pointer.
	r"__builtin_(object_size|dynamic_object_size|constant_p|expect|mem(cpy|set|move|cmp)|"
	r"str(len|cmp|cpy))",
]))


def known_helper(g):
	return g in NEVER_KEEPS or g in NOT_CALLS or KNOWN_HELPERS.match(g) is not None


def param_of(text):
	"""The (name, type) of a parameter declaration; the name is None when there is none."""
	t = text.strip()
	m = re.match(r"^.*\(\s*\*\s*([A-Za-z_]\w*)\s*\)\s*\(.*\)$", t, re.S)
	if m:
		return (m.group(1), "a function pointer")
	m = re.match(r"^(.*?[\s*])([A-Za-z_]\w*)\s*((?:\[[^\]]*\]\s*)*)$", t, re.S)
	if m is None:
		return (None, t)
	ty = m.group(1).strip() + (" *" if m.group(3) else "")
	return (m.group(2), ty)


def is_static_def(s, pos):
	"""Whether the definition whose name is at pos says static (on its line or the line
	before, for a return type written on a line of its own)."""
	line = int(pos.line)
	if line < 1 or line > len(s.source):
		return False
	before = s.source[line - 1][:int(pos.column)]
	if re.search(r"\bstatic\b", before):
		return True
	if before.strip() == "" and line >= 2:
		return re.search(r"\bstatic\b", s.source[line - 2]) is not None
	return False


def arg_base(text):
	"""What an argument hands on: (expression, how) with how "whole" (the pointer
	itself, cast or not), "interior" (a pointer into it) or "value" (an element), or None."""
	t = norm_target(text)
	# &p->member (or &p->member.sub): a pointer into what p points to.
	m = re.match(r"^&(.+)->[A-Za-z_]\w*(\.[A-Za-z_]\w*)*$", t)
	if m:
		b = norm_target(m.group(1))
		if IDENT.match(b) or FIELD.match(b):
			return (b, "interior")
	if IDENT.match(t) or (FIELD.match(t) and "(" not in t):
		return (t, "whole")
	m = re.match(r"^&(.+)\[.*\]$", t)
	if m and (IDENT.match(m.group(1)) or FIELD.match(m.group(1))):
		return (norm_target(m.group(1)), "interior")
	m = re.match(r"^([^\[\]()+-]+)([+-])(.+)$", t)
	if m:
		b = norm_target(m.group(1))
		if m.group(2) == "-" and tracked(norm_target(m.group(3))):
			# p - buf: the distance between two pointers into buffers, a length.
			return (b, "value")
		if IDENT.match(b) or FIELD.match(b):
			return (b, "interior")
	m = re.match(r"^([A-Za-z_][\w.>-]*)\[.*\]$", t)
	if m:
		return (norm_target(m.group(1)), "value")
	return None


def follow_param(s, callee, i):
	"""Follow the i-th parameter of a function of this file: its name joins the names
	the rules follow, and the calls it makes with it are followed in turn."""
	if (callee, i) in s.followed:
		return
	params = s.fparams.get(callee)
	if not params or i >= len(params) or params[i][0] is None:
		return
	pname = params[i][0]
	s.followed[(callee, i)] = pname
	s.names.add(pname)
	NAMES.add(pname)
	for h, j in list(s.lcall_index.get((callee, pname), [])):
		follow_param(s, h, j)


def call_args_at(s, cpos):
	"""The arguments of the call whose called expression starts at cpos."""
	end = s.call_end.get(cpos)
	if end is None or not s.source:
		return None
	l, c = end[0] - 1, end[1]
	if l < 0 or l >= len(s.source):
		return None
	text = "\n".join([s.source[l][c:]] + s.source[l + 1:l + 60])
	text = re.sub(r"/\*.*?\*/", " ", text, flags=re.S)
	i = text.find("(")
	if i < 0 or text[:i].strip():
		return None
	depth = 0
	for j in range(i, len(text)):
		if text[j] == "(":
			depth += 1
		elif text[j] == ")":
			depth -= 1
			if depth == 0:
				return split_args(re.sub(r"\s+", " ", text[i + 1:j]))
	return None


def chain_text(chain):
	return ", then ".join("to %s() at line %d as %s" % (g, l, p) for g, l, p in chain)


class Follow:
	"""What following one buffer into the functions it is passed to found."""
	def __init__(self, site, plan, frees, paired):
		self.site = site
		self.plan = plan
		self.frees = frees
		self.paired = paired
		self.ok_calls = set()	# (callee, line) followed without a finding


def judge_call(s, d, fl, o, name, g, cpos, cline, chain, seen):
	"""A call the buffer (or a parameter it was passed as) is given directly: follow a
	function of this file, trust a known helper, and review any other."""
	if known_helper(g) or g in FREE_FNS or g in MISMATCHED_FREES or g in ALIGN_FNS or \
			page_use_kind(g) is not None:
		return
	args = call_args_at(s, cpos)
	how = None
	idx = None
	for i, a in enumerate(args or []):
		b = arg_base(a)
		if b is not None and b[0] == name and b[1] != "value":
			how, idx = b[1], i
			break
	if args is not None and idx is None:
		# Only an element of the buffer, or a value computed from it, is passed.
		return
	where = "passed %s%sto %s() at line %d" % (chain_text(chain), ", then " if chain else "",
						 g, cline)
	if not chain and o.func != fl.site.func:
		# A field's or a global's use in another function: say which.
		where = "%s is passed to %s() at line %d in %s()" % (o.text, g, cline, o.func)
	if g not in s.defined and idx is not None and \
			other_file_call(s, d, fl, g, idx, where, cline, chain):
		return
	if g not in s.defined or g in s.ambiguous or idx is None:
		if g in s.ambiguous:
			why = "defined more than once here with different parameters"
		elif g in s.defined:
			why = "the rule cannot tell which of its parameters receives the buffer"
		else:
			why = "whose body the rule does not see (another file, a header or a " \
				"function pointer)"
		d.r(4, cline, "%s, %s: check what it does with the buffer" % (where, why))
		return
	pname = s.followed.get((g, idx))
	if pname is None:
		d.r(4, cline, "%s: the rule does not follow its parameter %d; check what it "
		    "does with the buffer" % (where, idx + 1))
		return
	if (g, pname) in seen:
		return
	before = (len(d.keep), len(d.review))
	ptype = s.fparams[g][idx][1]
	param_uses(s, d, fl, g, pname, ptype, how, chain + [(g, cline, pname)],
		   seen | set([(g, pname)]))
	if (len(d.keep), len(d.review)) == before and not chain:
		fl.ok_calls.add((g, cline))


# ---------------------------------------------------------------- functions of other files

# The driver's facts pass (docs/rule-contract.md, "Facts"): with WHICHALLOC_FACTS_WANT set
# (and -D facts), the rule reads the named functions wherever they are defined and prints,
# for each parameter, what the function does with it (WAF lines). The driver resolves
# calls between files to a fixed point and hands the next run WHICHALLOC_FACTS: a file of
# "function TAB index TAB verdict TAB text" lines, verdict benign, keep or review.
FACTS_WANT = set(x for x in os.environ.get("WHICHALLOC_FACTS_WANT", "").split(",") if x)
FACTS_MODE = bool(FACTS_WANT)
FACTS_KINDS = ("benign", "keep", "review")


def field_want_name(struct, field):
	"""The name the driver knows a field of a structure by: STRUCT.FIELD."""
	return "%s.%s" % (re.sub(r"^struct\s+", "", struct.strip()), field)


# The fields asked about ("STRUCT.FIELD"): every use of them is followed in the facts pass.
FIELD_WANT = {}
for _name in FACTS_WANT:
	_m = re.match(r"^([A-Za-z_]\w*)\.([A-Za-z_]\w*)$", _name)
	if _m:
		FIELD_WANT[_name] = ("struct " + _m.group(1), _m.group(2))
		FIELDS.add(_m.group(2))


def read_facts(lines):
	"""The facts file's lines as {(function, parameter index): (verdict, text)}; a
	malformed line is skipped (the call stays review)."""
	facts = {}
	for line in lines:
		f = line.rstrip("\n").split("\t", 3)
		if len(f) != 4 or not f[1].isdigit() or f[2] not in FACTS_KINDS or \
				not IDENT.match(f[0]):
			continue
		facts[(f[0], int(f[1]))] = (f[2], f[3])
	return facts


def read_field_facts(lines):
	"""The facts file's field lines ("STRUCT.FIELD TAB path TAB verdict TAB text") as
	{name: [(path, verdict, text)]}: one per use in another file, weighed by the rule."""
	facts = {}
	for line in lines:
		f = line.rstrip("\n").split("\t", 3)
		if len(f) == 4 and re.match(r"^\w+\.\w+$", f[0]) and f[2] in FACTS_KINDS:
			facts.setdefault(f[0], []).append((f[1], f[2], f[3]))
	return facts


def fact_lines(path):
	"""The lines of the facts file; none when there is no file or it cannot be read (the
	calls and fields stay review)."""
	if not path:
		return []
	try:
		with open(path, errors="surrogateescape") as f:
			return f.readlines()
	except OSError:
		return []


def load_facts(path):
	return read_facts(fact_lines(path))


FACTS = load_facts(os.environ.get("WHICHALLOC_FACTS"))
FIELD_FACTS = read_field_facts(fact_lines(os.environ.get("WHICHALLOC_FACTS")))


def tree_path(path):
	"""A path as the driver names it: spatch may be given "./PATH"."""
	while path.startswith("./"):
		path = path[2:]
	return path


def other_file_call(s, d, fl, g, idx, where, cline, chain):
	"""A call that hands the buffer to g(), which this file does not define. In the facts
	pass it is an edge for the driver; in a scan, the driver's facts about g() decide it
	when it has them. Returns whether the call is decided."""
	if not IDENT.match(g):
		# A function pointer or a member: no definition to read.
		return False
	if FACTS_MODE:
		d.edges.append((g, idx, cline))
		return True
	s.wants.add(g)
	fact = FACTS.get((g, idx))
	if fact is None:
		return False
	verdict, text = fact
	if verdict == "benign":
		if not chain:
			fl.ok_calls.add((g, cline))
		d.facts.append("%s: %s" % (where, text))
	elif verdict == "keep":
		d.k(3.9, cline, "%s; %s" % (where, text))
	else:
		d.r(4, cline, "%s; %s" % (where, text))
	return True


class FactSite:
	"""Stands for the allocation while a parameter of a wanted function is followed."""
	def __init__(self, fn, line):
		self.func = fn
		self.line = line
		self.order = "0"


def fact_text(pre, msg):
	"""A message of the facts mode, which must say where it is: one found while following
	the parameter into a function of the same file starts with the chain of calls."""
	if msg.startswith(pre):
		return msg
	if msg.startswith("passed "):
		return "%s and passes it %s" % (pre, msg[len("passed "):])
	return "%s: %s" % (pre, msg)


def param_facts(s, fn, pname, ptype, line):
	"""What fn does with its parameter pname: [(kind, line, text, callee, index)], kind
	benign, keep, review, free or call."""
	d = Decision()
	plan = {"frees": set(), "casts": set(), "decl": None, "newtype": None, "chain": set()}
	fl = Follow(FactSite(fn, line), plan, [], set())
	pre = "in %s, %s() receives it as %s" % (tree_path(s.path), fn, pname)
	param_uses(s, d, fl, fn, pname, ptype, "whole", [], set([(fn, pname)]), pre=pre)
	out = []
	for _, l, msg in sorted(d.keep):
		out.append(("keep", l, fact_text(pre, msg), "", ""))
	for _, l, msg in sorted(d.review):
		out.append(("review", l, fact_text(pre, msg), "", ""))
	for _, l, ffn in fl.frees:
		out.append(("free", l, "%s, and %s() frees it at line %d: the rule does not change "
			    "frees in another file" % (pre, ffn, l), "", ""))
	for g, j, l in d.edges:
		out.append(("call", l, "%s and passes it to %s() at line %d" % (pre, g, l), g, j))
	if not out:
		out.append(("benign", line, "%s and only reads or writes through it" % pre, "", ""))
	return out


FACTS_DONE = set()
FIELD_FACTS_DONE = set()


def field_use_facts(s, struct, field):
	"""What the code of this file does with the field: [(kind, line, text)], kind
	benign, keep, review or free."""
	where = tree_path(s.path)
	source = re.sub(r"/\*.*?\*/|//[^\n]*", " ", "\n".join(s.source), flags=re.S)
	written = len(re.findall(r"(?:->|\.)\s*%s\b" % re.escape(field), source))
	seen = [o for o in s.occ.values() if FIELD.match(o.text) and
		FIELD.match(o.text).group(3) == field]
	out = []
	if not written and not seen:
		# A file read for another name: it says nothing of this field.
		return out
	if written > len(seen):
		out.append(("review", 0, "in %s, ->%s is written %d times and the rule follows %d "
			    "(in a macro or a form it does not read)" %
			    (where, field, written, len(seen))))
	for o, via in sorted(occurrences(s, ("F", struct, field)), key=lambda x: x[0].key):
		at = "in %s, %s()" % (where, o.func)
		name = o.text if via in (None, "?") else "its copy %s" % via
		if via == "?":
			out.append(("review", o.line, "%s uses %s at line %d, whose structure the rule "
				    "cannot see" % (at, o.text, o.line)))
			continue
		if o.free is not None:
			out.append(("free", o.line, "%s frees %s at line %d" % (at, name, o.line)))
			continue
		for g, cpos, cline in o.calls:
			kind = page_use_kind(g)
			if kind is not None:
				out.append(("keep" if cpos in o.direct else "review", cline,
					    "%s passes %s to %s() at line %d" % (at, name, g, cline)))
			elif not known_helper(g) and g not in FREE_FNS:
				# Itself or inside an argument: a callee is not followed from a field.
				out.append(("review", cline, "%s passes %s to %s() at line %d, which the "
					    "rule does not follow from a field" % (at, name, g, cline)))
		what = []
		what += ["stores it in %s" % e for e in o.stores if e != o.text]
		what += ["returns it"] if o.ret else []
		what += ["takes its address"] if o.addr else []
		what += ["assigns it %s" % e for e in o.assigned if e not in ("NULL", "0")]
		what += ["moves it"] if o.moved else []
		what += ["casts it to %s" % t for t in o.casts if not is_pointer(t)]
		what += ["relies on its alignment (%s)" % o.align] if o.align else []
		for w in what:
			out.append(("review", o.line, "%s %s at line %d (%s)" % (at, w, o.line, name)))
	if not out:
		out.append(("benign", 0, "in %s, the uses of ->%s only read or write through it" %
			    (where, field)))
	return out


def field_facts(s):
	"""In the facts pass, print what this file does with each field asked about."""
	if s.path in FIELD_FACTS_DONE:
		return
	FIELD_FACTS_DONE.add(s.path)
	for name, (struct, field) in sorted(FIELD_WANT.items()):
		for kind, line, text in field_use_facts(s, struct, field):
			emit_line("WAF", (s.path, name, 0, "extern", kind, line, text, "", ""))


def field_facts_decide(s, d, site, ck, cwhat):
	"""For a field of a structure declared in another file: what the other files that
	use it do, from the facts pass. False when the facts pass has not answered."""
	if not ck[1] or not ck[1].startswith("struct "):
		return False
	if d.keep:
		# Kept already: what other files do would change nothing, and reading them costs.
		return False
	name = field_want_name(ck[1], ck[2])
	s.wants.add(name)
	lines = FIELD_FACTS.get(name)
	if lines is None:
		return False
	own = tree_path(s.path)
	others = [(p, v, t) for p, v, t in lines if tree_path(p) != own]
	words = struct_words(ck)
	for verdict in ("keep", "review"):
		texts = [t for p, v, t in others if v == verdict]
		if texts:
			msg = "%s belongs to %s and %s" % (cwhat, words, texts[0])
			if verdict == "keep":
				d.k(5, site.line, msg)
			else:
				d.r(5, site.line, msg)
			return True
	files = sorted(set(p for p, _, _ in others))
	if files:
		d.facts.append("the other files that use ->%s (%s) only read or write through "
			       "it" % (ck[2], ", ".join(files)))
	else:
		d.facts.append("no other file uses ->%s" % ck[2])
	return True


def facts_of(fp, fn):
	"""Print the facts of a wanted function defined here, once per file."""
	s = st(fp[0])
	if FIELD_WANT:
		field_facts(s)
	if fn not in FACTS_WANT or (s.path, fn) in FACTS_DONE:
		return
	FACTS_DONE.add((s.path, fn))
	line = int(fp[0].line)
	linkage = "static" if s.fstatic.get(fn) else "extern"
	params = s.fparams.get(fn)
	if fn in s.ambiguous or params is None:
		emit_line("WAF", (s.path, fn, -1, linkage, "review", line, "in %s, %s() is defined "
				 "more than once with different parameters" % (tree_path(s.path), fn),
				 "", ""))
		return
	for i, (pname, ptype) in enumerate(params):
		if pname is None or s.followed.get((fn, i)) != pname:
			continue
		for kind, l, text, g, j in param_facts(s, fn, pname, ptype, line):
			emit_line("WAF", (s.path, fn, i, linkage, kind, l, text, g, j))


def want_params(s, fn):
	"""In the facts pass, follow every named parameter of a wanted function."""
	if not FACTS_MODE or fn not in FACTS_WANT or fn in s.ambiguous:
		return
	for i, (pname, _) in enumerate(s.fparams.get(fn) or []):
		if pname is not None:
			follow_param(s, fn, i)


WANTS_DONE = set()


def emit_wants(p):
	"""Print, once per file, the functions of other files whose facts would decide more."""
	s = st(p[0])
	if s.path in WANTS_DONE:
		return
	WANTS_DONE.add(s.path)
	for g in sorted(s.wants):
		emit_line("WAW", (s.path, g))


def param_uses(s, d, fl, fn, pname, ptype, how, chain, seen, occs=None, pre=None):
	"""The uses of the parameter pname of fn, which received the buffer (or of the
	occurrences occs, with pre saying how they got it)."""
	if pre is None:
		pre = "passed %s" % chain_text(chain)
	if occs is None:
		occs = occurrences(s, ("L", fn, pname))
	site = fl.site
	frees = []
	moved = []
	for o, via in sorted(occs, key=lambda x: x[0].key):
		name = via if via not in (None, "?") else o.text
		if o.free is not None:
			fname, forder, fpos = o.free
			if via is not None or how != "whole":
				d.r(3, o.line, "%s, where %s() at line %d frees %s: only a free of the "
				    "buffer itself is converted" % (pre, fname, o.line, name))
			elif not is_pointer(ptype):
				d.r(3, o.line, "%s, an %s that %s() frees at line %d: make it a "
				    "pointer first" % (pre, ptype, fname, o.line))
			else:
				alloc_order = order_of(site)
				if (forder is None and alloc_order not in (0, None)) or \
						(forder is not None and norm(forder) != norm(site.order) and
						 const_int(forder) != alloc_order):
					d.r(3, o.line, "%s, where %s() at line %d frees it with another "
					    "order" % (pre, fname, o.line))
				fl.paired.add(fpos)
				fl.frees.append((fpos, o.line, fn))
				fl.plan["frees"].add((fn, o.text))
				fl.plan["chain"] |= set((g, p) for g, _, p in chain)
				frees.append(o.line)
		for g, cpos, cline in o.calls:
			if o.free is not None and (g in FREE_FNS or g == "virt_to_page"):
				continue
			kind = page_use_kind(g)
			direct = cpos in o.direct
			if kind is not None and direct:
				d.k(3 + KIND_ORDER.index(kind) / 10.0, cline, "%s: %s" % (
					pre, keep_message(kind, g, cline, via, s, fn)))
			elif kind is not None:
				d.r(2, cline, "%s, where %s appears inside the arguments of %s() at "
				    "line %d: check whether that needs the page allocator" %
				    (pre, name, g, cline))
			elif g in FREE_FNS:
				d.r(3, cline, "%s, where %s() at line %d frees it in a form the rule "
				    "cannot pair" % (pre, g, cline))
			elif g in MISMATCHED_FREES:
				d.r(3, cline, "%s, where it is freed with %s() at line %d, which does "
				    "not match the page allocator" % (pre, g, cline))
			elif g in ALIGN_FNS:
				if direct:
					align_use(d, site, "%s() at line %d in %s()" % (g, cline, fn),
						  cline, kernel_version())
			elif direct and via != "?":
				judge_call(s, d, fl, o, name, g, cpos, cline, chain, seen)
		if o.ret:
			d.r(2, o.line, "%s, which returns %s at line %d" % (pre, name, o.line))
		for e in o.stores:
			if e == o.text or (IDENT.match(e) and (o.func, e) in s.aliases):
				continue
			found = asm_store(s, fn, e)
			if found is not None:
				asm_verdict(s, d, found[0], found[1], "%s, which stores %s in %s at line "
					    "%d for the inline assembly statement at line %d" %
					    (pre, name, e, o.line, found[0]))
				continue
			d.r(2, o.line, "%s, which stores %s in %s at line %d; the rule does not "
			    "follow it there" % (pre, name, e, o.line))
		if o.addr:
			d.r(2, o.line, "%s, which takes the address of %s at line %d" %
			    (pre, name, o.line))
		if via is None and o.assigned and not all(e in ("NULL", "0") for e in o.assigned):
			d.r(4, o.line, "%s, which assigns %s at line %d" % (pre, name, o.line))
		if via is None and o.moved:
			moved.append(o.line)
	if frees and moved:
		d.r(4, moved[0], "%s, which moves %s at line %d and frees it at line %d" %
		    (pre, pname, moved[0], frees[0]))
	check_asm(s, d, set([fn]), set([pname]), "%s, where %s" % (pre, pname))


def ulong_decl_found(d):
	s = st(d[0])
	name = s.text_at(d[0]).strip()
	line = s.source[int(d[0].line) - 1]
	s.ulong_decls.setdefault((d[0].current_element, name), []).append(
		(pkey(d[0]), int(d[0].line), line))


def xfer_found(q, g, c):
	s = st(q[0])
	s.xfer.append((okey(q[0]), norm(g), int(c[0].line)))


def keep_call(q, g):
	"""Whether the ownership-transfer check is worth running for this call."""
	s = st(q[0])
	o = s.occ.get(okey(q[0]))
	if o is None or not IDENT.match(o.text):
		return False
	g = norm(g)
	if g in FREE_FNS or g in MISMATCHED_FREES or g in NOT_CALLS or page_use_kind(g):
		return False
	if o.null:
		return False
	for site in s.sites.values():
		if site.recv == "local" and site.var == o.text and site.func == o.func:
			return True
	return False


# ---------------------------------------------------------------- the decision

def buffer_key(site):
	if site.recv == "local":
		return ("L", site.func, site.var)
	if site.recv == "global":
		return ("G", site.var)
	if site.recv in ("field", "init"):
		return ("F", site.struct, site.field)
	return None


def struct_words(bkey, header=False):
	"""A field's structure for a message: its name, or words for a type not resolved."""
	if bkey[1]:
		return "struct %s, declared %s," % (bkey[1].replace("struct ", ""),
			"in this header" if header else "outside this file")
	return "a structure whose type is not known here"


def describe(site):
	if site.recv in ("local", "global"):
		return site.var
	if site.recv in ("field", "init"):
		return "->%s" % site.field if site.recv == "field" else ".%s" % site.field
	return "the buffer"


def occurrences(s, bkey):
	"""The occurrences of a buffer: (occurrence, via) with via None, an alias or '?'."""
	found = []
	for o in s.occ.values():
		t = o.text
		if IDENT.match(t):
			if bkey[0] == "L":
				if o.func == bkey[1] and t == bkey[2] and o.local:
					found.append((o, None))
			elif bkey[0] == "G":
				if t == bkey[1] and not o.local:
					found.append((o, None))
			continue
		m = FIELD.match(t)
		if m is None or bkey[0] != "F" or m.group(3) != bkey[2]:
			continue
		ft = s.field_types.get(o.start)
		if ft is not None and ft[1] == bkey[2]:
			if ft[0] == bkey[1]:
				found.append((o, None))
		else:
			found.append((o, "?"))
	# Copies of the buffer in locals of the functions where it occurs.
	direct = set(o.key for o, via in found if via is None)
	for (func, y), srcs in s.aliases.items():
		if not any(k in direct for k in srcs):
			continue
		if bkey[0] == "L" and y == bkey[2]:
			continue
		for o in s.occ.values():
			if o.func == func and o.text == y and o.local and o.key not in srcs:
				found.append((o, y))
	return found


class Decision:
	def __init__(self):
		self.keep = []		# (rank, line, message)
		self.review = []
		self.notes = []
		self.edges = []		# (callee, parameter index, line): calls out of the file
		self.facts = []		# what the facts of the driver say of calls out of the file

	def k(self, rank, line, msg):
		self.keep.append((rank, line, msg))

	def r(self, rank, line, msg):
		self.review.append((rank, line, msg))


def decide_file(s):
	if s.decided:
		return
	s.decided = True
	version = kernel_version()
	groups = {}
	for site in s.sites.values():
		if site.excluded:
			continue
		site.bkey = buffer_key(site)
		if site.bkey is not None:
			groups.setdefault(site.bkey, []).append(site)
		if site.bkey is not None and site.bkey[0] == "L":
			for k in field_keys(site):
				groups.setdefault(k, []).append(site)
	# The frees that belong to a followed buffer; any other free is one nobody pairs.
	s.owned_frees = set()
	for bkey in groups:
		for o, via in occurrences(s, bkey):
			if via is None and o.free is not None:
				s.owned_frees.add(o.free[2])
	plans = {}
	for site in sorted(s.sites.values(), key=lambda x: x.key):
		if site.excluded:
			continue
		plans[site.key] = decide_site(s, site, version)
	while check_chains(s, plans) or privdata_together(s, plans):
		pass
	# Allocations into the same buffer share their frees: all change or none does.
	for bkey, sites in groups.items():
		bad = [x for x in sites if x.verdict != "replace"]
		if not bad:
			continue
		for x in sites:
			if x.verdict == "replace":
				other = bad[0]
				x.verdict = "review"
				x.message = ("%s also receives the allocation at line %d (%s): change "
					     "them together or not at all" %
					     (describe(x), other.line, other.verdict))
	# A changed function is known only by the base name of its file: another file of the
	# group with that base name and one of the functions to change makes the patch
	# ambiguous.
	twins = [t for path, t in STATES.items() if t is not s and
		 os.path.basename(path) == os.path.basename(s.path)]
	for site in s.sites.values():
		if site.excluded or site.verdict != "replace" or not twins:
			continue
		plan = plans[site.key]
		touched = set([site.func])
		touched |= set(f for f, _ in plan["frees"]) | set(f for f, _ in plan["casts"])
		for t in twins:
			clash = sorted(touched & t.defined)
			if clash:
				site.verdict = "review"
				site.message = ("a plain buffer, but %s in this batch also defines %s(): "
						"scan this file on its own to get the patch" %
						(t.path, clash[0]))
				break
	funcs = {}
	for site in s.sites.values():
		if not site.excluded:
			funcs.setdefault(site.func, []).append(site.verdict)
	s.replaced_funcs = set(f for f, v in funcs.items() if set(v) == set(["replace"]))
	for site in s.sites.values():
		if site.excluded or site.verdict != "replace":
			continue
		plan = plans[site.key]
		s.sel_frees |= plan["frees"]
		s.sel_casts |= plan["casts"]
		s.sel_diffs |= plan["diffs"]
		if plan["decl"] is not None:
			s.sel_decls[plan["decl"]] = plan["newtype"]


def check_chains(s, plans):
	"""A function of this file that frees the buffer it is given changes for all its
	callers: each call must hand it a buffer that changes too, and no other file or
	function pointer may call it. Returns whether a site was demoted."""
	ok = set()
	for x in s.sites.values():
		if x.excluded or x.verdict != "replace":
			continue
		if x.recv == "local":
			ok.add((x.func, x.var))
		elif x.recv == "global":
			ok.add(("*", x.var))
		elif x.recv in ("field", "init"):
			ok.add(("*", "->" + x.field))
		ok |= plans[x.key]["chain"]
		ok |= plans[x.key].get("privdata", set())
	for x in sorted(s.sites.values(), key=lambda y: y.key):
		if x.excluded or x.verdict != "replace":
			continue
		why = chain_problem(s, plans[x.key]["chain"], ok)
		if why is not None:
			x.verdict = "review"
			x.message = "a plain buffer, but " + why
			return True
	return False


def chain_problem(s, chain, ok):
	for g, pname in sorted(chain):
		if not s.fstatic.get(g):
			return "%s(), which it is passed to, is not static: callers in other files " \
				"may give it page-allocator memory" % g
		refs = sorted(s.fnrefs.get(g, set()) - s.lcall_pos)
		if refs:
			return "the address of %s(), which it is passed to, is taken at line %d: " \
				"callers through that pointer may give it page-allocator memory" % (
					g, refs[0][0])
		idx = [n for n, _ in s.fparams[g]].index(pname)
		for caller, callee, args, line in s.lcalls:
			if callee != g:
				continue
			b = arg_base(args[idx]) if idx < len(args) else None
			m = FIELD.match(b[0]) if b is not None else None
			if b is not None and ((caller, b[0]) in ok or ("*", b[0]) in ok or
					      (m is not None and ("*", "->" + m.group(3)) in ok)):
				continue
			return "%s() frees what it is given, and the call at line %d gives it %s, " \
				"which does not change: change them together" % (
					g, line, args[idx] if idx < len(args) else "nothing there")
	return None


def decide_site(s, site, version):
	d = Decision()
	plan = {"frees": set(), "casts": set(), "decl": None, "newtype": None,
		"chain": set(), "diffs": set()}
	what = describe(site)
	gfp = site.gfp or ""
	site.order_n = const_int(site.order)
	if site.order_n is None:
		site.order_n = held_constant(s, site.func, site.order, site.line)
		if site.order_n is not None:
			d.facts.append("the order is the variable %s, which %s() only ever sets "
				       "to %d" % (site.order, site.func, site.order_n))
	order_n = site.order_n

	# What the allocation itself says.
	for t in (site.cast, site.rtype):
		if t and PAGE_TABLE_TYPE.match(t.strip()):
			d.k(1, site.line, "used as a page table (%s): page tables come from the "
			    "page allocator" % t.strip())
			break
	if site.alloc == "__get_dma_pages":
		d.k(2, site.line, "ZONE_DMA memory from __get_dma_pages() for a device's "
		    "addressing limits")
	elif DMA_FLAGS.search(gfp):
		d.k(2, site.line, "ZONE_DMA memory (%s in the flags) for a device's addressing "
		    "limits" % DMA_FLAGS.search(gfp).group(0))
	if HIGHMEM_FLAGS.search(gfp):
		d.r(1, site.line, "%s in the flags of an allocation used by its address: check "
		    "the flags first" % HIGHMEM_FLAGS.search(gfp).group(0))
	heads = any(t and HASH_TYPE.search(t) for t in (site.cast, site.rtype))
	named = [n for n in (site.var, site.field) if n is not None and HASH_NAME.search(n)]
	if order_n is None:
		# A table of list heads is a hash table; a name alone says only "a table".
		if heads or (named and re.search(r"hash|htab", named[0], re.I)):
			d.r(0, site.line, "a hash table allocated with a run-time order (%s): "
			    "consider alloc_large_system_hash() at boot, or kvmalloc_array() + "
			    "kvfree()" % site.order)
		elif named:
			d.r(0, site.line, "a table (%s) allocated with a run-time order (%s): "
			    "if it need not be physically contiguous, kvmalloc_array() + kvfree() "
			    "would do" % (named[0], site.order))
		else:
			d.k(5, site.line, "the order is computed at run time (%s): a multi-page, "
			    "physically contiguous block" % site.order)
	elif order_n >= 2:
		d.k(5, site.line, "order %d (%d contiguous pages): kmalloc() of that size would "
		    "call the page allocator anyway" % (order_n, 1 << order_n))

	# Where the address goes.
	if site.macro is not None:
		d.r(1, site.line, "in the body of the macro %s(): the rule does not follow macro "
		    "bodies; check what its users do with the address" % site.macro)
	elif site.recv is None:
		d.r(1, site.line, "the address is not stored in a variable or field the rule "
		    "can follow")
	elif site.recv == "return":
		d.r(1, site.line, "the address is returned to the caller: whoever frees it with "
		    "free_page() would have to change too")
	elif site.recv == "arg":
		d.r(1, site.line, "the address is passed straight to %s(): the rule cannot see "
		    "what it does with it" % site.var)
	elif site.recv == "array":
		if site.in_loop:
			d.r(1, site.line, "page-sized blocks allocated into %s in a loop: an array "
			    "of pages used as one table costs an extra dereference per lookup; "
			    "consider one kvmalloc_array()/kvcalloc() + kvfree()" % site.var)
		else:
			d.r(1, site.line, "stored in the array element %s: the rule does not follow "
			    "array elements" % site.var)
	elif site.recv in ("field", "init") and site.struct is None:
		d.r(1, site.line, "stored in %s of an expression whose type the rule cannot see"
		    % what)
	elif site.recv in ("field", "init") and not is_pointer(site.cast):
		d.r(1, site.line, "%s of struct %s holds the address as an integer: changing "
		    "it changes the structure" % (what, site.struct.replace("struct ", "")))
	elif site.recv in ("local", "global") and not is_pointer(site.rtype) and \
			norm(site.rtype or "") != "unsignedlong":
		d.r(1, site.line, "held in a %s variable: the rule only converts pointers and "
		    "unsigned long" % (site.rtype or "?"))
	elif site.recv == "global" and not is_pointer(site.rtype):
		d.r(1, site.line, "the global %s holds the address as an integer" % site.var)

	bkey = site.bkey
	ulong = site.recv == "local" and not is_pointer(site.rtype)
	frees = []
	if bkey is not None:
		examine_uses(s, site, bkey, d, plan, frees, ulong, version)

	if d.keep:
		site.verdict = "keep"
		site.message = sorted(d.keep)[0][2]
		return plan
	if d.review:
		site.verdict = "review"
		site.message = sorted(d.review)[0][2]
		return plan

	# A plain buffer.
	kfn, size, flags = replacement(site)
	own = [l for _, l, fn in frees if fn == site.func]
	where = ("at " + lines_text(own)) if own else ""
	others = sorted(set((fn, l) for _, l, fn in frees if fn != site.func))
	if others:
		where += (" and " if where else "") + " and ".join(
			"in %s() (line %d)" % (fn, l) for fn, l in others)
	if site.recv in ("field", "init") or site.recv == "global":
		where = " and ".join("%s() (line %d)" % (fn, l) for _, l, fn in
				     sorted(frees, key=lambda x: x[1]))
		owner = "of %s" % site.struct if site.struct else "(a static variable)"
		msg = "plain buffer in %s %s: %s(%s, %s)" % (what, owner, kfn, size, flags)
		if where:
			msg += "; kfree() in %s" % where
	elif site.stored:
		where = " and ".join("%s() (line %d)" % (fn, l) for _, l, fn in
				     sorted(frees, key=lambda x: x[1]))
		msg = "plain buffer: %s(%s, %s), kept in %s of %s; kfree() in %s" % (
			kfn, size, flags, " and ".join("->%s" % f for _, f, _ in site.stored),
			" and ".join(sorted(set(t for t, _, _ in site.stored))), where)
	else:
		msg = "plain buffer: %s(%s, %s); kfree() %s" % (kfn, size, flags, where)
	if plan["newtype"] is not None:
		msg += "; unsigned long %s becomes %s *%s" % (site.var, plan["newtype"], site.var)
	if site.alloc in ("alloc_page", "alloc_pages", "alloc_pages_node"):
		msg += "; page_address(%s()) made a failed allocation look like a non-NULL " \
			"address" % site.alloc
	if d.notes:
		msg += "; " + d.notes[0]
	if plan.get("privvia"):
		msg += "; " + plan["privvia"]
	if d.facts:
		msg += "; " + "; ".join(d.facts)
	site.verdict = "replace"
	site.message = msg
	return plan


def replacement(site):
	zero = site.alloc == "get_zeroed_page"
	flags = site.gfp or "GFP_KERNEL"
	ops = split_or(flags)
	if ops is not None and "__GFP_ZERO" in ops:
		zero = True
		rest = [o for o in ops if o != "__GFP_ZERO"]
		flags = " | ".join(rest) if rest else "0"
	order_n = order_of(site) or 0
	size = "PAGE_SIZE" if order_n == 0 else "%d * PAGE_SIZE" % (1 << order_n)
	return ("kzalloc" if zero else "kmalloc"), size, flags


ASM_START = re.compile(r"\b(?:asm|__asm__|__asm)\b(?:\s+(?:volatile|__volatile__|goto|"
		       r"inline))*\s*\(")


def balanced_end(text, i):
	"""The index just past the bracket that closes the one at text[i], or len(text)."""
	pairs = {"(": ")", "{": "}"}
	close = pairs[text[i]]
	depth = 0
	for j in range(i, len(text)):
		if text[j] == text[i]:
			depth += 1
		elif text[j] == close:
			depth -= 1
			if depth == 0:
				return j + 1
	return len(text)


def function_bodies(s, fn):
	"""[(line, body)]: the text of each definition of fn in this file from its opening
	brace to the closing one, and the line of that brace."""
	out = []
	for first in s.fdef_lines.get(fn, []) if s.source else []:
		text = "\n".join(s.source[first - 1:])
		brace = text.find("{")
		if brace >= 0:
			out.append((first + text[:brace].count("\n"),
				    text[brace:balanced_end(text, brace)]))
	return out


def asm_stmt(s, fn, names):
	"""(line, text) of an inline assembly statement in fn that names one of names, or
	None. spatch does not show the operands of asm statements to the rules: an
	instruction handed the address (s390's stsi, for one) would go unseen."""
	if not names:
		return None
	word = re.compile(r"(?<![\w.>])(?:%s)\b|(?:->|\.)(?:%s)\b" % (
		"|".join(re.escape(n) for n in names), "|".join(re.escape(n) for n in names)))
	for line, body in function_bodies(s, fn):
		for m in ASM_START.finditer(body):
			stmt = body[m.end() - 1:balanced_end(body, m.end() - 1)]
			if word.search(stmt):
				return (line + body[:m.start()].count("\n"), stmt)
	return None


def asm_use(s, fn, names):
	"""The line of asm_stmt(), or None."""
	found = asm_stmt(s, fn, names)
	return found[0] if found else None


# s390 instructions that hand an address to the machine's firmware, the hypervisor or the
# channel subsystem rather than access it as the CPU does: DIAGNOSE, STORE SYSTEM
# INFORMATION, CHSC, the SCLP service call and STORE HYPERVISOR INFORMATION (B256),
# written as mnemonics or as .insn with their opcodes. Atomics, MVCOS (copy_to_user) and
# the CPACF crypto instructions take addresses like any load or store: not these.
FIRMWARE_INSN = re.compile(r"(?<![\w.])(diag|stsi|chsc|servc|sthyi)\b|"
			   r"\.insn\s+\w+\s*,\s*0x(b256|b25f|b220)0000", re.I)
FIRMWARE_OPCODES = {"b256": "sthyi", "b25f": "chsc", "b220": "servc"}


def firmware_insn(stmt):
	"""The s390 instruction of an asm statement that hands an address to firmware."""
	m = FIRMWARE_INSN.search(stmt or "")
	if m is None:
		return None
	return m.group(1).lower() if m.group(1) else FIRMWARE_OPCODES[m.group(2).lower()]


# The declarations of an integer local: "unsigned long nr, order;", "int order = 0;".
INT_DECL = r"(?:^|[;{}])\s*(?:const\s+)?(?:(?:unsigned|signed|int|long|short|char|u8|u16|" \
	r"u32|u64|size_t|unsigned\s+int)\s+)+[^;{}()]*?(?<![\w.>])%s\b"


def held_constant(s, fn, var, before):
	"""The value of var, an integer local of fn, when every write to it in fn sets it to
	the same integer literal and the first comes before line before (an order kept in
	a variable: order = 0; ... __get_free_pages(GFP_KERNEL, order)); else None."""
	if not IDENT.match(var or "") or var in [n for n, _ in s.fparams.get(fn) or []]:
		return None
	bodies = function_bodies(s, fn)
	if len(bodies) != 1:
		return None
	line, body = bodies[0]
	body = re.sub(r"/\*.*?\*/|//[^\n]*", lambda m: re.sub(r"[^\n]", " ", m.group(0)), body,
		      flags=re.S)
	v = re.escape(var)
	if not re.search(INT_DECL % v, body):
		return None
	# Its address, ++/--, compound assignments, or a macro that may write it: not constant.
	if re.search(r"&\s*%s\b|(?:\+\+|--)\s*%s\b|(?<![\w.>])%s\s*(?:\+\+|--|[-+*/%%&|^]=|<<=|>>=)"
		     % (v, v, v), body) or \
			re.search(r"\b(?:[A-Z_][A-Z0-9_]*|swap)\s*\([^;]*(?<![\w.>])%s\b" % v, body):
		return None
	writes = list(re.finditer(r"(?<![\w.>])%s\s*=(?!=)\s*([^;,)]*)" % v, body))
	values = set(const_int(m.group(1)) for m in writes)
	if not writes or len(values) != 1 or None in values:
		return None
	if line + body[:writes[0].start()].count("\n") >= before:
		return None
	return values.pop()


def order_of(site):
	"""The allocation's order as a number, None when it is not known."""
	if getattr(site, "order_n", None) is not None:
		return site.order_n
	return const_int(site.order)


def last_name(text):
	"""The identifier an occurrence ends with (buf, or the field of d->buf)."""
	m = re.search(r"([A-Za-z_]\w*)\s*$", text)
	return m.group(1) if m else None


def is_s390(s):
	"""Whether the file is s390 code. There the kernel's virtual addresses are real
	ones, so an instruction handed the buffer's address (stsi, diag 308, chsc, the
	cpacf functions) addresses the memory as a device would, with no __pa() to see."""
	return re.search(r"(?:^|/)(?:arch|drivers)/s390/", tree_path(s.path)) is not None


def asm_verdict(s, d, line, stmt, msg):
	"""An address an inline assembly statement hands to an instruction. On s390 an
	instruction that hands it to the firmware, the hypervisor or the channel subsystem
	(stsi, diag, chsc) works on the real address, which the kernel's virtual one is
	there: a use like __pa(), keep. Any other instruction (an atomic, x86's movntdqa)
	accesses it as the CPU does and may not care: review."""
	insn = firmware_insn(stmt) if is_s390(s) else None
	if insn is not None:
		d.k(3, line, "%s: s390's %s hands the address to the machine's firmware, which "
		    "works on real addresses (virtual equals real there), as a device would" %
		    (msg, insn))
	else:
		d.r(2, line, "%s: an instruction may need the page allocator's memory; check "
		    "it" % msg)


def check_asm(s, d, funcs, names, what):
	for fn in sorted(funcs):
		found = asm_stmt(s, fn, names | set(y for f, y in s.aliases if f == fn))
		if found is not None:
			line, stmt = found
			asm_verdict(s, d, line, stmt, "%s appears in an inline assembly statement "
				    "at line %d in %s()" % (what, line, fn))
			return


def asm_store(s, fn, e):
	"""For a store into e in fn: (line, text) of the inline assembly statement that
	hands e's variable to an instruction, when e is a member of a local of fn (s390's
	register pairs: r1.even = (unsigned long)addr, then asm(... (r1.pair))), or None."""
	m = re.match(r"^([A-Za-z_]\w*)\.[A-Za-z_]\w*$", norm_target(e))
	if m is None:
		return None
	return asm_stmt(s, fn, set([m.group(1)]))


def examine_uses(s, site, bkey, d, plan, frees, ulong, version):
	what = describe(site)
	occs = occurrences(s, bkey)
	# A local stored into fields is followed as those fields too.
	extra = field_keys(site) if bkey[0] == "L" else []
	stored_at = set(k for _, _, k in site.stored)
	known = set(o.key for o, via in occs)
	for k in extra:
		for o, via in occurrences(s, k):
			if o.key not in known:
				known.add(o.key)
				occs.append((o, via))
	private = True
	# What a header declares belongs to every file that includes it: nothing there is private.
	header = site.pos.file.endswith(".h")
	if bkey[0] == "F" and (header or bkey[1] not in s.structs):
		private = False
	if any(header or k[1] not in s.structs for k in extra):
		private = False
	if bkey[0] == "G" and (header or bkey[1] not in s.statics):
		private = False
	frees_seen = []
	funcs = set(o.func for o, via in occs)
	funcs.add(site.func)
	paired = set()
	ptr_types = set()
	diff_types = set()
	fl = Follow(site, plan, frees, paired)
	own = set(o.key for o, via in occs if via is None)
	for o, via in sorted(occs, key=lambda x: x[0].key):
		name = via if via not in (None, "?") else o.text
		# A free before this site is one of an earlier buffer of the same name.
		if o.after_free is not None and not (o.func == site.func and
						     o.after_free < site.line):
			d.r(3, o.line, "%s is used at line %d after the free at line %d gave it back "
			    "(code that compares what the allocator hands out, or a stale pointer): "
			    "check by hand" % (o.text, o.line, o.after_free))
		stale_uses(s, site, d, o, via, own)
		if o.free is not None and via is None:
			fname, forder, fpos = o.free
			paired.add(fpos)
			frees.append((fpos, o.line, o.func))
			alloc_order = order_of(site)
			if forder is not None and (const_int(forder) is None or
						   const_int(forder) != alloc_order):
				if norm(forder) != norm(site.order):
					d.r(3, o.line, "allocated with order %s but freed with order %s "
					    "at line %d" % (site.order, forder, o.line))
			elif forder is None and alloc_order not in (0, None):
				d.r(3, o.line, "allocated with order %s but freed as one page by %s() "
				    "at line %d" % (site.order, fname, o.line))
			plan["frees"].add((o.func, o.text))
		elif o.free is not None:
			if via == "?":
				d.r(3, o.line, "%s() at line %d frees a %s whose type the rule cannot "
				    "see" % (o.free[0], o.line, o.text))
			else:
				d.r(3, o.line, "freed through the copy %s at line %d: only frees of %s "
				    "itself are converted" % (via, o.line, what))
		# Calls the occurrence is an argument of. A user mapping usually gets the
		# buffer through virt_to_page() or __pa(): name the mapping.
		through = [g for g, cpos, _ in o.calls if cpos in o.direct and
			   page_use_kind(g) in ("page", "phys")]
		for g, cpos, cline in o.calls:
			if o.free is not None and (g in FREE_FNS or g == "virt_to_page"):
				continue
			kind = page_use_kind(g)
			direct = cpos in o.direct
			if kind == "map" and not direct and through and via != "?":
				who = "the buffer" if via is None else "its copy %s" % via
				d.k(3, cline, "%s is mapped to user space with %s() at line %d (through "
				    "%s())" % (who, g, cline, through[0]))
			elif kind is not None and not direct and via != "?":
				if not through:
					d.r(2, cline, "%s appears inside the arguments of %s() at line %d: "
					    "check whether that needs the page allocator" %
					    (o.text, g, cline))
			elif kind is not None:
				if via == "?":
					d.r(2, cline, "%s at line %d (a type the rule cannot see) is passed "
					    "to %s()" % (o.text, cline, g))
				else:
					# Through the field a local is stored in: name the field.
					who = None
					if extra and via is None and o.text != site.var:
						who = "%s (in %s())" % (o.text, o.func)
					d.k(3 + KIND_ORDER.index(kind) / 10.0, cline,
					    keep_message(kind, g, cline, via, s, o.func, who))
			elif g in FREE_FNS:
				d.r(3, cline, "%s() at line %d frees it in a form the rule cannot pair" %
				    (g, cline))
			elif g in MISMATCHED_FREES:
				frees_seen.append(cline)
				d.r(3, cline, "freed with %s() at line %d, which does not match the page "
				    "allocator" % (g, cline))
			elif g in ALIGN_FNS:
				if direct:
					align_use(d, site, "%s()" % g, cline, version)
			elif direct and via != "?":
				judge_call(s, d, fl, o, o.text, g, cpos, cline, [], set())
		if o.align is not None and via != "?":
			align_use(d, site, o.align, o.line, version)
		if via == "?":
			continue
		esc = 2 if via is None else 2.5
		if o.ret:
			d.r(esc, o.line, "%s is returned to the caller at line %d: whoever frees it "
			    "with free_page() would have to change too" % (name, o.line))
		for e in o.stores:
			if e == o.text or (IDENT.match(e) and (o.func, e) in s.aliases):
				continue
			if via is None and o.key in stored_at:
				continue
			if via is None and privdata_store(s, d, fl, site, o, e):
				continue
			found = asm_store(s, o.func, e)
			if found is not None:
				asm_verdict(s, d, found[0], found[1], "%s is stored in %s at line %d for "
					    "the inline assembly statement at line %d in %s()" %
					    (name, e, o.line, found[0], o.func))
				continue
			d.r(esc, o.line, "%s is stored in %s at line %d; the rule does not follow it "
			    "there" % (name, e, o.line))
		if o.addr:
			d.r(esc, o.line, "the address of %s is taken at line %d; the rule cannot follow "
			    "it" % (name, o.line))
		if via is not None:
			continue
		for e in o.assigned:
			if site_assignment(s, o):
				continue
			if e in ("NULL", "0"):
				continue
			if extra and o.func == site.func and norm_target(e) == site.var:
				continue
			if o.text != what and extra:
				d.r(4, o.line, "%s is assigned another value at line %d: the rule cannot "
				    "pair its frees" % (o.text, o.line))
				continue
			d.r(4, o.line, "%s is reassigned at line %d: the rule cannot pair its frees" %
			    (what, o.line))
		if o.moved:
			d.r(4, o.line, "%s is moved at line %d: kfree() needs the pointer kmalloc() "
			    "returned" % (o.text if extra else what, o.line))
		# The uses of a stored local through its field are the field's own, not the local's.
		if ulong and not (extra and o.text != site.var):
			ok = o.free is not None or o.null or site_assignment(s, o) or \
				(o.assigned and all(e in ("NULL", "0") for e in o.assigned))
			# (unsigned long)p - page is the length p has advanced: p - page once
			# page is a pointer to the type p points to.
			if o.ptrdiff and not o.casts:
				ok = True
				diff_types |= set(o.ptrdiff)
				plan["diffs"].add((o.func, o.text))
			pcasts = [t for t in o.casts if is_pointer(t)]
			if pcasts:
				ok = True
				for t in pcasts:
					ptr_types.add(t)
				plan["casts"].add((o.func, o.text))
			if not ok:
				d.r(5, o.line, "the unsigned long %s is used as an integer at line %d: "
				    "making it a pointer would spread" % (site.var, o.line))
		else:
			for t in o.casts:
				if not is_pointer(t) and o.free is None:
					int_use(s, d, o, t, what)

	check_asm(s, d, funcs, set(n for n in (last_name(o.text) for o, via in occs) if n), what)
	# Frees. A local stored into a field is judged as the field.
	ck, cwhat = bkey, what
	if extra:
		ck = extra[0]
		cwhat = "->%s (where %s is stored)" % (ck[2], site.var)
	if not frees and not frees_seen:
		# A stored local may be freed wherever the field value went: not a keep.
		if private and ck[0] == "G" and not extra:
			# A static global no other file sees and nothing here frees: whatever
			# its uses hand on is judged above; the buffer itself lives as long as
			# the kernel, as a kmalloc() one may.
			d.facts.append("the static %s is never freed: it lives as long as the "
				       "kernel" % what)
		elif private or ck[0] == "L" or extra:
			d.r(9, site.line, "%s is not freed in %s: find who frees it before changing "
			    "the allocator" % (cwhat, "%s()" % site.func if ck[0] == "L"
						  else "this file"))
		elif ck[0] == "F":
			d.k(6, site.line, "%s of %s is never freed here: the free_page() "
			    "elsewhere would have to change too" % (cwhat, struct_words(ck, header)))
		else:
			d.k(6, site.line, "the global %s is never freed in this file: the "
			    "free_page() elsewhere would have to change too" % what)
	elif not private:
		if ck[0] == "F":
			# What the other files that use the field do, when the facts pass says.
			if header or not field_facts_decide(s, d, site, ck, cwhat):
				d.r(5, site.line, "%s belongs to %s so other files may free or map "
				    "it" % (cwhat, struct_words(ck, header)))
		else:
			d.r(5, site.line, "the global %s is visible to other files, which may free "
			    "or map it" % what)
	# Frees nobody can pair, in the functions that touch the buffer.
	for fpos, (fname, fline, ffunc) in sorted(s.allfrees.items()):
		if fpos in paired or fpos in s.owned_frees:
			continue
		if ffunc in funcs:
			d.r(4, fline, "%s() at line %d frees page-allocator memory the rule cannot "
			    "pair with %s" % (fname, fline, what))
			break
	# Paths that leave the function without freeing a local buffer passed to a call.
	if bkey[0] == "L":
		seen = []
		# A helper of this file that frees the buffer frees it on the paths through it.
		by_helper = any(fn != site.func for _, _, fn in frees)
		for qk, g, cline in s.xfer:
			o = s.occ.get(qk)
			if (g, cline) in fl.ok_calls or (by_helper and known_helper(g)):
				continue
			if o is not None and only_through_followed(o, g, cline, fl):
				continue
			if o is not None and o.func == site.func and o.text == site.var:
				seen.append((not known_helper(g), cline, g))
		if seen:
			owner, cline, g = max(seen)
			if owner:
				d.r(6, cline, "not freed on every path after it is passed to %s() at "
				    "line %d: check whether %s() keeps it" % (g, cline, g))
			else:
				d.r(6, cline, "not freed on every path after line %d: a leak, or the "
				    "buffer is kept somewhere the rule cannot see" % cline)
	# An unsigned long local becomes a pointer.
	if ulong and not d.keep and not d.review:
		convert_ulong(s, site, d, plan, ptr_types, diff_types)


def stale_uses(s, site, d, o, via, own):
	"""Uses that only mean something for the page allocator: the buffer read through a
	copy after the free of the buffer, or compared with a pointer the page allocator was
	given back (code that checks which memory the allocator hands out)."""
	if via not in (None, "?"):
		for fline, xkey in o.frees_before:
			if xkey in own and not (o.func == site.func and fline < site.line):
				d.r(3, o.line, "its copy %s is used at line %d after the free at line %d "
				    "gave the buffer back (code that looks at what the allocator hands "
				    "out, or a stale pointer): check by hand" % (via, o.line, fline))
				break
	for y, ykey in o.compared:
		yo = s.occ.get(ykey)
		if yo is not None and yo.after_free is not None and ykey not in own:
			d.r(3, o.line, "%s is compared with %s at line %d, which the free at line %d "
			    "gave back (code that checks which memory the allocator hands out): "
			    "check by hand" % (o.text if via in (None, "?") else via, y, o.line,
					       yo.after_free))


def only_through_followed(o, g, cline, fl):
	"""Whether the buffer reaches the call of g only inside the arguments of calls to
	functions of this file that were followed without a finding (i_size_write(inode,
	print(buf)) gives i_size_write() what print() returns, which is not the buffer)."""
	direct = [(h, l) for h, cpos, l in o.calls if cpos in o.direct]
	if not direct or (g, cline) in direct:
		return False
	return all(dc in fl.ok_calls for dc in direct)


def site_assignment(s, o):
	"""Whether the occurrence is the receiver an allocation writes."""
	for site in s.sites.values():
		if site.rpos != o.start:
			continue
		if site.recv in ("local", "global") and o.text == site.var:
			return True
		m = FIELD.match(o.text)
		if site.recv == "field" and m is not None and m.group(3) == site.field:
			return True
	return False


def int_use(s, d, o, t, what):
	for g, cpos, cline in o.calls:
		if g not in FREE_FNS and not page_use_kind(g) and g not in ALIGN_FNS:
			d.r(5, o.line, "the address of %s goes to %s() as (%s) at line %d: the rule "
			    "cannot see what it does with it" % (what, g, t, o.line))
			return


def align_use(d, site, what, line, version):
	if version < (5, 4, 0):
		d.k(4, line, "relies on page alignment (%s at line %d): kmalloc() guarantees it "
		    "only since Linux 5.4, and this tree is older" % (what, line))
	elif not d.notes:
		d.notes.append("its page alignment (%s at line %d) holds: kmalloc() of a "
			       "power-of-two size is naturally aligned since Linux 5.4" % (what, line))


def keep_message(kind, g, line, via, s, func, who=None):
	# The possessive of the buffer, or of a named expression: the pages of d->page (in g()).
	if who is None:
		who = "the buffer" if via is None else "its copy %s" % via
		whose = lambda what: "%s's %s" % (who, what)
	else:
		whose = lambda what: "the %s of %s" % (what, who)
	if kind == "phys":
		maps = sorted((l, m) for m, l in s.pagecalls.get(func, [])
			      if page_use_kind(m) == "map")
		if maps:
			return "%s is taken with %s() at line %d for %s() at line %d (a user " \
				"mapping)" % (whose("physical address"), g, line, maps[0][1], maps[0][0])
	if kind == "map":
		return "%s is mapped to user space with %s() at line %d" % (who, g, line)
	if kind == "table":
		return "%s is used as a page table by %s() at line %d" % (who, g, line)
	if kind == "setmem":
		return "%s() at line %d changes the attributes of %s" % (g, line, whose("pages"))
	if kind == "dma" and g.startswith("sg_"):
		return "%s is put in a scatterlist with %s() at line %d (page-based I/O)" % (
			who, g, line)
	if kind == "dma":
		return "%s is handed to DMA by %s() at line %d" % (who, g, line)
	if kind == "page":
		return "%s is passed to %s() at line %d (needs its struct page)" % (who, g, line)
	if kind == "phys" and re.search(r"[gmp]fn|machine", g):
		return "%s is passed to %s() at line %d (needs its frame number)" % (who, g, line)
	if kind == "phys":
		return "%s is passed to %s() at line %d (needs its physical address)" % (who, g,
											   line)
	return "%s() at line %d maintains the caches of %s" % (g, line, whose("page"))


def convert_ulong(s, site, d, plan, ptr_types, diff_types=frozenset()):
	bases = set()
	for t in ptr_types:
		b = re.sub(r"\s*\*\s*$", "", t.strip())
		b = re.sub(r"^const\s+", "", b)
		bases.add(b)
	nonvoid = sorted(b for b in bases if b != "void")
	if len(nonvoid) > 1:
		d.r(5, site.line, "the unsigned long %s is cast to %s: choose its pointer type by "
		    "hand" % (site.var, " and ".join("%s *" % b for b in nonvoid)))
		return
	newtype = nonvoid[0] if nonvoid else "void"
	# Pointers subtract only from pointers of their own type.
	for t in sorted(diff_types):
		if t != norm(newtype):
			d.r(5, site.line, "the unsigned long %s is subtracted from a %s * cast to "
			    "unsigned long, but becomes %s *: rewrite the length by hand" % (
				site.var, t, newtype))
			return
	decls = s.ulong_decls.get((site.func, site.var), [])
	if len(decls) != 1:
		d.r(5, site.line, "the rule cannot find the one declaration of the unsigned long "
		    "%s to make it a pointer" % site.var)
		return
	dk, dline, text = decls[0]
	stmt = text.split(";")[0]
	flat = None
	while flat != stmt:
		flat, stmt = stmt, re.sub(r"\([^()]*\)", "", stmt)
	if "," in stmt:
		d.r(5, dline, "the unsigned long %s is declared with other variables at line %d: "
		    "split the declaration to make it a pointer" % (site.var, dline))
		return
	plan["decl"] = (site.func, site.var)
	plan["newtype"] = newtype


TEMP_COPY = re.compile(r"^cocci_small_output-\d+-[0-9A-Za-z]+-(.+)$")


def state_for(pos):
	"""The file state of a position bound after a change. spatch re-reads a function it
	has changed from a temporary copy named after the file; only the function name is
	still right in such a position: among the files of the group with that base name,
	the one defining that function (decide_file() made sure there is one). None when
	the copy cannot be told apart."""
	if pos.file in STATES:
		return STATES[pos.file]
	m = TEMP_COPY.match(os.path.basename(pos.file))
	if m is None:
		return None
	found = [s for path, s in STATES.items() if os.path.basename(path) == m.group(1)]
	if len(found) > 1:
		found = [s for s in found if pos.current_element in s.defined]
	return found[0] if len(found) == 1 else None


def patch_here(fh, x, what):
	"""The constraint of the transformations: the function at fh is one whose free, cast
	or declaration of x this rule changes (in this very file, not a namesake in another
	file of the group)."""
	s = state_for(fh[0])
	if s is None:
		return False
	decide_file(s)
	chosen = {"frees": s.sel_frees, "casts": s.sel_casts, "decls": s.sel_decls,
		  "diffs": s.sel_diffs}[what]
	return (fh[0].current_element, norm_target(x)) in chosen


def selected(pos, x, what):
	"""The function to patch when the free, cast or declaration of x at pos changes,
	otherwise a name that matches no function."""
	s = state_for(pos[0])
	if s is None:
		return NO_MATCH
	decide_file(s)
	k = (pos[0].current_element, norm_target(x))
	chosen = {"frees": s.sel_frees, "casts": s.sel_casts, "decls": s.sel_decls,
		  "diffs": s.sel_diffs}[what]
	return pos[0].current_element if k in chosen else NO_MATCH


def check_left(pos, x, what):
	"""Fail when the patch left in place something it was meant to change."""
	s = state_for(pos[0])
	if s is None:
		if TEMP_COPY.match(os.path.basename(pos[0].file)):
			raise RuntimeError("pagealloc-kmalloc: cannot tell which file of the batch "
					   "%s() was changed in, so the patch cannot be checked; scan "
					   "the files one by one" % pos[0].current_element)
		return
	decide_file(s)
	func = pos[0].current_element
	if what == "sites":
		left = func in s.replaced_funcs
	else:
		left = selected(pos, x, what) != NO_MATCH
	if left:
		thing = {"sites": "allocation", "frees": "free of %s" % x,
			 "casts": "cast of %s" % x, "decls": "declaration of %s" % x,
			 "diffs": "difference with %s" % x}[what]
		raise RuntimeError("pagealloc-kmalloc: the patch of %s did not change the %s in "
				   "%s(), so it is withheld; this is a bug in the rule: report it "
				   "with the file" % (s.path, thing, func))


def new_type(pos, x):
	"""The pointer's base type for an unsigned long declaration that changes."""
	s = state_for(pos[0])
	if s is None:
		return "int"
	decide_file(s)
	return s.sel_decls.get((pos[0].current_element, norm_target(x)), "int")


def verdict_of(p):
	s = st(p[0])
	decide_file(s)
	site = s.sites.get(pkey(p[0]))
	if site is None or site.excluded:
		return None
	return site


# ---------------------------------------------------------------- file->private_data

# The operations tables whose functions are given the struct file that their .open fills.
OPS_TYPES = set(["struct file_operations", "struct proc_ops"])
OPEN_MEMBERS = set(["open", "proc_open"])
RELEASE_MEMBERS = set(["release", "proc_release"])
MMAP_MEMBERS = set(["mmap", "proc_mmap"])
# Members that hold no function, and functions of other files a table may name that do
# not touch file->private_data.
OPS_NOT_FUNCS = set(["owner", "mmap_supported_flags", "fop_flags", "proc_flags"])
OPS_SAFE = set(["generic_file_llseek", "generic_file_llseek_size", "default_llseek",
		"no_llseek", "noop_llseek", "fixed_size_llseek", "no_seek_end_llseek",
		"NULL"])
# Functions given the struct file itself that do not touch its private_data.
FILE_HELPERS = OPS_SAFE | set(["nonseekable_open", "stream_open", "generic_file_open",
			       "file_inode", "file_dentry"])


class OpsTable:
	"""One initializer of an operations table: member -> (function, position key)."""
	def __init__(self, name):
		self.name = name
		self.members = {}
		self.line = None
		self.clash = None	# a member given two functions (two definitions)

	def member(self, kinds):
		"""The function of the first member of the given kinds, or None."""
		for m in sorted(self.members):
			if m in kinds:
				return self.members[m][0]
		return None

	def funcs(self, s):
		"""(member, function) of the members whose function is defined in the file."""
		return sorted((m, f) for m, (f, _) in self.members.items()
			      if f in s.defined and m not in OPS_NOT_FUNCS)


def optabs(s):
	"""The operations tables of a file, by name (kept beside the facts of FileState)."""
	if not hasattr(s, "optabs"):
		s.optabs = {}
	return s.optabs


def optab_found(p, t, v, fld, fn):
	ty = " ".join(w for w in t.split() if w not in ("const", "static", "volatile"))
	if ty not in OPS_TYPES:
		return
	s = st(p[0])
	tab = optabs(s).setdefault(v, OpsTable(v))
	line = int(p[0].line)
	tab.line = line if tab.line is None else min(tab.line, line)
	old = tab.members.get(fld)
	if old is not None and old[0] != fn:
		tab.clash = fld
	tab.members[fld] = (fn, pkey(p[0]))
	privdata_names(s)


def file_param(s, fn):
	"""The name of the one struct file * parameter of a function of the file, or None."""
	found = [n for n, t in s.fparams.get(fn) or [] if n is not None and
		 norm(re.sub(r"\bconst\b", "", t)) == "structfile*"]
	return found[0] if len(found) == 1 else None


def ops_closure(s, names):
	"""The tables named, and every table sharing a function of this file with them."""
	tabs = optabs(s)
	done = set(names)
	while True:
		fns = set(f for n in done for _, f in tabs[n].funcs(s))
		more = set(n for n, t in tabs.items() if n not in done and
			   fns & set(f for _, f in t.funcs(s)))
		if not more:
			return sorted(done, key=lambda n: (tabs[n].line, n))
		done |= more


def privdata_names(s):
	"""Follow file->private_data, and the struct file parameters of the functions of the
	tables whose .open allocates a buffer, and of the tables sharing their functions."""
	openers = set(x.func for x in s.sites.values() if not x.excluded)
	start = [n for n, t in optabs(s).items() if t.member(OPEN_MEMBERS) in openers]
	if not start:
		return
	s.fields.add("private_data")
	FIELDS.add("private_data")
	tabs = optabs(s)
	for n in ops_closure(s, start):
		for _, f in tabs[n].funcs(s):
			y = file_param(s, f)
			if y is not None:
				s.names.add(y)
				NAMES.add(y)


def privdata_open_problem(s, fn):
	"""Why what fn stores in file->private_data cannot be followed into its tables."""
	opens = [t for t in optabs(s).values() if t.member(OPEN_MEMBERS) == fn]
	if not opens:
		return "%s() is not the .open of an operations table of this file" % fn
	if not s.fstatic.get(fn) or fn in s.ambiguous:
		return "%s() is not static, so other files may call it with a file of " \
			"theirs" % fn
	at = set(pos for t in opens for m, (f, pos) in t.members.items() if f == fn and
		 m in OPEN_MEMBERS)
	other = sorted(s.fnrefs.get(fn, set()) - at)
	if other:
		return "%s() is also used at line %d, not as the .open of an operations " \
			"table" % (fn, other[0][0])
	for t in opens:
		if t.clash is not None:
			return "%s gives its .%s two functions (two definitions of the table)" % (
				t.name, t.clash)
	return None


def privdata_openers(s, fn):
	"""The local buffers of sites in fn that fn stores in its file->private_data."""
	y = file_param(s, fn)
	if y is None:
		return set()
	found = set()
	for x in s.sites.values():
		if x.excluded or x.func != fn or x.recv != "local":
			continue
		for o in s.occ.values():
			if o.func == fn and o.text == x.var and o.local and \
					y + "->private_data" in o.stores:
				found.add(x.var)
	return found


def privdata_table_problems(s, t):
	"""What makes the functions of a table unsafe to follow: [message]."""
	out = []
	rg = t.member(RELEASE_MEMBERS)
	if rg is None:
		out.append("%s has no .release to free it" % t.name)
	elif rg not in s.defined:
		out.append("the .release of %s is %s(), whose body the rule does not see" % (
			t.name, rg))
	for m, (f, _) in sorted(t.members.items()):
		if m in OPS_NOT_FUNCS or f in s.defined or f in OPS_SAFE:
			continue
		out.append("the .%s of %s is %s(), whose body the rule does not see, so it may "
			   "use file->private_data" % (m, t.name, f))
	return out


def privdata_foreign(s, t, shared, role):
	"""Why a table that shares the function freeing the buffer cannot change with it,
	or None: its .open must store a page-allocator buffer there too."""
	og = t.member(OPEN_MEMBERS)
	mem = [m for m, f in t.funcs(s) if f == shared][0]
	what = "%s(), the %s, is also the .%s of %s" % (shared, role, mem, t.name)
	if og is None:
		return "%s, which has no .open" % what
	if og not in s.defined:
		return "%s, whose .open %s() the rule does not see" % (what, og)
	why = privdata_open_problem(s, og)
	if why is not None:
		return "%s, and %s" % (what, why)
	if not privdata_openers(s, og):
		return "%s, whose .open %s() stores no page-allocator buffer in " \
			"file->private_data" % (what, og)
	return None


def privdata_occs(s, d, g, y, stored, pre):
	"""The occurrences of y->private_data in g and of its copies, less the stores of
	the buffers that g, an .open of the group, allocates (stored)."""
	found = []
	for o, via in occurrences(s, ("F", "struct file", "private_data")):
		if o.func != g:
			continue
		base = FIELD.match(o.text).group(1) if via in (None, "?") else y
		if via == "?" and base != y:
			continue
		if base != y:
			d.r(2, o.line, "%s, which also uses %s at line %d" % (pre, o.text, o.line))
			continue
		if via is None and o.assigned and all(e in stored for e in o.assigned):
			continue
		found.append((o, via))
	return found


def privdata_file_uses(s, d, g, y, pre):
	"""Where g hands on its struct file y itself: there its private_data may be used."""
	copies = set()
	for o, via in occurrences(s, ("L", g, y)):
		if via is not None:
			if via not in copies:
				copies.add(via)
				d.r(2, o.line, "%s, which copies %s to %s; the rule does not follow "
				    "%s->private_data there" % (pre, y, via, via))
			continue
		for h, cpos, cline in o.calls:
			if cpos not in o.direct or h in FILE_HELPERS:
				continue
			args = call_args_at(s, cpos)
			if args is not None and y not in [norm_target(a) for a in args]:
				continue
			d.r(2, cline, "%s, which passes %s to %s() at line %d: it may use "
			    "%s->private_data" % (pre, y, h, cline, y))
		for e in o.stores:
			if e != o.text:
				d.r(2, o.line, "%s, which stores %s in %s at line %d" % (pre, y, e,
											 o.line))
		if o.ret or o.addr:
			d.r(2, o.line, "%s, where %s escapes at line %d" % (pre, y, o.line))


def privdata_store(s, d, fl, site, o, e):
	"""A local buffer stored in file->private_data by the .open function it is allocated
	in: follow it into every function of that function's operations tables, and of the
	tables sharing a function that frees it; those frees change with the allocation.
	Returns whether e is such a store; the findings are then in d."""
	m = FIELD.match(e)
	fn = site.func
	if m is None or m.group(2) != "->" or m.group(3) != "private_data" or \
			o.func != fn or site.recv != "local" or m.group(1) != file_param(s, fn):
		return False
	head = "%s is stored in %s by %s() at line %d" % (site.var, e, fn, o.line)
	why = privdata_open_problem(s, fn)
	if why is not None:
		d.r(1.5, o.line, "%s, but %s: the rule does not follow it there" % (head, why))
		return True
	tabs = optabs(s)
	mine = [n for _, n in sorted((t.line, n) for n, t in tabs.items()
				     if t.member(OPEN_MEMBERS) == fn)]
	openers, freeing = privdata_follow(s, d, fl, head, mine)
	for n in mine:
		rg = tabs[n].member(RELEASE_MEMBERS)
		if rg in s.defined and rg not in freeing:
			d.r(2, tabs[n].line, "%s, but %s(), the .release of %s, does not free "
			    "it" % (head, rg, n))
	rel = tabs[mine[0]].member(RELEASE_MEMBERS)
	# One clause, without "; ": the series notes quote it as what the rule found.
	via = "%s() stores it in %s and %s(), the .release of %s, frees it" % (
		fn, e, rel, mine[0])
	others = sorted(f for f in openers if f != fn)
	if others:
		via += ", as it frees the buffer%s of %s: they change together" % (
			"s" if len(others) > 1 else "", " and ".join("%s()" % f for f in others))
	fl.plan["privvia"] = via
	fl.plan["privgroup"] = (frozenset(openers), rel, mine[0])
	return True


def privdata_follow(s, d, fl, head, mine):
	"""Judge the uses of file->private_data in the functions of the tables mine, then
	of every table sharing a function that frees it, to a fixed point. Returns the
	.open functions of those tables (with the buffers they store) and the functions
	that free it."""
	tabs = optabs(s)
	group, done, funcs, judged = list(mine), set(), {}, set()
	openers, freeing = {}, set()
	while True:
		for n in group:
			if n in done:
				continue
			done.add(n)
			t = tabs[n]
			if n not in mine:
				shared = sorted(f for _, f in t.funcs(s) if f in freeing)[0]
				why = privdata_foreign(s, t, shared, funcs[shared])
				if why is not None:
					d.r(1.5, t.line, "%s, but %s" % (head, why))
					continue
			for why in privdata_table_problems(s, t):
				d.r(1.5, t.line, "%s, but %s" % (head, why))
			og = t.member(OPEN_MEMBERS)
			openers[og] = privdata_openers(s, og)
			for mem, f in t.funcs(s):
				funcs.setdefault(f, ".%s of %s" % (mem, n))
		mmaps = set(tabs[n].member(MMAP_MEMBERS) for n in done)
		for g in sorted(funcs):
			if g in judged:
				continue
			judged.add(g)
			before = len(fl.frees)
			privdata_judge(s, d, fl, head, g, funcs[g], openers.get(g, set()),
				       g in mmaps)
			if len(fl.frees) > before:
				freeing.add(g)
		more = [n for _, n in sorted((t.line, n) for n, t in tabs.items())
			if n not in done and set(f for _, f in tabs[n].funcs(s)) & freeing]
		if not more:
			return openers, freeing
		group += more


def privdata_judge(s, d, fl, head, g, role, stored, mmap):
	"""The uses of file->private_data (and of the struct file itself) in g."""
	y = file_param(s, g)
	if y is None:
		return
	pre = "%s; in %s(), the %s" % (head, g, role)
	fl.plan.setdefault("privdata", set()).add((g, y + "->private_data"))
	dg = Decision() if mmap else d
	param_uses(s, dg, fl, g, y + "->private_data", "void *", "whole", [], set(),
		   occs=privdata_occs(s, dg, g, y, stored, pre), pre=pre)
	privdata_file_uses(s, dg, g, y, pre)
	if dg is not d:
		d.keep += dg.keep
		d.review += dg.review
		if not dg.keep:
			d.r(2, dg.review[0][1] if dg.review else 0, "%s, but %s(), the %s, does not "
			    "show how it maps the buffer: check by hand" % (head, g, role))


def privdata_together(s, plans):
	"""The buffers one .release frees change together or not at all: when one of them
	cannot, the others are review. Returns whether a site was demoted."""
	groups = {}
	for x in s.sites.values():
		if not x.excluded and plans[x.key].get("privgroup"):
			groups.setdefault(plans[x.key]["privgroup"][0], []).append(x)
	for openers, sites in sorted(groups.items(), key=lambda i: sorted(i[0])):
		sites.sort(key=lambda y: y.key)
		bad = [x for x in sites if x.verdict != "replace"]
		missing = sorted(openers - set(x.func for x in sites))
		for x in sites:
			if x.verdict != "replace" or (not bad and not missing):
				continue
			_, rel, tab = plans[x.key]["privgroup"]
			if bad:
				why = "also frees the buffer %s() allocates at line %d, which is %s" % (
					bad[0].func, bad[0].line, bad[0].verdict)
			else:
				why = "also frees what %s() stores there, which the rule did not " \
					"follow" % missing[0]
			x.verdict = "review"
			x.message = "%s is stored in file->private_data by %s(); %s(), the " \
				".release of %s, %s: change them together or not at all" % (
					x.var, x.func, rel, tab, why)
			return True
	return False


# ---------------------------------------------------------------- what the modes print

def shown(site):
	"""Whether the report, org and context modes show a site: every verdict but keep."""
	return site is not None and site.verdict != "keep"


def report_text(site):
	"""The line of make coccicheck MODE=report for a site that is shown."""
	return "%s: %s: %s: %s" % ("WARNING" if site.verdict == "replace" else "INFO", RULE,
				   site.verdict, site.message)


def todo_text(site):
	"""The TODO item of make coccicheck MODE=org for a site that is shown."""
	return "%s: %s: %s" % (RULE, site.verdict, site.message)
# ---- end of cocci/lib/whichalloc_pagealloc.py ----

// ------------------------------------------------------------------ allocation sites

// Every rule below binds its own positions and hands its facts to Python at once: a
// metavariable inherited across many rules would multiply the matches of the rules in
// between (and a group of files, which spatch handles as one, multiplies them again).

@site@
identifier fn = {__get_free_pages, __get_free_page, get_zeroed_page, __get_dma_pages};
identifier fa = {alloc_pages, alloc_page, alloc_pages_node};
position p;
@@
(
 page_address@p(fa(...))
|
 fn@p(...)
)

@script:python@
p << site.p;
@@
site_found(p)

@rcast depends on site || facts disable drop_cast@
identifier fn = {__get_free_pages, __get_free_page, get_zeroed_page, __get_dma_pages};
identifier fa = {alloc_pages, alloc_page, alloc_pages_node};
type T2;
position p;
@@
(
 (T2)fn@p(...)
|
 (T2)page_address@p(fa(...))
)

@script:python@
p << rcast.p;
t << rcast.T2;
@@
site_cast(p, t)

@rloc depends on site || facts@
identifier fn = {__get_free_pages, __get_free_page, get_zeroed_page, __get_dma_pages};
identifier fa = {alloc_pages, alloc_page, alloc_pages_node};
type T, T2;
local idexpression T x;
position p, xp;
@@
(
 x@xp = (T2)fn@p(...)
|
 x@xp = fn@p(...)
|
 x@xp = (T2)page_address@p(fa(...))
|
 x@xp = page_address@p(fa(...))
)

@script:python@
p << rloc.p;
x << rloc.x;
t << rloc.T;
xp << rloc.xp;
@@
receiver(p, "local", var=x, rtype=t, rpos=xp)

@rglob depends on site || facts@
identifier fn = {__get_free_pages, __get_free_page, get_zeroed_page, __get_dma_pages};
identifier fa = {alloc_pages, alloc_page, alloc_pages_node};
type T, T2;
global idexpression T x;
position p, xp;
@@
(
 x@xp = (T2)fn@p(...)
|
 x@xp = fn@p(...)
|
 x@xp = (T2)page_address@p(fa(...))
|
 x@xp = page_address@p(fa(...))
)

@script:python@
p << rglob.p;
x << rglob.x;
t << rglob.T;
xp << rglob.xp;
@@
receiver(p, "global", var=x, rtype=t, rpos=xp)

@rfld depends on site || facts@
identifier fn = {__get_free_pages, __get_free_page, get_zeroed_page, __get_dma_pages};
identifier fa = {alloc_pages, alloc_page, alloc_pages_node};
identifier f;
type T, T2;
T *e;
T e2;
position p, xp;
@@
(
 e@xp->f = (T2)fn@p(...)
|
 e@xp->f = fn@p(...)
|
 e@xp->f = (T2)page_address@p(fa(...))
|
 e@xp->f = page_address@p(fa(...))
|
 e2@xp.f = (T2)fn@p(...)
|
 e2@xp.f = fn@p(...)
|
 e2@xp.f = (T2)page_address@p(fa(...))
|
 e2@xp.f = page_address@p(fa(...))
)

@script:python@
p << rfld.p;
f << rfld.f;
t << rfld.T;
xp << rfld.xp;
@@
receiver(p, "field", struct=t, field=f, rpos=xp)

@rfldany depends on site || facts@
identifier fn = {__get_free_pages, __get_free_page, get_zeroed_page, __get_dma_pages};
identifier fa = {alloc_pages, alloc_page, alloc_pages_node};
identifier f;
type T2;
expression e;
position p;
@@
(
 e->f = (T2)fn@p(...)
|
 e->f = fn@p(...)
|
 e->f = (T2)page_address@p(fa(...))
|
 e->f = page_address@p(fa(...))
|
 e.f = (T2)fn@p(...)
|
 e.f = fn@p(...)
|
 e.f = (T2)page_address@p(fa(...))
|
 e.f = page_address@p(fa(...))
)

@script:python@
p << rfldany.p;
f << rfldany.f;
@@
receiver(p, "field", struct=None, field=f)

@rinit depends on site || facts@
identifier fn = {__get_free_pages, __get_free_page, get_zeroed_page, __get_dma_pages};
identifier fa = {alloc_pages, alloc_page, alloc_pages_node};
identifier f, v;
type T, T2;
position p;
@@
(
 T v = { ..., .f = (T2)fn@p(...), ...};
|
 T v = { ..., .f = fn@p(...), ...};
|
 T v = { ..., .f = (T2)page_address@p(fa(...)), ...};
|
 T v = { ..., .f = page_address@p(fa(...)), ...};
)

@script:python@
p << rinit.p;
f << rinit.f;
t << rinit.T;
@@
receiver(p, "init", struct=t, field=f)

@rarr depends on site || facts@
identifier fn = {__get_free_pages, __get_free_page, get_zeroed_page, __get_dma_pages};
identifier fa = {alloc_pages, alloc_page, alloc_pages_node};
type T2;
expression a, i;
position p;
@@
(
 a[i] = (T2)fn@p(...)
|
 a[i] = fn@p(...)
|
 a[i] = (T2)page_address@p(fa(...))
|
 a[i] = page_address@p(fa(...))
)

@script:python@
p << rarr.p;
a << rarr.a;
i << rarr.i;
@@
receiver(p, "array", var="%s[%s]" % (norm(a), norm(i)))

@rloop depends on site || facts@
identifier fn = {__get_free_pages, __get_free_page, get_zeroed_page, __get_dma_pages};
identifier fa = {alloc_pages, alloc_page, alloc_pages_node};
position p, l;
@@
(
 for@l (...;...;...) { <+... \(fn@p(...)\|page_address@p(fa(...))\) ...+> }
|
 while@l (...) { <+... \(fn@p(...)\|page_address@p(fa(...))\) ...+> }
)

@script:python@
p << rloop.p;
l << rloop.l;
@@
site_loop(p)

@rret depends on site || facts@
identifier fn = {__get_free_pages, __get_free_page, get_zeroed_page, __get_dma_pages};
identifier fa = {alloc_pages, alloc_page, alloc_pages_node};
type T2;
position p;
@@
(
 return (T2)fn@p(...);
|
 return fn@p(...);
|
 return (T2)page_address@p(fa(...));
|
 return page_address@p(fa(...));
)

@script:python@
p << rret.p;
@@
receiver(p, "return")

@rarg depends on site || facts@
identifier fn = {__get_free_pages, __get_free_page, get_zeroed_page, __get_dma_pages};
identifier fa = {alloc_pages, alloc_page, alloc_pages_node};
identifier g;
type T2;
position p;
@@
(
 g(..., (T2)fn@p(...), ...)
|
 g(..., fn@p(...), ...)
|
 g(..., (T2)page_address@p(fa(...)), ...)
|
 g(..., page_address@p(fa(...)), ...)
)

@script:python@
p << rarg.p;
g << rarg.g;
@@
receiver(p, "arg", var=g)

// ------------------------------------------------------------------ the file around them

@sdef depends on site || facts@
identifier S;
position sp;
@@
struct S@sp { ... };

@script:python@
sp << sdef.sp;
s << sdef.S;
@@
struct_found(sp, s)

@gstatic depends on site || facts@
type T;
identifier gsx : script:python () { gsx in NAMES };
position xp;
@@
(
 static T gsx@xp;
|
 static T gsx@xp = ...;
)

@script:python@
xp << gstatic.xp;
@@
static_found(xp)

@fdef depends on site || facts@
identifier fn;
position fp;
@@
 fn@fp(...) { ... }

@script:python@
fp << fdef.fp;
fn << fdef.fn;
@@
fdef_found(fp, fn)

// The members of the file's operations tables (struct file_operations, struct proc_ops):
// what an .open function stores in file->private_data is followed into the other
// functions of its tables. This runs before the rules that follow calls and names, so
// that file->private_data and the struct file parameters of those functions are among
// the names followed.
@optab depends on site@
identifier fld, otf, v;
type T;
position p;
@@
 T v = { ..., .fld = otf@p, ...};

@script:python@
p << optab.p;
t << optab.T;
v << optab.v;
fld << optab.fld;
otf << optab.otf;
@@
optab_found(p, t, v, fld, otf)

@pagecall depends on site || facts@
identifier pcg : script:python () { is_pagecall(pcg) };
position c;
@@
 pcg@c(...)

@script:python@
c << pagecall.c;
@@
pagecall_found(c)

@localcall depends on site || facts@
identifier lch : script:python () { lch in DEFINED };
position c;
@@
 lch@c(...)

@script:python@
c << localcall.c;
@@
localcall_found(c)

@fnref depends on site || facts@
identifier lch : script:python () { lch in DEFINED };
position c;
@@
 lch@c

@script:python@
c << fnref.c;
@@
fnref_found(c)

@allfree depends on site || facts@
position fp;
expression E;
@@
(
 free_page@fp(...)
|
 free_pages@fp(...)
|
 __free_page@fp(virt_to_page(E))
|
 __free_pages@fp(virt_to_page(E), ...)
)

@script:python@
fp << allfree.fp;
@@
allfree_found(fp)

// ------------------------------------------------------------------ following the buffers

// A local buffer stored into a field of a structure whose type spatch sees: the buffer is
// followed as that field too, in every function of the file (the frees and page uses of
// mmu->pae_root after "mmu->pae_root = pae_root;"). Before ftype, which types the field's
// uses.
@rstore depends on site disable drop_cast@
local idexpression x : script:python () { tracked(x) };
identifier f;
type T, T2;
T *e;
T e2;
position q;
@@
(
 e->f = x@q
|
 e->f = (T2)x@q
|
 e2.f = x@q
|
 e2.f = (T2)x@q
)

@script:python@
q << rstore.q;
x << rstore.x;
t << rstore.T;
f << rstore.f;
@@
local_stored(q, x, t, f)

@ftype depends on site || facts@
identifier ftf : script:python () { ftf in FIELDS };
type T;
T *e;
T e2;
position q, qf;
@@
(
 e@q->ftf@qf
|
 e2@q.ftf@qf
)

@script:python@
q << ftype.q;
qf << ftype.qf;
t << ftype.T;
@@
field_type(q, qf, t)

@alias depends on site || facts disable drop_cast@
expression X : script:python () { tracked(X) };
local idexpression Y;
type T;
expression E, C;
position q;
@@
(
 Y = X@q
|
 Y = (T)X@q
|
 Y = X@q + E
|
 Y = (T)X@q + E
|
 Y = C ? X@q : E
|
 Y = C ? E : X@q
)

@script:python@
q << alias.q;
y << alias.Y;
@@
alias_found(q, y)

@occ depends on site || facts@
expression X : script:python () { tracked(X) };
position q;
@@
 X@q

@script:python@
q << occ.q;
@@
occ_found(q)

@lvar2 depends on site || facts@
local idexpression X : script:python () { tracked(X) };
position q;
@@
 X@q

@script:python@
q << lvar2.q;
@@
local_occ(q)

@nulls depends on site || facts disable not_int1, not_int2, not_ptr1, not_ptr2, is_zero,
 isnt_zero, is_null, isnt_null1, commeq, commneq@
expression X : script:python () { tracked(X) };
expression E;
position q;
@@
(
 !X@q
|
 X@q == NULL
|
 X@q != NULL
|
 X@q == 0
|
 X@q != 0
|
 NULL == X@q
|
 NULL != X@q
|
 X@q && E
|
 E && X@q
|
 X@q || E
|
 E || X@q
)

@script:python@
q << nulls.q;
@@
null_found(q)

@nullif depends on site || facts disable not_ptr2, isnt_null1, isnt_zero, not_int2@
expression X : script:python () { tracked(X) };
statement S1, S2;
position q;
@@
(
 if (X@q) S1 else S2
|
 if (X@q) S1
|
 while (X@q) S1
)

@script:python@
q << nullif.q;
@@
null_found(q)

// The buffer's value used after a free of it, with no assignment on the way (the first
// branch takes an assignment, which binds no use): code that compares a new page with
// the one it gave back (a test of the allocator) or a stale pointer; kmalloc() would
// change what it sees.
@afterfree depends on site || facts exists@
expression X : script:python () { tracked(X) };
expression E;
position fp, q;
@@
(
 free_page@fp((unsigned long)X);
|
 free_page@fp(X);
|
 free_pages@fp((unsigned long)X, ...);
|
 free_pages@fp(X, ...);
)
 ... when != X = E
     when != &X
(
 X = E
|
 X@q
)

@script:python@
q << afterfree.q;
fp << afterfree.fp;
@@
after_free_found(q, fp)

// A followed name used after a free of another followed expression: when the name is a
// copy of the freed buffer (base = (int *)p; free_page(p); saw = base[0]), the use reads
// memory the page allocator was given back.
@afterfree_copy depends on site || facts exists@
expression X : script:python () { tracked(X) };
identifier Y : script:python () { tracked(Y) };
expression E;
position fp, q, qx;
@@
(
 free_page@fp((unsigned long)X@qx);
|
 free_page@fp(X@qx);
|
 free_pages@fp((unsigned long)X@qx, ...);
|
 free_pages@fp(X@qx, ...);
)
 ... when != Y = E
(
 Y = E
|
 Y@q
)

@script:python@
q << afterfree_copy.q;
fp << afterfree_copy.fp;
qx << afterfree_copy.qx;
@@
free_then_use_found(q, fp, qx)

// The buffer compared with another pointer: with one the page allocator was given back,
// that is code that checks which memory the allocator hands out.
@compared depends on site || facts@
expression X : script:python () { tracked(X) };
expression Y;
position q, qy;
@@
(
 X@q == Y@qy
|
 X@q != Y@qy
|
 Y@qy == X@q
|
 Y@qy != X@q
)

@script:python@
q << compared.q;
y << compared.Y;
qy << compared.qy;
@@
compare_found(q, y, qy)

// Calls given the buffer itself as an argument (cast, offset, indexed or the address of
// a member), not merely an expression that mentions it (a length computed from it, the
// value of a field of it).
@dcalls depends on site || facts disable drop_cast@
expression X : script:python () { tracked(X) };
expression G, E;
identifier fld;
type T;
position q, c;
@@
 G@c(...,
\(X@q\|(T)X@q\|(T)(X@q)\|X@q + E\|(T)X@q + E\|(T)(X@q + E)\|X@q - E\|&X@q[E]\|X@q[E]\|
  &X@q->fld\|(T)&X@q->fld\),
 ...)

@script:python@
q << dcalls.q;
c << dcalls.c;
@@
direct_call_found(q, c)

@calls depends on site || facts@
expression X : script:python () { tracked(X) };
expression G;
position q, c;
@@
 G@c(..., <+... X@q ...+>, ...)

@script:python@
q << calls.q;
g << calls.G;
c << calls.c;
@@
call_found(q, g, c)

// A call given a local buffer, then a way out of the function that does not free it:
// the callee may have kept the buffer.
@script:python xsel@
q << calls.q;
g << calls.G;
xg;
@@
coccinelle.xg = cocci.make_expr(g if keep_call(q, g) else NO_MATCH)

@xfer exists@
expression calls.X;
expression xsel.xg;
position calls.c;
position c2;
expression E;
statement S;
@@
 xg@c@c2(...)
 ... when != if (X) S
     when != free_page(<+...X...+>)
     when != free_pages(<+...X...+>, ...)
     when != __free_page(<+...X...+>)
     when != __free_pages(<+...X...+>, ...)
     when != X = E

@script:python@
q << calls.q;
g << calls.G;
c << xfer.c2;
@@
xfer_found(q, g, c)

@free0 depends on site || facts disable drop_cast@
expression X : script:python () { tracked(X) };
type T;
position q, fp;
@@
(
 free_page@fp((T)X@q)
|
 free_page@fp((T)(X@q))
|
 free_page@fp(X@q)
|
 __free_page@fp(virt_to_page(X@q))
)

@script:python@
q << free0.q;
fp << free0.fp;
@@
free_found(q, fp, None)

@freen depends on site || facts disable drop_cast@
expression X : script:python () { tracked(X) };
expression O;
type T;
position q, fp;
@@
(
 free_pages@fp((T)X@q, O)
|
 free_pages@fp((T)(X@q), O)
|
 free_pages@fp(X@q, O)
|
 __free_pages@fp(virt_to_page(X@q), O)
)

@script:python@
q << freen.q;
fp << freen.fp;
o << freen.O;
@@
free_found(q, fp, o)

@casts depends on site || facts disable drop_cast@
expression X : script:python () { tracked(X) };
type T;
position q;
@@
 (T)X@q

@script:python@
q << casts.q;
t << casts.T;
@@
cast_found(q, t)

@stores depends on site || facts disable drop_cast@
expression X : script:python () { tracked(X) };
expression E, E2;
type T;
position q;
@@
(
 E = X@q
|
 E = (T)X@q
|
 E = X@q + E2
|
 E = (T)X@q + E2
)

@script:python@
q << stores.q;
e << stores.E;
@@
store_found(q, e)

@istores depends on site || facts@
expression X : script:python () { tracked(X) };
identifier f, v;
type T, T2;
position q;
@@
(
 T v = { ..., .f = X@q, ...};
|
 T v = { ..., .f = (T2)X@q, ...};
)

@script:python@
q << istores.q;
f << istores.f;
v << istores.v;
@@
store_found(q, "%s.%s" % (v, f))

// "(unsigned long)p - page": how far the pointer p has advanced in the unsigned long page.
@ptrdiff depends on site disable drop_cast@
expression X : script:python () { tracked(X) };
type T;
T *P;
position q;
@@
 (unsigned long)P - X@q

@script:python@
q << ptrdiff.q;
t << ptrdiff.T;
@@
ptrdiff_found(q, t)

@rets depends on site || facts disable drop_cast@
expression X : script:python () { tracked(X) };
expression E;
type T;
position q;
@@
(
 return X@q;
|
 return (T)X@q;
|
 return X@q + E;
|
 return (T)X@q + E;
)

@script:python@
q << rets.q;
@@
ret_found(q)

@addr depends on site || facts@
expression X : script:python () { tracked(X) };
position q;
@@
 &X@q

@script:python@
q << addr.q;
@@
addr_found(q)

@assign depends on site || facts@
expression X : script:python () { tracked(X) };
expression E;
position q;
@@
 X@q = E

@script:python@
q << assign.q;
e << assign.E;
@@
assign_found(q, e)

@moved depends on site || facts@
expression X : script:python () { tracked(X) };
expression E;
position q;
@@
(
 X@q += E
|
 X@q -= E
|
 X@q ++
|
 X@q --
|
 ++X@q
|
 --X@q
)

@script:python@
q << moved.q;
@@
moved_found(q)

@aligned depends on site || facts disable drop_cast@
expression X : script:python () { tracked(X) };
expression E;
type T;
position q;
@@
(
 X@q & E
|
 E & X@q
|
 (T)X@q & E
|
 E & (T)X@q
|
 ((T)X@q) & E
|
 E & ((T)X@q)
|
 X@q % E
|
 (T)X@q % E
)

@script:python@
q << aligned.q;
@@
align_found(q, "a mask on its address")

@ulong depends on site || facts@
identifier ulx : script:python () { ulx in NAMES };
position d;
@@
(
 unsigned long ulx@d;
|
 unsigned long ulx@d = ...;
)

@script:python@
d << ulong.d;
@@
ulong_decl_found(d)

// ------------------------------------------------------------------ verdicts

// The sites again, for the verdicts and the patch (no rule has changed the code yet, so
// these positions are those of the sites).
// ------------------------------------------------------------------ the facts pass

// With -D facts, the driver asks what the functions of WHICHALLOC_FACTS_WANT do with
// their parameters (docs/rule-contract.md, "Facts"); every rule above follows them.
@fsite depends on facts@
identifier ffn;
position fp;
@@
 ffn@fp(...) { ... }

@script:python depends on facts@
fp << fsite.fp;
ffn << fsite.ffn;
@@
facts_of(fp, ffn)

@site2 depends on site@
identifier fn = {__get_free_pages, __get_free_page, get_zeroed_page, __get_dma_pages};
identifier fa = {alloc_pages, alloc_page, alloc_pages_node};
position p;
@@
(
 page_address@p(fa(...))
|
 fn@p(...)
)

@script:python depends on whichalloc@
p << site2.p;
@@
site = verdict_of(p)
if site is not None:
	emit(RULE, site.verdict, p, site.message)
emit_wants(p)

@script:python depends on report@
p << site2.p;
@@
site = verdict_of(p)
if shown(site):
	coccilib.report.print_report(p[0], report_text(site))

@script:python depends on org@
p << site2.p;
@@
site = verdict_of(p)
if shown(site):
	coccilib.org.print_todo(p[0], todo_text(site))

@script:python ctx depends on context@
p << site2.p;
cfn;
@@
site = verdict_of(p)
if not shown(site):
	coccinelle.cfn = cocci.make_ident(NO_MATCH)
else:
	coccinelle.cfn = cocci.make_ident(st(p[0]).text_at(p[0]).strip())

@depends on context@
position site2.p;
identifier ctx.cfn;
@@
* cfn@p(...)

// ------------------------------------------------------------------ the patch

// No script here drops a match with cocci.include_match(False): that would drop the
// bindings of the other rules with it. A site, free, cast or declaration that must not change
// gets a name that matches nothing instead.
@script:python mk depends on patch@
p << site2.p;
afn;
kf;
sz;
gf;
@@
site = verdict_of(p)
if site is None or site.verdict != "replace":
	coccinelle.afn = cocci.make_ident(NO_MATCH)
	kfn, size, flags = "kmalloc", "PAGE_SIZE", "GFP_KERNEL"
else:
	coccinelle.afn = cocci.make_ident(st(p[0]).text_at(p[0]).strip())
	kfn, size, flags = replacement(site)
coccinelle.kf = cocci.make_ident(kfn)
coccinelle.sz = cocci.make_expr(size)
coccinelle.gf = cocci.make_expr(flags)

@depends on patch@
position site2.p;
identifier mk.afn;
identifier mk.kf;
expression mk.sz, mk.gf;
type T;
@@
(
- (T)afn@p(...)
+ kf(sz, gf)
|
- afn@p(...)
+ kf(sz, gf)
)

// After a change positions no longer name lines reliably, so the frees, casts and
// declarations to change are chosen by function and expression.

@frm depends on patch && site@
position fp;
expression X;
type T;
@@
(
 free_page@fp((T)(X))
|
 free_page@fp((T)X)
|
 free_page@fp(X)
|
 free_pages@fp((T)(X), ...)
|
 free_pages@fp((T)X, ...)
|
 free_pages@fp(X, ...)
|
 __free_page@fp(virt_to_page(X))
|
 __free_pages@fp(virt_to_page(X), ...)
)

@script:python frsel depends on patch@
fp << frm.fp;
x << frm.X;
ff;
@@
coccinelle.ff = cocci.make_ident(selected(fp, x, "frees"))

@depends on patch@
identifier frsel.ff;
expression frm.X;
expression O;
type T;
position fh : script:python (X) { patch_here(fh, X, "frees") };
@@
 ff@fh(...) {
 <...
(
- free_page((T)(X))
+ kfree(X)
|
- free_page((T)X)
+ kfree(X)
|
- free_page(X)
+ kfree(X)
|
- free_pages((T)(X), O)
+ kfree(X)
|
- free_pages((T)X, O)
+ kfree(X)
|
- free_pages(X, O)
+ kfree(X)
|
- __free_page(virt_to_page(X))
+ kfree(X)
|
- __free_pages(virt_to_page(X), O)
+ kfree(X)
)
 ...>
 }

@csm depends on patch && site@
expression X;
type T;
position q;
@@
 (T *)X@q

@script:python cssel depends on patch@
q << csm.q;
x << csm.X;
cf;
@@
coccinelle.cf = cocci.make_ident(selected(q, x, "casts"))

@depends on patch@
identifier cssel.cf;
expression csm.X;
type T;
position fh : script:python (X) { patch_here(fh, X, "casts") };
@@
 cf@fh(...) {
 <...
- (T *)
  X
 ...>
 }

@udm depends on patch && site disable drop_cast@
expression X;
type T;
T *P;
position q;
@@
 (unsigned long)P - X@q

@script:python udsel depends on patch@
q << udm.q;
x << udm.X;
df;
@@
coccinelle.df = cocci.make_ident(selected(q, x, "diffs"))

@depends on patch disable drop_cast@
identifier udsel.df;
expression udm.X;
expression P;
position fh : script:python (X) { patch_here(fh, X, "diffs") };
@@
 df@fh(...) {
 <...
- (unsigned long)P - X
+ P - X
 ...>
 }

@ulm depends on patch && site@
identifier x;
position d;
@@
(
 unsigned long x@d;
|
 unsigned long x@d = ...;
)

@script:python ulsel depends on patch@
d << ulm.d;
x << ulm.x;
uf;
ty;
@@
coccinelle.uf = cocci.make_ident(selected(d, x, "decls"))
coccinelle.ty = cocci.make_type(new_type(d, x))

@depends on patch@
identifier ulsel.uf;
identifier ulm.x;
type ulsel.ty;
expression E;
position fh : script:python (x) { patch_here(fh, x, "decls") };
@@
 uf@fh(...) {
 <...
(
- unsigned long x;
+ ty *x;
|
- unsigned long x = E;
+ ty *x = E;
)
 ...>
 }

// ------------------------------------------------------------------ check the patch

// What the patch was meant to change and did not is an error: spatch then fails on the
// file instead of printing half a conversion.

@chksite depends on patch && site@
identifier fn = {__get_free_pages, __get_free_page, get_zeroed_page, __get_dma_pages};
identifier fa = {alloc_pages, alloc_page, alloc_pages_node};
position p;
@@
(
 page_address@p(fa(...))
|
 fn@p(...)
)

@script:python depends on patch@
p << chksite.p;
@@
check_left(p, None, "sites")

@chkfree depends on patch && site@
position fp;
expression X;
type T;
@@
(
 free_page@fp((T)(X))
|
 free_page@fp((T)X)
|
 free_page@fp(X)
|
 free_pages@fp((T)(X), ...)
|
 free_pages@fp((T)X, ...)
|
 free_pages@fp(X, ...)
|
 __free_page@fp(virt_to_page(X))
|
 __free_pages@fp(virt_to_page(X), ...)
)

@script:python depends on patch@
fp << chkfree.fp;
x << chkfree.X;
@@
check_left(fp, x, "frees")

@chkcast depends on patch && site@
expression X;
type T;
position q;
@@
 (T *)X@q

@script:python depends on patch@
q << chkcast.q;
x << chkcast.X;
@@
check_left(q, x, "casts")

@chkdiff depends on patch && site disable drop_cast@
expression X;
type T;
T *P;
position q;
@@
 (unsigned long)P - X@q

@script:python depends on patch@
q << chkdiff.q;
x << chkdiff.X;
@@
check_left(q, x, "diffs")

@chkdecl depends on patch && site@
identifier x;
position d;
@@
(
 unsigned long x@d;
|
 unsigned long x@d = ...;
)

@script:python depends on patch@
d << chkdecl.d;
x << chkdecl.x;
@@
check_left(d, x, "decls")
