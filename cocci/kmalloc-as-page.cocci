// SPDX-License-Identifier: GPL-2.0-only
// Generated from cocci/src/kmalloc-as-page.cocci.in by scripts/gen-rules (make rules): do not edit.
/// Find slab and vmalloc memory used as if it came from the page allocator, and the reverse.
///
/// kmalloc()/kmem_cache_alloc() memory lives in slab pages shared with other objects,
/// vmalloc()/vmap() memory is not in the linear map, and kvmalloc() memory may be either.
/// The page allocator's addresses (__get_free_pages() and wrappers) are neither slab nor
/// vmalloc memory. Mixing them up is a bug or, at best, relies on allocator details:
///  - free_page()/free_pages() of kmalloc, vmalloc or kvmalloc memory (bug);
///  - kfree()/kvfree()/vfree() of __get_free_pages() memory (bug);
///  - virt_to_page(), virt_to_phys(), __pa(), virt_to_pfn(), sg_init_one(), sg_set_buf()
///    or dma_map_single() of vmalloc memory, or of kvmalloc memory without an
///    is_vmalloc_addr() check (bug);
///  - vmalloc_to_page()/vmalloc_to_pfn() of kmalloc or page-allocator memory (bug);
///  - the page or pfn of a kmalloc buffer mapped to user space (remap_pfn_range(),
///    io_remap_pfn_range(), vm_iomap_memory(), vm_insert_page(), a fault handler's
///    vmf->page), reserved (SetPageReserved()/ClearPageReserved()) or freed as a page
///    (__free_pages(), put_page()): a bug when the buffer is known to be smaller than a
///    page or the page is freed, otherwise a review.
/// The finding is reported at the wrong use, once per use, naming the allocation. The
/// allocation is found on a path of the same function, through one local alias, or, for
/// a structure field, from the file's assignments to that field when all of them use the
/// same allocator family. Uses that allocations of two families, or any other value, may
/// reach are left alone, and so is code that checks is_vmalloc_addr() or virt_addr_valid().
/// virt_to_page() of kmalloc memory by itself is legal (sg_set_buf() does it) and is not
/// reported. The rule proposes no patch.
///
// Confidence: Moderate
// Copyright: (C) 2026 The whichalloc authors.
// Options: --no-includes --include-headers
// Keywords-set: slab: kmalloc, kzalloc, kmalloc_node, kzalloc_node, kcalloc, kmalloc_array,
// Keywords-set: slab: kcalloc_node, kmalloc_array_node, krealloc, krealloc_array, kmemdup,
// Keywords-set: slab: memdup_user, memdup_user_nul, kmem_cache_alloc, kmem_cache_zalloc,
// Keywords-set: slab: kmem_cache_alloc_node
// Keywords-set: vmalloc: vmalloc, vzalloc, vmalloc_user, vmalloc_32, vmalloc_32_user,
// Keywords-set: vmalloc: vmalloc_node, vzalloc_node, __vmalloc, __vmalloc_node,
// Keywords-set: vmalloc: __vmalloc_node_range, vmalloc_array, vcalloc, vmap, vm_map_ram,
// Keywords-set: vmalloc: kvmalloc, kvzalloc, kvmalloc_node, kvzalloc_node, kvcalloc,
// Keywords-set: vmalloc: kvmalloc_array, kvrealloc, kvmemdup, vmemdup_user
// Keywords-set: pages: __get_free_pages, __get_free_page, get_zeroed_page, __get_dma_pages
// Keywords-set: linear: virt_to_page, virt_to_head_page, virt_to_folio, virt_to_pfn,
// Keywords-set: linear: virt_to_phys, virt_to_bus, __pa
// Keywords-set: map: remap_pfn_range, io_remap_pfn_range, vm_iomap_memory, vm_insert_page,
// Keywords-set: map: SetPageReserved, ClearPageReserved, __free_page, __free_pages,
// Keywords-set: map: put_page, vm_fault
// Keywords: free_page, free_pages
// Keywords-and: @slab, @vmalloc
// Keywords-also: @pages & kfree, kfree_sensitive, kvfree, kvfree_sensitive, vfree, vfree_atomic
// Keywords-also: @linear & @vmalloc
// Keywords-also: @linear & @map & @slab
// Keywords-also: sg_init_one, sg_set_buf, dma_map_single, dma_map_single_attrs & @vmalloc
// Keywords-also: vmalloc_to_page, vmalloc_to_pfn & @slab, @pages
// Report-only: yes
// Version-split: 5.4

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
# ---- cocci/lib/whichalloc_kap.py, inlined by scripts/gen-rules ----
"""The decisions of the rule kmalloc-as-page.

cocci/src/kmalloc-as-page.cocci.in matches the uses that are wrong for some allocator
family (use_found()), the allocations and other values that reach them in the same
function or through one alias (add_alloc(), add_alias_alloc(), add_other()), what the file
stores in structure fields (add_field_alloc(), add_field_store(), ...), the checks that
leave code alone (add_guard()), and the translations whose page or pfn is mapped,
reserved or freed. decide_direct(), decide_flow() and decide_field_flow() then report a
use, with its message (direct_message(), map_message()), through tell().
scripts/gen-rules inlines this module into cocci/kmalloc-as-page.cocci.
tests/pylib/test_kap.py tests it.
"""
import ast
import os
import re


RULE = "kmalloc-as-page"
# What a deciding script hands to context mode for a site it does not report: no call
# has this name, so the context rule does not match there.
NOT_REPORTED = "whichalloc_kmalloc_as_page_not_reported"
MODES = set()

