# SPDX-License-Identifier: GPL-2.0-only
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

from whichalloc_record import emit

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