# Allocation function -> (family, index of the size argument or a tuple to multiply).
# K: slab memory, V: vmalloc memory, KV: kvmalloc memory, P: page-allocator addresses.
ALLOCATORS = {
	"kmalloc": ("K", 0), "kzalloc": ("K", 0), "kmalloc_node": ("K", 0),
	"kzalloc_node": ("K", 0), "kcalloc": ("K", (0, 1)), "kmalloc_array": ("K", (0, 1)),
	"kcalloc_node": ("K", (0, 1)), "kmalloc_array_node": ("K", (0, 1)),
	"krealloc": ("K", 1), "krealloc_array": ("K", (1, 2)), "kmemdup": ("K", 1),
	"memdup_user": ("K", 1), "memdup_user_nul": ("K", None),
	"kmem_cache_alloc": ("K", None), "kmem_cache_zalloc": ("K", None),
	"kmem_cache_alloc_node": ("K", None),
	"vmalloc": ("V", 0), "vzalloc": ("V", 0), "vmalloc_user": ("V", 0),
	"vmalloc_32": ("V", 0), "vmalloc_32_user": ("V", 0), "vmalloc_node": ("V", 0),
	"vzalloc_node": ("V", 0), "__vmalloc": ("V", 0), "__vmalloc_node": ("V", 0),
	"__vmalloc_node_range": ("V", 0), "vmalloc_array": ("V", (0, 1)),
	"vcalloc": ("V", (0, 1)), "vmap": ("V", None), "vm_map_ram": ("V", None),
	"kvmalloc": ("KV", 0), "kvzalloc": ("KV", 0), "kvmalloc_node": ("KV", 0),
	"kvzalloc_node": ("KV", 0), "kvcalloc": ("KV", (0, 1)),
	"kvmalloc_array": ("KV", (0, 1)), "kvrealloc": ("KV", 2), "kvmemdup": ("KV", 1),
	"vmemdup_user": ("KV", 1),
	"__get_free_pages": ("P", None), "__get_free_page": ("P", None),
	"get_zeroed_page": ("P", None), "__get_dma_pages": ("P", None),
}

# Kinds of use. A use is wrong for the families listed here.
WRONG_FOR = {
	"free": ("K", "V", "KV"),	# free_page(), free_pages()
	"kfree": ("P",),		# kfree(), kvfree(), vfree() and friends
	"lin": ("V", "KV"),		# virt_to_page(), virt_to_phys(), __pa(), ...
	"lin2": ("V", "KV"),		# sg_init_one(), sg_set_buf(), dma_map_single()
	"vlin": ("K", "P"),		# vmalloc_to_page(), vmalloc_to_pfn()
}

uses = {}	# use position -> (kind, called function)
allocs = {}	# position of the used expression -> list of allocations reaching it
others = {}	# position of the used expression -> assignments reaching it: (position, value)
alloc_at = set()	# positions of assignments of a tracked allocation
alias_at = set()	# positions of alias assignments reached by a tracked allocation
field_src = {}	# field store from a local -> assignments of the local that reach it
fields = {}	# (file, struct, field) -> allocations, stores, whether its address escapes
use_fields = {}	# position of the used expression -> (struct, field)
guards = set()	# (file, function, expression) checked with is_vmalloc_addr()
guard_fields = set()	# (file, field) checked with is_vmalloc_addr() anywhere in the file
reported = set()	# positions already reported (one record per site)
has_page = set()	# files that call a page allocator returning an address
has_vmalloc = set()	# files that call vmalloc() or kvmalloc() and friends
has_map = set()		# files that map, reserve or free pages, or fill vmf->page
xlat_fields = {}	# (file, struct, field) -> translations of addresses stored in it


def key(p):
	return (p[0].file, p[0].line, p[0].column)


def norm(e):
	return re.sub(r"\s+", "", str(e))


# ---------------------------------------------------------------- what the file has

def alloc_present(pa, fa):
	"""The file calls allocator fa at pa: uses are followed only where it may matter."""
	if ALLOCATORS[str(fa)][0] == "P":
		has_page.add(pa[0].file)
	else:
		has_vmalloc.add(pa[0].file)


def map_present(pm):
	"""The file maps, reserves or frees pages, or fills vmf->page, at pm."""
	has_map.add(pm[0].file)


# kfree() is in almost every file, and costly to follow: each kind of use is followed
# only in a file with an allocator for which it would be wrong.
def follow_kfree(p):
	return p[0].file in has_page


def follow_lin(p):
	# For slab memory a translation matters only when the file maps the page.
	return p[0].file in has_vmalloc or p[0].file in has_map


def follow_lin2(p):
	return p[0].file in has_vmalloc


def use_found(pu, kind, fn):
	"""A use of a kind of WRONG_FOR at pu, calling fn."""
	uses[key(pu)] = (kind, str(fn))


def version():
	parts = []
	for piece in os.environ.get("WHICHALLOC_KERNEL_VERSION", "").split(".")[:2]:
		if not piece.isdigit():
			break
		parts.append(int(piece))
	if len(parts) < 2:
		return (99, 0)
	return tuple(parts)


def const_value(text):
	"""The value of an integer constant expression made of literals, or None."""
	text = re.sub(r"\b(0[xX][0-9a-fA-F]+|[0-9]+)[uUlL]+\b", r"\1", text)
	if not re.match(r"^[0-9a-fA-FxX+\-*/()<> ]+$", text):
		return None
	try:
		tree = ast.parse(text, mode="eval")
	except SyntaxError:
		return None
	ops = (ast.Add, ast.Sub, ast.Mult, ast.FloorDiv, ast.Div, ast.LShift, ast.RShift)

	def ev(n):
		if isinstance(n, ast.Expression):
			return ev(n.body)
		if isinstance(n, ast.Constant) and isinstance(n.value, int):
			return n.value
		if isinstance(n, ast.BinOp) and isinstance(n.op, ops):
			a, b = ev(n.left), ev(n.right)
			if a is None or b is None:
				return None
			if isinstance(n.op, ast.Add):
				return a + b
			if isinstance(n.op, ast.Sub):
				return a - b
			if isinstance(n.op, ast.Mult):
				return a * b
			if isinstance(n.op, ast.LShift):
				return a << b if b < 64 else None
			if isinstance(n.op, ast.RShift):
				return a >> b
			return a // b if b else None
		return None
	return ev(tree)


defines = {}	# file -> its object-like macros


def file_defines(path):
	"""The object-like macros that the file itself defines on one line."""
	if path not in defines:
		found = {}
		try:
			with open(path, errors="replace") as f:
				for line in f:
					if line.rstrip().endswith(chr(92)):
						continue
					# Drop comments; spelt with chr() because the SmPL
					# parser reads this code too.
					line = line.split(chr(47) + chr(42))[0]
					line = line.split(chr(47) * 2)[0]
					m = re.match(r"^\s*#\s*define\s+([A-Za-z_]\w*)\s+(.+?)\s*$",
						     line)
					if m:
						found[m.group(1)] = m.group(2)
		except OSError:
			pass
		defines[path] = found
	return defines[path]


def expand(text, defs, depth=0):
	new = re.sub(r"\b[A-Za-z_]\w*\b",
		     lambda m: "(%s)" % defs[m.group(0)] if m.group(0) in defs else m.group(0),
		     text)
	if new == text or depth > 8:
		return new
	return expand(new, defs, depth + 1)


def alloc_size(fa, args, path):
	"""The allocation's size in bytes when it is a constant, else None."""
	idx = ALLOCATORS[fa][1]
	if idx is None:
		return None
	if not isinstance(idx, tuple):
		idx = (idx,)
	total = 1
	for i in idx:
		if i >= len(args):
			return None
		v = const_value(expand(args[i], file_defines(path)))
		if v is None:
			return None
		total *= v
	return total


def make_alloc(fa, pa, es):
	"""The allocation by fa at pa with the arguments es: its family, size and order."""
	fa = str(fa)
	args = [str(x) for x in es.elements]
	fam = ALLOCATORS[fa][0]
	size = alloc_size(fa, args, pa[0].file)
	# kvmalloc_node() never falls back to vmalloc() at or below PAGE_SIZE (4 KiB at
	# least), nor when the flags do not allow sleeping.
	if fam == "KV" and size is not None and size <= 4096:
		fam = "K"
	if fam == "KV" and any(re.search(r"\bGFP_(ATOMIC|NOWAIT)\b", x) for x in args):
		fam = "K"
	order = None
	if fa in ("__get_free_pages", "__get_dma_pages") and len(args) > 1:
		order = const_value(expand(args[1], file_defines(pa[0].file)))
	return {"fam": fam, "fa": fa, "line": int(pa[0].line),
		"func": pa[0].current_element, "size": size, "order": order}


def add_alloc(pe, ps, fa, pa, es):
	"""The allocation assigned at ps reaches the used expression at pe."""
	allocs.setdefault(key(pe), []).append(make_alloc(fa, pa, es))
	alloc_at.add(key(ps))


def add_alias_alloc(pe, ps, ps2, fa, pa, es):
	"""The same through one alias assigned at ps2 (addr = (unsigned long)buf)."""
	add_alloc(pe, ps, fa, pa, es)
	alias_at.add(key(ps2))


def add_other(pe, ps, rhs):
	others.setdefault(key(pe), []).append((key(ps), norm(rhs)))


def ignorable(rhs):
	return rhs in ("NULL", "0", "ZERO_SIZE_PTR") or rhs.startswith("ERR_PTR(")


def unknown_source(srcs):
	"""Whether a value that is not a tracked allocation may reach the use."""
	return any(ps not in alloc_at and ps not in alias_at and not ignorable(rhs)
		   for ps, rhs in srcs)


def field_entry(pf, ts, fld):
	"""What the file stores in field fld of structure type ts (pf: a store or use)."""
	return fields.setdefault((pf[0].file, str(ts), str(fld)),
				 {"allocs": [], "other": False, "at": set()})


def add_field_alloc(pf, ts, fld, fa, pa, es):
	"""An allocation stored straight into the field at pf."""
	f = field_entry(pf, ts, fld)
	f["allocs"].append(make_alloc(fa, pa, es))
	f["at"].add(key(pf))


def add_field_store(pf, ts, fld, rhs):
	"""Any store into the field at pf; NULL and the like do not count."""
	f = field_entry(pf, ts, fld)
	if not ignorable(norm(rhs)):
		f.setdefault("stores", []).append(key(pf))


def add_field_alias_alloc(pf, ps, ts, fld, fa, pa, es):
	"""A field store at pf of a local that the allocation assigned at ps reaches."""
	add_field_alloc(pf, ts, fld, fa, pa, es)
	alloc_at.add(key(ps))


def add_field_src(pf, ps, rhs):
	"""A value assigned at ps to the local that the field store at pf stores."""
	field_src.setdefault(key(pf), []).append((key(ps), norm(rhs)))


def add_field_escape(pf, ts, fld):
	"""The address of the field is taken at pf: anything may be stored in it."""
	f = field_entry(pf, ts, fld)
	f["other"] = True


def add_use_field(pe, ts, fld):
	"""The used expression at pe is field fld of a structure of type ts."""
	use_fields[key(pe)] = (str(ts), str(fld))


def add_guard(p, e):
	"""is_vmalloc_addr(e) or virt_addr_valid(e) at p: the function checks e, and a field
	checked anywhere in the file is checked for all its uses (the check may be in a
	caller)."""
	guards.add((p[0].file, p[0].current_element, norm(e)))
	m = re.search(r"(->|\.)([A-Za-z_]\w*)$", norm(e))
	if m:
		guard_fields.add((p[0].file, m.group(2)))


def field_family(file, ts, fld):
	f = fields.get((file, ts, fld))
	if not f or not f["allocs"] or f["other"]:
		return None
	for st in f.get("stores", []):
		if st not in f["at"] or unknown_source(field_src.get(st, [])):
			return None
	return f["allocs"]


def reaching(pe):
	"""The allocations that reach the used expression, or None when unknown or mixed."""
	if unknown_source(others.get(key(pe), [])):
		return None, ""
	found = allocs.get(key(pe))
	via = ""
	if not found and key(pe) in use_fields:
		ts, fld = use_fields[key(pe)]
		found = field_family(pe[0].file, ts, fld)
		via = fld
	if not found:
		return None, ""
	if len(set(a["fam"] for a in found)) != 1:
		return None, ""
	return sorted(found, key=lambda a: a["line"])[0], via


def origin(a, pu, via, sized=False):
	"""Where the memory comes from, e.g. "kmalloc() memory from line 12"."""
	what = "%s() memory" % a["fa"]
	if sized and small(a):
		what = "a %d-byte %s() buffer" % (a["size"], a["fa"])
	if a["func"] != pu[0].current_element:
		what = "%s from line %d (%s())" % (what, a["line"], a["func"])
	else:
		what = "%s from line %d" % (what, a["line"])
	if via:
		what += " kept in ->%s" % via
	return what


def page_free(a):
	return "free_pages()" if a["fa"] in ("__get_free_pages", "__get_dma_pages") \
		else "free_page()"


def direct_message(kind, fn, a, pu, via):
	fam = a["fam"]
	src = origin(a, pu, via)
	if kind == "free":
		if fam == "K":
			fix = "kmem_cache_free()" if a["fa"].startswith("kmem_cache") else "kfree()"
			why = "that frees the slab page under other objects"
		elif fam == "V":
			fix, why = "vfree()", "it is not in the linear map"
		else:
			fix, why = "kvfree()", "it is slab or vmalloc memory, not pages"
		return "bug: %s() of %s: %s; its free is %s" % (fn, src, why, fix)
	if kind == "kfree":
		if fn.startswith("vfree"):
			return "bug: %s() of %s, which is not a vmalloc area; its free is %s" % (
				fn, src, page_free(a))
		if page_free(a) == "free_page()" or a["order"] == 0:
			what = "warns and skews the slab counters"
		else:
			what = "warns and frees only the first page"
		via_kfree = " (through kfree())" if fn.startswith("kvfree") else ""
		return ("bug: %s() of %s, which is not slab memory: 6.1's kfree()%s takes it "
			"for a large kmalloc buffer, %s; its free is %s" %
			(fn, src, via_kfree, what, page_free(a)))
	if kind in ("lin", "lin2"):
		if fam == "V":
			subj = "vmalloc memory"
		else:
			subj = "it is vmalloc memory when kmalloc() fails, and that"
		if kind == "lin2" and fn.startswith("dma_map"):
			rest = ("cannot be mapped with the DMA API; map its vmalloc_to_page() "
				"pages, or allocate with kmalloc() or dma_alloc_coherent()")
		elif kind == "lin2":
			rest = ("is not in the linear map that %s() needs; add its "
				"vmalloc_to_page() pages with sg_set_page()" % fn)
		elif fn in ("virt_to_page", "virt_to_head_page", "virt_to_folio"):
			rest = "is not in the linear map; use vmalloc_to_page()"
		else:
			rest = "is not in the linear map; use vmalloc_to_pfn()"
		if fam == "KV" and kind == "lin":
			rest += " when is_vmalloc_addr()"
		return "bug: %s() of %s: %s %s" % (fn, src, subj, rest)
	if kind == "vlin":
		return ("bug: %s() of %s: not a vmalloc address; use %s()" %
			(fn, src, "virt_to_page" if fn == "vmalloc_to_page" else "virt_to_pfn"))
	return None


def small(a):
	return a["size"] is not None and a["size"] < 4096


def map_message(fm, a, pu, via, through=None):
	"""The message for a page of slab memory mapped, reserved or freed as a page."""
	src = origin(a, pu, via, sized=True)
	if through:
		src += ", through ->%s (line %s)," % (through[0], through[1][0].line)
	alt = "use alloc_pages() or vmalloc_user()"
	if fm in ("__free_page", "__free_pages", "put_page"):
		fix = "kmem_cache_free()" if a["fa"].startswith("kmem_cache") else "kfree()"
		return ("bug: %s() of the page under %s: that frees a slab page under other "
			"objects; its free is %s" % (fm, src, fix))
	if fm in ("SetPageReserved", "ClearPageReserved"):
		return ("%s() on the page under %s: a slab page belongs to the slab and holds "
			"other objects; if it is for a user mapping, %s" % (fm, src, alt))
	if fm == "page":
		what = "the fault handler maps the page under %s" % src
	elif fm == "vm_insert_page":
		what = "vm_insert_page() of the page under %s" % src
	else:
		what = "%s() maps %s" % (fm, src)
	if small(a):
		if fm == "vm_insert_page":
			return ("bug: %s: a slab page, refused with -EINVAL and shared with other "
				"objects; %s" % (what, alt))
		return ("bug: %s to user space with the slab objects around it; %s" %
			(what, alt))
	if fm == "vm_insert_page":
		return ("%s: slab pages are refused with -EINVAL (kmalloc() memory is slab "
			"memory except large SLUB buffers); %s" % (what, alt))
	if version() >= (5, 4):
		note = "power-of-two kmalloc() sizes are naturally aligned since 5.4"
	else:
		note = "kmalloc() does not guarantee page alignment before 5.4"
	return ("%s to user space: check it is page-aligned whole pages (%s), or neighbouring "
		"slab objects leak; or %s" % (what, note, alt))


def tell(pu, verdict, msg):
	"""Print the finding in each mode of the run (coccilib is spatch's module):
	the record, and the lines of make coccicheck, which leave kept sites out."""
	if "whichalloc" in MODES:
		emit(RULE, verdict, pu, msg)
	if "report" in MODES and verdict != "keep":
		coccilib.report.print_report(pu[0], "%s: %s: %s: %s" % (
			"WARNING" if verdict == "replace" or msg.startswith("bug: ") else "INFO",
			RULE, verdict, msg))
	if "org" in MODES and verdict != "keep":
		coccilib.org.print_todo(pu[0], "%s: %s: %s" % (RULE, verdict, msg))


def decide_direct(pu, pe, e):
	"""Report a wrong use found at pu; return the called function, or None."""
	if key(pu) in reported or key(pu) not in uses:
		return None
	kind, fn = uses[key(pu)]
	a, via = reaching(pe)
	if a is None or a["fam"] not in WRONG_FOR[kind]:
		return None
	if a["fam"] in ("V", "KV"):
		if (pu[0].file, pu[0].current_element, norm(e)) in guards:
			return None
		# The check may be in a caller: pbl->buf = kvzalloc(...);
		# if (is_vmalloc_addr(pbl->buf)) ... else helper(pbl);
		if via and (pu[0].file, via) in guard_fields:
			return None
	msg = direct_message(kind, fn, a, pu, via)
	reported.add(key(pu))
	tell(pu, "review", msg)
	return fn


def decide_flow(pm, fm, pu, pe):
	"""Report the page of slab memory used at pm; return its name, or None."""
	fm = str(fm)
	if key(pm) in reported or uses.get(key(pu), ("", ""))[0] != "lin":
		return None
	a, via = reaching(pe)
	if a is None or a["fam"] != "K":
		return None
	msg = map_message(fm, a, pm, via)
	reported.add(key(pm))
	tell(pm, "review", msg)
	return fm


def add_field_xlat(pf, ts, fld, pu, pe):
	"""A field that stores the physical address, pfn or page of an address."""
	f = xlat_fields.setdefault((pf[0].file, str(ts), str(fld)), {"from": [], "at": set()})
	f["from"].append((pu, pe))
	f["at"].add(key(pf))


def decide_field_flow(pm, fm, ts, fld):
	"""Report a map call that uses a field set from the translation of slab memory."""
	fm = str(fm)
	f = xlat_fields.get((pm[0].file, str(ts), str(fld)))
	if not f or key(pm) in reported:
		return None
	g = fields.get((pm[0].file, str(ts), str(fld)), {})
	if g.get("other") or any(st not in f["at"] for st in g.get("stores", [])):
		return None
	found = []
	for pu, pe in f["from"]:
		if uses.get(key(pu), ("", ""))[0] != "lin":
			return None
		a, via = reaching(pe)
		if a is None:
			return None
		found.append((a, via, pu))
	if len(set(a["fam"] for a, _, _ in found)) != 1 or found[0][0]["fam"] != "K":
		return None
	a, via, pu = sorted(found, key=lambda t: t[0]["line"])[0]
	msg = map_message(fm, a, pm, via, through=(str(fld), pu))
	reported.add(key(pm))
	tell(pm, "review", msg)
	return fm

# ---- end of cocci/lib/whichalloc_kap.py ----

@initialize:python depends on whichalloc@
@@
MODES.add("whichalloc")

@initialize:python depends on report@
@@
MODES.add("report")

@initialize:python depends on org@
@@
MODES.add("org")

// What the file allocates and maps: a use is only worth following when the file has an
// allocator for which it would be wrong (kfree() is everywhere, and costly to follow).
@present@
position pa, pm;
identifier fa = {__get_free_pages, __get_free_page, get_zeroed_page, __get_dma_pages,
		 vmalloc, vzalloc, vmalloc_user, vmalloc_32, vmalloc_32_user, vmalloc_node,
		 vzalloc_node, __vmalloc, __vmalloc_node, __vmalloc_node_range, vmalloc_array,
		 vcalloc, vmap, vm_map_ram, kvmalloc, kvzalloc, kvmalloc_node, kvzalloc_node,
		 kvcalloc, kvmalloc_array, kvrealloc, kvmemdup, vmemdup_user};
identifier fm = {remap_pfn_range, io_remap_pfn_range, vm_iomap_memory, vm_insert_page,
		 SetPageReserved, ClearPageReserved, __free_page, __free_pages, put_page};
struct vm_fault *V;
expression E2;
@@

(
fa@pa(...)
|
fm@pm(...)
|
V->page@pm = E2
)

@script:python@
pa << present.pa;
fa << present.fa;
@@
alloc_present(pa, fa)

@script:python@
pm << present.pm;
@@
map_present(pm)

// Every use that would be wrong for some allocator family; E is the address used.
@u@
expression E, X, X1;
position pe, pu;
position pk : script:python () { follow_kfree(pk) };
position pl : script:python () { follow_lin(pl) };
position pl2 : script:python () { follow_lin2(pl2) };
type T;
identifier fn_free = {free_page, free_pages};
identifier fn_kfree = {kfree, kfree_sensitive, kvfree, kvfree_sensitive, vfree, vfree_atomic};
identifier fn_lin = {virt_to_page, virt_to_head_page, virt_to_folio, virt_to_pfn,
		     virt_to_phys, virt_to_bus, __pa};
identifier fn_lin2 = {sg_init_one, sg_set_buf, dma_map_single, dma_map_single_attrs};
identifier fn_vlin = {vmalloc_to_page, vmalloc_to_pfn};
@@

(
fn_free@pu((T)E@pe, ...)
|
fn_kfree@pu@pk((T)E@pe, ...)
|
fn_lin@pu@pl(\((T)E@pe + X\|&E@pe[X]\|(T)E@pe\))
|
fn_lin2@pu@pl2(X1, \((T)E@pe + X\|&E@pe[X]\|(T)E@pe\), ...)
|
fn_vlin@pu(\((T)E@pe + X\|&E@pe[X]\|(T)E@pe\))
)

@script:python@
pu << u.pu;
fn << u.fn_free;
@@
use_found(pu, "free", fn)

@script:python@
pu << u.pu;
fn << u.fn_kfree;
@@
use_found(pu, "kfree", fn)

@script:python@
pu << u.pu;
fn << u.fn_lin;
@@
use_found(pu, "lin", fn)

@script:python@
pu << u.pu;
fn << u.fn_lin2;
@@
use_found(pu, "lin2", fn)

@script:python@
pu << u.pu;
fn << u.fn_vlin;
@@
use_found(pu, "vlin", fn)

// The allocations that reach a use on some path of the same function.
@path exists@
expression u.E, E1;
position u.pe, pa, ps;
type T;
expression list ES;
identifier fa = {kmalloc, kzalloc, kmalloc_node, kzalloc_node, kcalloc, kmalloc_array,
		 kcalloc_node, kmalloc_array_node, krealloc, krealloc_array, kmemdup,
		 memdup_user, memdup_user_nul, kmem_cache_alloc, kmem_cache_zalloc,
		 kmem_cache_alloc_node, vmalloc, vzalloc, vmalloc_user, vmalloc_32,
		 vmalloc_32_user, vmalloc_node, vzalloc_node, __vmalloc, __vmalloc_node,
		 __vmalloc_node_range, vmalloc_array, vcalloc, vmap, vm_map_ram, kvmalloc,
		 kvzalloc, kvmalloc_node, kvzalloc_node, kvcalloc, kvmalloc_array, kvrealloc,
		 kvmemdup, vmemdup_user, __get_free_pages, __get_free_page, get_zeroed_page,
		 __get_dma_pages};
@@

E@ps = (T)fa@pa(ES)
... when != E = E1
    when != &E
E@pe

@script:python@
pe << u.pe;
ps << path.ps;
pa << path.pa;
fa << path.fa;
es << path.ES;
@@
add_alloc(pe, ps, fa, pa, es)

// The same through one alias: addr = (unsigned long)buf; dev->buf = buf; ...
@alias exists@
expression u.E, E0, E1, E2, X;
position u.pe, pa, ps, ps2;
type T, T2;
expression list ES;
identifier fa = {kmalloc, kzalloc, kmalloc_node, kzalloc_node, kcalloc, kmalloc_array,
		 kcalloc_node, kmalloc_array_node, krealloc, krealloc_array, kmemdup,
		 memdup_user, memdup_user_nul, kmem_cache_alloc, kmem_cache_zalloc,
		 kmem_cache_alloc_node, vmalloc, vzalloc, vmalloc_user, vmalloc_32,
		 vmalloc_32_user, vmalloc_node, vzalloc_node, __vmalloc, __vmalloc_node,
		 __vmalloc_node_range, vmalloc_array, vcalloc, vmap, vm_map_ram, kvmalloc,
		 kvzalloc, kvmalloc_node, kvzalloc_node, kvcalloc, kvmalloc_array, kvrealloc,
		 kvmemdup, vmemdup_user, __get_free_pages, __get_free_page, get_zeroed_page,
		 __get_dma_pages};
@@

E0@ps = (T)fa@pa(ES)
... when != E0 = E1
    when != &E0
(
E@ps2 = (T2)E0 + X
|
E@ps2 = (T2)E0
)
... when != E = E2
    when != &E
E@pe

@script:python@
pe << u.pe;
ps << alias.ps;
ps2 << alias.ps2;
pa << alias.pa;
fa << alias.fa;
es << alias.ES;
@@
add_alias_alloc(pe, ps, ps2, fa, pa, es)

// Every other value that reaches the use, directly or through the alias: if one is not
// a tracked allocation (or NULL), the use is left alone.
@path_other exists@
expression u.E, E1, E2;
position u.pe, ps;
@@

E@ps = E1
... when != E = E2
    when != &E
E@pe

@script:python@
pe << u.pe;
ps << path_other.ps;
e1 << path_other.E1;
@@
add_other(pe, ps, e1)

@alias_other exists@
expression u.E, alias.E0, E1, E2, E3, X;
position u.pe, alias.ps2, ps;
type T2;
@@

E0@ps = E1
... when != E0 = E2
    when != &E0
(
E@ps2 = (T2)E0 + X
|
E@ps2 = (T2)E0
)
... when != E = E3
    when != &E
E@pe

@script:python@
pe << u.pe;
ps << alias_other.ps;
e1 << alias_other.E1;
@@
add_other(pe, ps, e1)

// Structure fields: what the file stores in them.
@fstore@
type TS, T;
TS *Y;
TS Z;
identifier fld;
position pa, pf;
expression list ES;
identifier fa = {kmalloc, kzalloc, kmalloc_node, kzalloc_node, kcalloc, kmalloc_array,
		 kcalloc_node, kmalloc_array_node, krealloc, krealloc_array, kmemdup,
		 memdup_user, memdup_user_nul, kmem_cache_alloc, kmem_cache_zalloc,
		 kmem_cache_alloc_node, vmalloc, vzalloc, vmalloc_user, vmalloc_32,
		 vmalloc_32_user, vmalloc_node, vzalloc_node, __vmalloc, __vmalloc_node,
		 __vmalloc_node_range, vmalloc_array, vcalloc, vmap, vm_map_ram, kvmalloc,
		 kvzalloc, kvmalloc_node, kvzalloc_node, kvcalloc, kvmalloc_array, kvrealloc,
		 kvmemdup, vmemdup_user, __get_free_pages, __get_free_page, get_zeroed_page,
		 __get_dma_pages};
@@

(
Y->fld@pf = (T)fa@pa(ES)
|
Z.fld@pf = (T)fa@pa(ES)
)

@script:python@
pf << fstore.pf;
ts << fstore.TS;
fld << fstore.fld;
pa << fstore.pa;
fa << fstore.fa;
es << fstore.ES;
@@
add_field_alloc(pf, ts, fld, fa, pa, es)

@fstore_alias exists@
type TS, T, T2;
TS *Y;
TS Z;
identifier fld;
position pa, pf, ps;
expression E0, E1;
expression list ES;
identifier fa = {kmalloc, kzalloc, kmalloc_node, kzalloc_node, kcalloc, kmalloc_array,
		 kcalloc_node, kmalloc_array_node, krealloc, krealloc_array, kmemdup,
		 memdup_user, memdup_user_nul, kmem_cache_alloc, kmem_cache_zalloc,
		 kmem_cache_alloc_node, vmalloc, vzalloc, vmalloc_user, vmalloc_32,
		 vmalloc_32_user, vmalloc_node, vzalloc_node, __vmalloc, __vmalloc_node,
		 __vmalloc_node_range, vmalloc_array, vcalloc, vmap, vm_map_ram, kvmalloc,
		 kvzalloc, kvmalloc_node, kvzalloc_node, kvcalloc, kvmalloc_array, kvrealloc,
		 kvmemdup, vmemdup_user, __get_free_pages, __get_free_page, get_zeroed_page,
		 __get_dma_pages};
@@

E0@ps = (T)fa@pa(ES)
... when != E0 = E1
    when != &E0
(
Y->fld@pf = (T2)E0
|
Z.fld@pf = (T2)E0
)

@script:python@
pf << fstore_alias.pf;
ps << fstore_alias.ps;
ts << fstore_alias.TS;
fld << fstore_alias.fld;
pa << fstore_alias.pa;
fa << fstore_alias.fa;
es << fstore_alias.ES;
@@
add_field_alias_alloc(pf, ps, ts, fld, fa, pa, es)

// Every value of the local that reaches a field store found above.
@fstore_src exists@
type T2;
identifier fld;
position fstore_alias.pf, ps;
expression fstore_alias.E0, E1, E2, Y;
@@

E0@ps = E1
... when != E0 = E2
    when != &E0
(
Y->fld@pf = (T2)E0
|
Y.fld@pf = (T2)E0
)

@script:python@
pf << fstore_alias.pf;
ps << fstore_src.ps;
e1 << fstore_src.E1;
@@
add_field_src(pf, ps, e1)

@fstore_any@
type TS;
TS *Y;
TS Z;
identifier fld;
position pf;
expression E2;
@@

(
Y->fld@pf = E2
|
Z.fld@pf = E2
)

@script:python@
pf << fstore_any.pf;
ts << fstore_any.TS;
fld << fstore_any.fld;
e2 << fstore_any.E2;
@@
add_field_store(pf, ts, fld, e2)

@fescape@
type TS;
TS *Y;
TS Z;
identifier fld;
position pf;
@@

(
 &Y->fld@pf
|
 &Z.fld@pf
)

@script:python@
pf << fescape.pf;
ts << fescape.TS;
fld << fescape.fld;
@@
add_field_escape(pf, ts, fld)

// A used expression that is a structure field.
@ufield@
expression u.E;
position u.pe;
type TS;
TS *Y;
TS Z;
identifier fld;
@@

(
E@pe
&
\(Y->fld\|Z.fld\)
)

@script:python@
pe << u.pe;
ts << ufield.TS;
fld << ufield.fld;
@@
add_use_field(pe, ts, fld)

// Code that checks which kind of address it has is left alone.
@guard@
expression E;
position p;
identifier chk = {is_vmalloc_addr, virt_addr_valid};
@@

chk@p(E)

@script:python@
p << guard.p;
e << guard.E;
@@
add_guard(p, e)

// Translations of a slab address whose page or pfn is mapped, reserved or freed.
@flow@
identifier u.fn_lin;
position u.pu, pm;
identifier fm = {remap_pfn_range, io_remap_pfn_range, vm_iomap_memory, vm_insert_page,
		 SetPageReserved, ClearPageReserved, __free_page, __free_pages, put_page,
		 page};
struct vm_fault *V;
@@

(
fm@pm(..., <+... fn_lin@pu(...) ...+>, ...)
|
V->fm@pm = <+... fn_lin@pu(...) ...+>
)

@flow_var exists@
identifier u.fn_lin;
position u.pu, pm;
identifier fm = {remap_pfn_range, io_remap_pfn_range, vm_iomap_memory, vm_insert_page,
		 SetPageReserved, ClearPageReserved, __free_page, __free_pages, put_page,
		 page};
struct vm_fault *V;
expression X, E2;
@@

X = <+... fn_lin@pu(...) ...+>;
... when != X = E2
(
fm@pm(..., <+... X ...+>, ...)
|
V->fm@pm = <+... X ...+>
)

@flow_decl exists@
identifier u.fn_lin;
position u.pu, pm;
identifier fm = {remap_pfn_range, io_remap_pfn_range, vm_iomap_memory, vm_insert_page,
		 SetPageReserved, ClearPageReserved, __free_page, __free_pages, put_page,
		 page};
struct vm_fault *V;
identifier X;
type T;
expression E2;
@@

T X = <+... fn_lin@pu(...) ...+>;
... when != X = E2
(
fm@pm(..., <+... X ...+>, ...)
|
V->fm@pm = <+... X ...+>
)

// A field that caches the physical address (or pfn, page) of an address, and the map
// calls that use such a field: ctx->buf_pa = virt_to_phys(ctx->buf); ...
// remap_pfn_range(vma, start, ctx->buf_pa >> PAGE_SHIFT, ...).
@fxlat@
identifier u.fn_lin;
position u.pu, pf;
type TS;
TS *Y;
TS Z;
identifier fld;
@@

(
Y->fld@pf = <+... fn_lin@pu(...) ...+>
|
Z.fld@pf = <+... fn_lin@pu(...) ...+>
)

@script:python@
pf << fxlat.pf;
ts << fxlat.TS;
fld << fxlat.fld;
pu << u.pu;
pe << u.pe;
@@
add_field_xlat(pf, ts, fld, pu, pe)

@fmap depends on fxlat@
identifier fm = {remap_pfn_range, io_remap_pfn_range, vm_iomap_memory, vm_insert_page,
		 SetPageReserved, ClearPageReserved, __free_page, __free_pages, put_page};
position pm;
type TS;
TS *Y;
TS Z;
identifier fld;
@@

fm@pm(..., <+... \(Y->fld\|Z.fld\) ...+>, ...)

// Decide, report, and hand the sites to context mode.
@script:python direct@
pu << u.pu;
pe << u.pe;
e << u.E;
fn;
@@
# Not cocci.include_match(False): that would drop the match of u for later scripts.
coccinelle.fn = decide_direct(pu, pe, e) or NOT_REPORTED

@script:python mapped@
pm << flow.pm;
fm << flow.fm;
pu << u.pu;
pe << u.pe;
mfn;
@@
coccinelle.mfn = decide_flow(pm, fm, pu, pe) or NOT_REPORTED

@script:python mapped_var@
pm << flow_var.pm;
fm << flow_var.fm;
pu << u.pu;
pe << u.pe;
mfn;
@@
coccinelle.mfn = decide_flow(pm, fm, pu, pe) or NOT_REPORTED

@script:python mapped_decl@
pm << flow_decl.pm;
fm << flow_decl.fm;
pu << u.pu;
pe << u.pe;
mfn;
@@
coccinelle.mfn = decide_flow(pm, fm, pu, pe) or NOT_REPORTED

@script:python mapped_field@
pm << fmap.pm;
fm << fmap.fm;
ts << fmap.TS;
fld << fmap.fld;
mfn;
@@
coccinelle.mfn = decide_field_flow(pm, fm, ts, fld) or NOT_REPORTED

@depends on context@
identifier direct.fn;
position u.pu;
@@

* fn@pu(...)

@depends on context@
identifier mapped.mfn;
position flow.pm;
expression V, E2;
@@

(
* mfn@pm(...)
|
* V->mfn@pm = E2
)

@depends on context@
identifier mapped_var.mfn;
position flow_var.pm;
expression V, E2;
@@

(
* mfn@pm(...)
|
* V->mfn@pm = E2
)

@depends on context@
identifier mapped_decl.mfn;
position flow_decl.pm;
struct vm_fault *V;
expression E2;
@@

(
* mfn@pm(...)
|
* V->mfn@pm = E2
)

@depends on context@
identifier mapped_field.mfn;
position fmap.pm;
@@

* mfn@pm(...)
