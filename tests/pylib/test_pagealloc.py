# SPDX-License-Identifier: GPL-2.0-only
"""Tests of cocci/lib/whichalloc_pagealloc.py, the decisions of the rule pagealloc-kmalloc.

A small C file is written to a temporary directory and the facts about it are fed to the
module as the rule's scripts hand them over: positions (file, line, 0-based column and
end, function) of the tokens the SmPL rules bind, and the text of the expressions and
types. decide_file() then gives each site its verdict and message.
"""
import importlib
import os
import re
import shutil
import sys
import tempfile
import unittest
from unittest import mock

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "..", "cocci", "lib"))
import whichalloc_pagealloc  # noqa: E402


class Pos:
    def __init__(self, file, line, column, column_end, func):
        self.file = file
        self.line = str(line)
        self.column = str(column)
        self.line_end = str(line)
        self.column_end = str(column_end)
        self.current_element = func


class Src:
    """A C file of the test and the positions of its tokens."""

    def __init__(self, tc, text, name="sample.c", sub=""):
        d = tempfile.mkdtemp(prefix="pagealloc-")
        tc.addCleanup(shutil.rmtree, d)
        os.makedirs(os.path.join(d, sub), exist_ok=True)
        self.path = os.path.join(d, sub, name)
        with open(self.path, "w") as f:
            f.write(text)
        self.lines = text.split("\n")

    def pos(self, line, token, func="f", nth=0):
        found = [m.start() for m in re.finditer(r"(?<!\w)%s(?!\w)" % re.escape(token),
                                                self.lines[line - 1])]
        col = found[nth]
        return [Pos(self.path, line, col, col + len(token), func)]


LOCAL = """\
static int f(void)
{
	char *buf;

	buf = (char *)__get_free_page(GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	memcpy(buf, "x", 1);
%s
	free_page((unsigned long)buf);
	return 0;
}
"""

ULONG = """\
static void f(void)
{
	unsigned long page;

	page = __get_free_page(GFP_KERNEL);
	if (!page)
		return;
%s
	free_page(page);
}
"""

ALLOCS = """\
void h(int n)
{
	a = __get_free_pages(GFP_KERNEL, 3);
	b = __get_free_pages(GFP_KERNEL, n);
	hash = __get_free_pages(GFP_KERNEL, n);
	c = __get_dma_pages(GFP_KERNEL, 0);
	d = __get_free_page(GFP_KERNEL | GFP_DMA);
	e = __get_free_page(GFP_HIGHUSER);
	f = page_address(alloc_pages(GFP_KERNEL | __GFP_ZERO, 1));
	g = page_address(alloc_pages_node(nid, GFP_KERNEL, 2));
#define GRAB(x) \\
	x = __get_free_page(GFP_KERNEL)
}
"""

GLOBAL = """\
static char *gbuf;
static void a(void) { gbuf = (char *)__get_free_page(GFP_KERNEL); }
static void b(void) { gbuf = (char *)__get_free_pages(GFP_KERNEL, 3); }
static void c(void) { free_page((unsigned long)gbuf); }
"""

HELPER = """\
%sput_buf(char *p)
{
	free_page((unsigned long)p);
}

static int f(void)
{
	char *buf;

	buf = (char *)__get_free_page(GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	put_buf(buf);
	put_buf(other);
	return 0;
}
"""

FIELD = """\
%sstruct dev { char *page; };
static int f(struct dev *d)
{
	d->page = (char *)__get_free_page(GFP_KERNEL);
	return d->page ? 0 : -ENOMEM;
}
static void g(struct dev *d)
{
	free_page((unsigned long)d->page);
}
"""


STORED = """\
%sstruct dev { char *page; };
static int f(struct dev *d)
{
	char *buf = (char *)__get_free_page(GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	d->page = buf;
	return 0;
}
static void g(struct dev *d)
{
	free_page((unsigned long)d->page);
}
"""


class PageallocTest(unittest.TestCase):
    version = "6.1"

    def setUp(self):
        env = mock.patch.dict(os.environ, {"WHICHALLOC_KERNEL_VERSION": self.version})
        env.start()
        self.addCleanup(env.stop)
        self.m = importlib.reload(whichalloc_pagealloc)

    def occ(self, src, line, var, func="f", local=True, nth=0):
        q = src.pos(line, var, func, nth)
        self.m.occ_found(q)
        if local:
            self.m.local_occ(q)
        return q

    def call(self, src, line, var, g, direct=True, func="f"):
        q, c = src.pos(line, var, func), src.pos(line, g, func)
        self.m.call_found(q, g, c)
        if direct:
            self.m.direct_call_found(q, c)

    def local(self, line9="\tmemset(buf, 0, 4);", free=True, forder=None, bound=True, sub=""):
        """The local char *buf of LOCAL with line9 as its ninth line; its site's
        position. Line 9 is fed as an occurrence of buf in a direct call of its first
        callee."""
        m = self.m
        src = self.src = Src(self, LOCAL % line9, sub=sub)
        p = src.pos(5, "__get_free_page")
        m.site_found(p)
        m.site_cast(p, "char *")
        m.receiver(p, "local", var="buf", rtype="char *", rpos=src.pos(5, "buf"))
        m.fdef_found(src.pos(1, "f"), "f")
        for line in (5, 6, 8, 10):
            self.occ(src, line, "buf")
        m.null_found(src.pos(6, "buf"))
        self.call(src, 8, "buf", "memcpy")
        if "buf" in line9:
            self.occ(src, 9, "buf")
            callees = re.findall(r"(\w+)\(", line9)
            for g in callees:
                self.call(src, 9, "buf", g, direct=bound and g == callees[-1])
        if free:
            q = src.pos(10, "buf")
            m.cast_found(q, "unsigned long")
            m.free_found(q, src.pos(10, "free_page"), forder)
            m.allfree_found(src.pos(10, "free_page"))
        return p

    def ulong(self, line8):
        m = self.m
        src = self.src = Src(self, ULONG % line8)
        p = src.pos(5, "__get_free_page")
        m.site_found(p)
        m.receiver(p, "local", var="page", rtype="unsigned long", rpos=src.pos(5, "page"))
        m.ulong_decl_found(src.pos(3, "page"))
        for line in (5, 6, 8, 9):
            self.occ(src, line, "page")
        m.null_found(src.pos(6, "page"))
        m.free_found(src.pos(9, "page"), src.pos(9, "free_page"), None)
        m.allfree_found(src.pos(9, "free_page"))
        return p

    def field_site(self, defined):
        """The site of FIELD, its structure declared in the file or not (self.src)."""
        m = self.m
        src = self.src = Src(self, FIELD % ("" if defined else "//"))
        if defined:
            m.struct_found(src.pos(1, "dev", "something_else"), "dev")
        p = src.pos(4, "__get_free_page")
        m.site_found(p)
        m.site_cast(p, "char *")
        m.receiver(p, "field", struct="struct dev", field="page",
                   rpos=src.pos(4, "d->page"))
        for line, func in [(4, "f"), (5, "f"), (9, "g")]:
            q = self.occ(src, line, "d->page", func, local=False)
            m.field_type(q, src.pos(line, "page", func), "struct dev")
        q = src.pos(9, "d->page", "g")
        m.free_found(q, src.pos(9, "free_page", "g"), None)
        return p

    def verdict(self, p):
        site = self.m.verdict_of(p)
        return site.verdict, site.message


class Text(PageallocTest):
    def test_norm_and_target(self):
        m = self.m
        self.assertEqual(m.norm(" dev -> buf [ i ] "), "dev->buf[i]")
        self.assertEqual(m.norm_target("((char *) buf)"), "buf")
        self.assertEqual(m.norm_target("(unsigned long)dev->page"), "dev->page")
        self.assertEqual(m.norm_target("(char *)(buf)"), "buf")
        self.assertEqual(m.norm_target("(a + b)"), "a+b")

    def test_split_args(self):
        self.assertEqual(self.m.split_args("a, f(b, c), d[1], {x, y}"),
                         ["a", "f(b, c)", "d[1]", "{x, y}"])
        self.assertEqual(self.m.split_args(""), [])

    def test_split_or(self):
        so = self.m.split_or
        self.assertEqual(so("(GFP_KERNEL | __GFP_ZERO)"), ["GFP_KERNEL", "__GFP_ZERO"])
        self.assertEqual(so("f(a | b) | c"), ["f(a | b)", "c"])
        self.assertEqual(so("GFP_KERNEL"), ["GFP_KERNEL"])
        self.assertIsNone(so("a |"))

    def test_balanced(self):
        self.assertTrue(self.m._balanced("(a)(b)"))
        self.assertFalse(self.m._balanced("a)(b"))
        self.assertFalse(self.m._balanced("(a"))

    def test_const_int(self):
        self.assertEqual(self.m.const_int(" 1UL "), 1)
        self.assertEqual(self.m.const_int("3"), 3)
        self.assertIsNone(self.m.const_int("order"))
        self.assertIsNone(self.m.const_int("PAGE_SHIFT - 10"))

    def test_lines_text(self):
        self.assertEqual(self.m.lines_text([7]), "line 7")
        self.assertEqual(self.m.lines_text([9, 3, 9]), "lines 3, 9")

    def test_is_pointer(self):
        self.assertTrue(self.m.is_pointer("char * "))
        self.assertFalse(self.m.is_pointer("unsigned long"))
        self.assertFalse(self.m.is_pointer(None))

    def test_chain_text(self):
        self.assertEqual(self.m.chain_text([("g", 4, "p"), ("h", 9, "q")]),
                         "to g() at line 4 as p, then to h() at line 9 as q")


class Classify(PageallocTest):
    def test_page_use_kind(self):
        k = self.m.page_use_kind
        for name, kind in [("remap_pfn_range", "map"), ("vm_insert_page", "map"),
                           ("pte_alloc_one", "table"), ("set_memory_ro", "setmem"),
                           ("dma_map_single", "dma"), ("sg_init_one", "dma"),
                           ("virt_to_page", "page"), ("kmap_atomic", "page"),
                           ("__SetPageReserved", "page"), ("__pa", "phys"),
                           ("virt_to_pfn", "phys"), ("flush_dcache_page", "cache"),
                           ("memcpy", None), ("kmalloc", None), ("pte", None)]:
            self.assertEqual(k(name), kind, name)

    def test_is_pagecall(self):
        self.assertTrue(self.m.is_pagecall("free_pages"))
        self.assertTrue(self.m.is_pagecall("virt_to_phys"))
        self.assertFalse(self.m.is_pagecall("kfree"))

    def test_known_helper(self):
        kh = self.m.known_helper
        for g in ("memcpy", "strscpy", "snprintf", "seq_printf", "copy_to_user",
                  "__copy_from_user_inatomic", "set_bit", "bitmap_zero", "likely",
                  "min_t", "pr_err", "dev_warn_ratelimited", "kstrtouint", "d_path",
                  "netdev_dbg", "get_unaligned", "put_unaligned_le32", "__get_unaligned_be16"):
            self.assertTrue(kh(g), g)
        for g in ("do_thing", "kfree", "free_page", "memcpy_toio", "seq_open",
                  "netdev_alloc_skb", "get_unaligned_le31"):
            self.assertFalse(kh(g), g)

    def test_param_of(self):
        p = self.m.param_of
        self.assertEqual(p("char *buf"), ("buf", "char *"))
        self.assertEqual(p("const struct foo * const f"), ("f", "const struct foo * const"))
        self.assertEqual(p("u8 data[16]"), ("data", "u8 *"))
        self.assertEqual(p("int (*cb)(void *)"), ("cb", "a function pointer"))
        self.assertEqual(p("void"), (None, "void"))

    def test_arg_base(self):
        a = self.m.arg_base
        self.assertEqual(a("buf"), ("buf", "whole"))
        self.assertEqual(a("(void *) buf"), ("buf", "whole"))
        self.assertEqual(a("dev->page"), ("dev->page", "whole"))
        self.assertEqual(a("&buf[4]"), ("buf", "interior"))
        self.assertEqual(a("&dev->ring->events"), ("dev->ring", "interior"))
        self.assertEqual(a("&hdr->cmd.data"), ("hdr", "interior"))
        self.assertEqual(a("buf + len"), ("buf", "interior"))
        self.assertEqual(a("buf[i]"), ("buf", "value"))
        self.assertIsNone(a("f(buf)"))

    def test_tracked(self):
        self.m.NAMES.add("buf")
        self.m.FIELDS.add("page")
        self.assertTrue(self.m.tracked("buf"))
        self.assertTrue(self.m.tracked("dev -> page"))
        self.assertTrue(self.m.tracked("s.page"))
        self.assertFalse(self.m.tracked("other"))
        self.assertFalse(self.m.tracked("(*pp)->page"))
        self.assertFalse(self.m.tracked("dev->other"))


class Words(PageallocTest):
    def site(self, **kw):
        src = Src(self, ALLOCS)
        site = self.m.Site(src.pos(3, "__get_free_pages", "h")[0], [])
        for k, v in kw.items():
            setattr(site, k, v)
        return site

    def test_replacement(self):
        r = self.m.replacement
        self.assertEqual(r(self.site(alloc="__get_free_page", gfp="GFP_KERNEL")),
                         ("kmalloc", "PAGE_SIZE", "GFP_KERNEL"))
        self.assertEqual(r(self.site(alloc="get_zeroed_page", gfp="GFP_NOFS")),
                         ("kzalloc", "PAGE_SIZE", "GFP_NOFS"))
        self.assertEqual(r(self.site(alloc="__get_free_pages", order="1",
                                     gfp="GFP_KERNEL | __GFP_ZERO")),
                         ("kzalloc", "2 * PAGE_SIZE", "GFP_KERNEL"))
        self.assertEqual(r(self.site(alloc="alloc_pages", gfp="__GFP_ZERO")),
                         ("kzalloc", "PAGE_SIZE", "0"))
        self.assertEqual(r(self.site(alloc="__get_free_page")),
                         ("kmalloc", "PAGE_SIZE", "GFP_KERNEL"))

    def test_buffer_key_and_describe(self):
        m = self.m
        s = self.site(recv="local", var="buf", func="h")
        self.assertEqual((m.buffer_key(s), m.describe(s)), (("L", "h", "buf"), "buf"))
        s = self.site(recv="global", var="gbuf")
        self.assertEqual((m.buffer_key(s), m.describe(s)), (("G", "gbuf"), "gbuf"))
        s = self.site(recv="field", struct="struct dev", field="page")
        self.assertEqual((m.buffer_key(s), m.describe(s)), (("F", "struct dev", "page"),
                                                            "->page"))
        s = self.site(recv="init", struct="struct dev", field="page")
        self.assertEqual(m.describe(s), ".page")
        s = self.site(recv="return")
        self.assertEqual((m.buffer_key(s), m.describe(s)), (None, "the buffer"))

    def test_struct_words(self):
        sw = self.m.struct_words
        self.assertEqual(sw(("F", "struct dev", "p")), "struct dev, declared outside this file,")
        self.assertEqual(sw(("F", "struct dev", "p"), header=True),
                         "struct dev, declared in this header,")
        self.assertEqual(sw(("F", None, "p")), "a structure whose type is not known here")

    def test_keep_message(self):
        m = self.m
        s = m.FileState("x.c")
        km = m.keep_message
        self.assertEqual(km("map", "remap_pfn_range", 4, None, s, "f"),
                         "the buffer is mapped to user space with remap_pfn_range() at line 4")
        self.assertEqual(km("table", "set_pte", 4, "p", s, "f"),
                         "its copy p is used as a page table by set_pte() at line 4")
        self.assertEqual(km("setmem", "set_memory_ro", 4, None, s, "f"),
                         "set_memory_ro() at line 4 changes the attributes of the buffer's "
                         "pages")
        self.assertIn("in a scatterlist with sg_set_buf()", km("dma", "sg_set_buf", 4, None,
                                                                s, "f"))
        self.assertEqual(km("dma", "dma_map_single", 4, None, s, "f"),
                         "the buffer is handed to DMA by dma_map_single() at line 4")
        self.assertIn("(needs its struct page)", km("page", "virt_to_page", 4, None, s, "f"))
        self.assertIn("(needs its frame number)", km("phys", "virt_to_pfn", 4, None, s, "f"))
        self.assertIn("(needs its physical address)", km("phys", "__pa", 4, None, s, "f"))
        self.assertIn("maintains the caches", km("cache", "flush_dcache_page", 4, None, s,
                                                 "f"))
        s.pagecalls["f"] = [("remap_pfn_range", 9), ("virt_to_page", 2)]
        self.assertEqual(km("phys", "__pa", 4, None, s, "f"),
                         "the buffer's physical address is taken with __pa() at line 4 for "
                         "remap_pfn_range() at line 9 (a user mapping)")

    def test_align_use_splits_at_5_4(self):
        m = self.m
        site = self.site()
        d = m.Decision()
        m.align_use(d, site, "PAGE_ALIGNED()", 7, (5, 3, 18))
        self.assertEqual(d.keep[0][2], "relies on page alignment (PAGE_ALIGNED() at line 7): "
                         "kmalloc() guarantees it only since Linux 5.4, and this tree is "
                         "older")
        d = m.Decision()
        m.align_use(d, site, "PAGE_ALIGNED()", 7, (5, 4, 0))
        m.align_use(d, site, "offset_in_page()", 8, (6, 1, 0))
        self.assertEqual((d.keep, d.review), ([], []))
        self.assertEqual(d.notes, ["its page alignment (PAGE_ALIGNED() at line 7) holds: "
                                   "kmalloc() of a power-of-two size is naturally aligned "
                                   "since Linux 5.4"])

    def test_modes(self):
        m = self.m
        site = self.site(verdict="review", message="why")
        self.assertFalse(m.shown(None))
        self.assertTrue(m.shown(site))
        self.assertEqual(m.report_text(site), "INFO: pagealloc-kmalloc: review: why")
        self.assertEqual(m.todo_text(site), "pagealloc-kmalloc: review: why")
        site.verdict = "replace"
        self.assertEqual(m.report_text(site), "WARNING: pagealloc-kmalloc: replace: why")
        site.verdict = "keep"
        self.assertFalse(m.shown(site))


class Sites(PageallocTest):
    def sites(self):
        src = Src(self, ALLOCS)
        out = {}
        for line, fn in [(3, "__get_free_pages"), (4, "__get_free_pages"),
                         (5, "__get_free_pages"), (6, "__get_dma_pages"),
                         (7, "__get_free_page"), (8, "__get_free_page"),
                         (9, "page_address"), (10, "page_address"), (12, "__get_free_page")]:
            p = src.pos(line, fn, "h")
            self.m.site_found(p)
            out[line] = self.m.st(p[0]).sites[self.m.pkey(p[0])]
        return src, out

    def decide(self, site, **kw):
        for k, v in kw.items():
            setattr(site, k, v)
        self.m.decide_site(self.m.st(site.pos), site, (6, 1, 0))
        return site.verdict, site.message

    def test_site_found(self):
        _, s = self.sites()
        self.assertEqual((s[3].alloc, s[3].gfp, s[3].order), ("__get_free_pages",
                                                              "GFP_KERNEL", "3"))
        self.assertEqual((s[9].alloc, s[9].gfp, s[9].order), ("alloc_pages",
                                                              "GFP_KERNEL | __GFP_ZERO", "1"))
        self.assertEqual((s[10].alloc, s[10].gfp, s[10].order), ("alloc_pages_node",
                                                                 "GFP_KERNEL", "2"))
        self.assertEqual((s[7].order, s[7].macro), ("0", None))
        self.assertEqual(s[12].macro, "GRAB")

    def test_inside_the_allocator_is_excluded(self):
        src = Src(self, ALLOCS)
        p = src.pos(3, "__get_free_pages", "__get_free_page")
        self.m.site_found(p)
        self.assertIsNone(self.m.verdict_of(p))

    def test_what_the_allocation_says(self):
        _, s = self.sites()
        v, msg = self.decide(s[3])
        self.assertEqual((v, msg), ("keep", "order 3 (8 contiguous pages): kmalloc() of that "
                                    "size would call the page allocator anyway"))
        self.assertEqual(self.decide(s[4])[1], "the order is computed at run time (n): a "
                         "multi-page, physically contiguous block")
        v, msg = self.decide(s[5], recv="local", var="hash", rtype="struct hlist_head *")
        self.assertEqual(v, "review")
        self.assertTrue(msg.startswith("a hash table allocated with a run-time order (n)"))
        # A name alone says a table, not a hash table (s390's crst tables, AMD's lookups).
        v, msg = self.decide(s[5], recv="local", var="rlookup_table", rtype="u16 *")
        self.assertEqual((v, msg), ("review", "a table (rlookup_table) allocated with a "
                                    "run-time order (n): if it need not be physically "
                                    "contiguous, kvmalloc_array() + kvfree() would do"))
        v, msg = self.decide(s[5], recv="local", var="hashbuf", rtype="u8 *")
        self.assertTrue(msg.startswith("a hash table allocated with a run-time order (n)"))
        self.assertEqual(self.decide(s[6])[1], "ZONE_DMA memory from __get_dma_pages() for a "
                         "device's addressing limits")
        self.assertEqual(self.decide(s[7])[1], "ZONE_DMA memory (GFP_DMA in the flags) for a "
                         "device's addressing limits")
        v, msg = self.decide(s[8])
        self.assertEqual(v, "review")
        self.assertTrue(msg.startswith("GFP_HIGHUSER in the flags"))
        self.assertEqual(self.decide(s[9], cast="pte_t *")[1], "used as a page table "
                         "(pte_t *): page tables come from the page allocator")

    def test_where_the_address_goes(self):
        _, s = self.sites()
        site = s[9]
        self.assertEqual(self.decide(site), ("review", "the address is not stored in a "
                                             "variable or field the rule can follow"))
        self.assertIn("returned to the caller", self.decide(site, recv="return")[1])
        self.assertIn("passed straight to seq_puts()",
                      self.decide(site, recv="arg", var="seq_puts")[1])
        self.assertIn("stored in the array element t[i]",
                      self.decide(site, recv="array", var="t[i]")[1])
        self.assertIn("in a loop", self.decide(site, recv="array", var="t[i]",
                                               in_loop=True)[1])
        self.assertIn("whose type the rule cannot see",
                      self.decide(site, recv="field", field="p", struct=None)[1])
        self.assertIn("of struct dev holds the address as an integer",
                      self.decide(site, recv="field", field="p", struct="struct dev",
                                  cast="unsigned long")[1])
        self.assertIn("held in a int variable",
                      self.decide(site, recv="local", var="x", rtype="int")[1])
        self.assertIn("in the body of the macro GRAB()", self.decide(s[12])[1])

    def test_receiver_keeps_the_best_rank(self):
        src, s = self.sites()
        p = src.pos(7, "__get_free_page", "h")
        self.m.receiver(p, "arg", var="seq_puts")
        self.m.receiver(p, "local", var="d", rtype="char *", rpos=src.pos(7, "d", "h"))
        self.m.receiver(p, "return")
        self.assertEqual((s[7].recv, s[7].var), ("local", "d"))
        self.assertIn("d", self.m.NAMES)


class Local(PageallocTest):
    def test_plain_buffer(self):
        p = self.local()
        self.assertEqual(self.verdict(p), (
            "replace", "plain buffer: kmalloc(PAGE_SIZE, GFP_KERNEL); kfree() at line 10"))
        s = self.m.st(p[0])
        self.assertEqual(s.sel_frees, {("f", "buf")})
        self.assertEqual(s.replaced_funcs, {"f"})
        fp = self.src.pos(10, "free_page")
        self.assertEqual(self.m.selected(fp, "(unsigned long) buf", "frees"), "f")
        self.assertEqual(self.m.selected(fp, "other", "frees"), self.m.NO_MATCH)

    def test_not_freed(self):
        p = self.local(free=False)
        self.assertEqual(self.verdict(p), (
            "review", "buf is not freed in f(): find who frees it before changing the "
            "allocator"))

    def test_freed_with_another_order(self):
        p = self.local(forder="1")
        self.assertEqual(self.verdict(p), (
            "review", "allocated with order 0 but freed with order 1 at line 10"))

    def test_struct_page(self):
        p = self.local("\tget_page(virt_to_page(buf));")
        self.assertEqual(self.verdict(p), (
            "keep", "the buffer is passed to virt_to_page() at line 9 (needs its struct page)"))

    def test_user_mapping(self):
        p = self.local("\tremap_pfn_range(vma, 0, __pa(buf), 4096, prot);")
        self.assertEqual(self.verdict(p), (
            "keep", "the buffer is mapped to user space with remap_pfn_range() at line 9 "
            "(through __pa())"))

    def test_page_use_inside_arguments(self):
        p = self.local("\tdma_map_single(dev, f(buf), 4);")
        self.assertEqual(self.verdict(p), (
            "review", "buf appears inside the arguments of dma_map_single() at line 9: check "
            "whether that needs the page allocator"))

    def test_mismatched_free(self):
        p = self.local("\tkfree(buf);")
        self.assertEqual(self.verdict(p), (
            "review", "freed with kfree() at line 9, which does not match the page "
            "allocator"))

    def test_unseen_function(self):
        p = self.local("\tdo_thing(buf, 4);")
        self.assertEqual(self.verdict(p), (
            "review", "passed to do_thing() at line 9, whose body the rule does not see "
            "(another file, a header or a function pointer): check what it does with the "
            "buffer"))

    def test_element_only(self):
        p = self.local("\tdo_thing(buf[0], 4);")
        self.assertEqual(self.verdict(p)[0], "replace")

    def test_returned_and_stored(self):
        p = self.local()
        o = self.m.st(p[0]).occ_at(self.src.pos(8, "buf")[0])
        o.stores.append("dev->data")
        self.assertEqual(self.verdict(p), (
            "review", "buf is stored in dev->data at line 8; the rule does not follow it "
            "there"))
        self.m.st(p[0]).decided = False
        o.ret = True
        self.assertEqual(self.verdict(p)[1], "buf is returned to the caller at line 8: "
                         "whoever frees it with free_page() would have to change too")

    def test_unpaired_free(self):
        p = self.local("\tfree_pages(x, 0);")
        self.m.allfree_found(self.src.pos(9, "free_pages"))
        self.assertEqual(self.verdict(p), (
            "review", "free_pages() at line 9 frees page-allocator memory the rule cannot "
            "pair with buf"))

    def test_twin_file_in_the_batch(self):
        p = self.local()
        twin = self.m.FileState("/elsewhere/sample.c")
        twin.defined.add("f")
        self.m.STATES["/elsewhere/sample.c"] = twin
        self.assertEqual(self.verdict(p), (
            "review", "a plain buffer, but /elsewhere/sample.c in this batch also defines "
            "f(): scan this file on its own to get the patch"))


class Alignment(PageallocTest):
    version = "5.3.18"

    def test_before_5_4(self):
        p = self.local("\tWARN_ON(!PAGE_ALIGNED(buf));")
        self.assertEqual(self.verdict(p), (
            "keep", "relies on page alignment (PAGE_ALIGNED() at line 9): kmalloc() "
            "guarantees it only since Linux 5.4, and this tree is older"))


class AlignmentLater(PageallocTest):
    def test_since_5_4(self):
        p = self.local("\tWARN_ON(!PAGE_ALIGNED(buf));")
        v, msg = self.verdict(p)
        self.assertEqual(v, "replace")
        self.assertTrue(msg.endswith("; its page alignment (PAGE_ALIGNED() at line 9) holds: "
                                     "kmalloc() of a power-of-two size is naturally aligned "
                                     "since Linux 5.4"))


class UnsignedLong(PageallocTest):
    def test_becomes_a_pointer(self):
        p = self.ulong("\tstrcpy((char *)page, \"x\");")
        self.m.cast_found(self.src.pos(8, "page"), "char *")
        self.assertEqual(self.verdict(p), (
            "replace", "plain buffer: kmalloc(PAGE_SIZE, GFP_KERNEL); kfree() at line 9; "
            "unsigned long page becomes char *page"))
        s = self.m.st(p[0])
        self.assertEqual(s.sel_decls, {("f", "page"): "char"})
        self.assertEqual(s.sel_casts, {("f", "page")})
        self.assertEqual(self.m.new_type(self.src.pos(3, "page"), "page"), "char")

    def test_two_pointer_types(self):
        p = self.ulong("\tstrcpy((char *)page, (u8 *)page);")
        self.m.cast_found(self.src.pos(8, "page"), "char *")
        self.m.cast_found(self.src.pos(8, "page", nth=1), "u8 *")
        self.m.occ_found(self.src.pos(8, "page", nth=1))
        self.m.local_occ(self.src.pos(8, "page", nth=1))
        self.assertEqual(self.verdict(p), (
            "review", "the unsigned long page is cast to char * and u8 *: choose its pointer "
            "type by hand"))

    def test_integer_use(self):
        p = self.ulong("\tx = page + 1;")
        self.assertEqual(self.verdict(p), (
            "review", "the unsigned long page is used as an integer at line 8: making it a "
            "pointer would spread"))


    def test_length_from_a_pointer(self):
        p = self.ulong("\tstrcpy((char *)page, \"x\"); n = (unsigned long)q - page;")
        self.m.cast_found(self.src.pos(8, "page"), "char *")
        q = self.occ(self.src, 8, "page", nth=1)
        self.m.ptrdiff_found(q, "char")
        self.assertEqual(self.verdict(p)[0], "replace")
        s = self.m.st(p[0])
        self.assertEqual(s.sel_diffs, {("f", "page")})
        self.assertEqual(s.sel_decls, {("f", "page"): "char"})

    def test_length_from_a_pointer_of_another_type(self):
        p = self.ulong("\tstrcpy((char *)page, \"x\"); n = (unsigned long)w - page;")
        self.m.cast_found(self.src.pos(8, "page"), "char *")
        q = self.occ(self.src, 8, "page", nth=1)
        self.m.ptrdiff_found(q, "u32")
        self.assertEqual(self.verdict(p), (
            "review", "the unsigned long page is subtracted from a u32 * cast to unsigned "
            "long, but becomes char *: rewrite the length by hand"))


class StoredLocal(PageallocTest):
    def feed(self, defined):
        m = self.m
        src = Src(self, STORED % ("" if defined else "//"))
        if defined:
            m.struct_found(src.pos(1, "dev", "something_else"), "dev")
        p = src.pos(4, "__get_free_page")
        m.site_found(p)
        m.site_cast(p, "char *")
        m.receiver(p, "local", var="buf", rtype="char *", rpos=src.pos(4, "buf"))
        for line in (4, 5, 7):
            self.occ(src, line, "buf")
        m.null_found(src.pos(5, "buf"))
        q = self.q7 = src.pos(7, "buf")
        m.store_found(q, "d->page")
        m.local_stored(q, "buf", "struct dev", "page")
        for line, func in [(7, "f"), (12, "g")]:
            q = self.occ(src, line, "d->page", func, local=False)
            m.field_type(q, src.pos(line, "page", func), "struct dev")
        m.assign_found(src.pos(7, "d->page"), "buf")
        q = src.pos(12, "d->page", "g")
        m.cast_found(q, "unsigned long")
        m.free_found(q, src.pos(12, "free_page", "g"), None)
        m.allfree_found(src.pos(12, "free_page", "g"))
        return p

    def test_freed_through_the_field(self):
        p = self.feed(True)
        self.assertEqual(self.verdict(p), (
            "replace", "plain buffer: kmalloc(PAGE_SIZE, GFP_KERNEL), kept in ->page of "
            "struct dev; kfree() in g() (line 12)"))
        self.assertEqual(self.m.st(p[0]).sel_frees, {("g", "d->page")})

    def test_structure_declared_elsewhere(self):
        p = self.feed(False)
        self.assertEqual(self.verdict(p), (
            "review", "->page (where buf is stored) belongs to struct dev, declared outside "
            "this file, so other files may free or map it"))

    def test_private_data_is_not_a_field_to_follow(self):
        p = self.feed(True)
        self.m.local_stored(self.q7, "buf", "struct file", "private_data")
        self.m.local_stored(self.q7, "buf", "struct dev", "page")
        site = self.m.st(p[0]).sites[self.m.pkey(p[0])]
        self.assertEqual([f for _, f, _ in site.stored], ["page", "page"])
        self.assertEqual(self.m.field_keys(site), [("F", "struct dev", "page")])


USER = """\
void g(struct dev *d, struct other *o)
{
	strlcat(d->page, "x", 4);
	h(virt_to_phys(d->page));
	o->page = 0;
	/* d->page in a comment */
}
"""


class FieldFacts(PageallocTest):
    def feed_other_file(self):
        m = self.m
        src = Src(self, USER, name="user.c")
        for line in (3, 4):
            q = self.occ(src, line, "d->page", "g", local=False)
            m.field_type(q, src.pos(line, "page", "g"), "struct dev")
        q = self.occ(src, 5, "o->page", "g", local=False)
        m.field_type(q, src.pos(5, "page", "g"), "struct other")
        self.call(src, 3, "d->page", "strlcat", func="g")
        self.call(src, 4, "d->page", "virt_to_phys", func="g")
        return m.st(src.pos(3, "d")[0])

    def test_uses_in_another_file(self):
        s = self.feed_other_file()
        facts = self.m.field_use_facts(s, "struct dev", "page")
        # strlcat() only writes; virt_to_phys() needs the page; o->page is another
        # structure's field; the comment is no use.
        self.assertEqual([(k, l) for k, l, _ in facts], [("keep", 4)])
        self.assertTrue(facts[0][2].endswith("g() passes d->page to virt_to_phys() at line 4"))
        self.assertEqual(self.m.field_use_facts(s, "struct dev", "other_field"), [])

    def test_inside_the_arguments_of_an_unseen_function(self):
        m = self.m
        src = Src(self, "void g(struct dev *d)\n{\n\tput(d->page + 4);\n}\n", name="put.c")
        q = self.occ(src, 3, "d->page", "g", local=False)
        m.field_type(q, src.pos(3, "page", "g"), "struct dev")
        self.call(src, 3, "d->page", "put", direct=False, func="g")
        facts = m.field_use_facts(m.st(q[0]), "struct dev", "page")
        self.assertEqual([(k, l) for k, l, _ in facts], [("review", 3)])

    def test_a_use_the_rule_does_not_see(self):
        s = self.feed_other_file()
        hidden = [k for k, o in s.occ.items() if o.line == 5]
        del s.occ[hidden[0]]
        facts = self.m.field_use_facts(s, "struct dev", "page")
        self.assertIn(("review", 0), [(k, l) for k, l, _ in facts])
        self.assertIn("->page is written 3 times and the rule follows 2", facts[0][2])

    def test_read_field_facts(self):
        f = self.m.read_field_facts([
            "dev.page\tdrivers/a.c\tbenign\tin drivers/a.c, reads\n",
            "dev.page\tdrivers/b.c\tkeep\tin drivers/b.c, maps\n",
            "dev.page\t0\tmaybe\tbad verdict\n",
            "do_thing\t0\tbenign\ta function\n"])
        self.assertEqual(f, {"dev.page": [("drivers/a.c", "benign", "in drivers/a.c, reads"),
                                          ("drivers/b.c", "keep", "in drivers/b.c, maps")]})

    def decide(self, lines):
        """The site of FIELD with its structure declared elsewhere; lines, the facts pass's
        lines about dev.page (None: not answered), may name this file as OWN."""
        p = self.field_site(False)
        self.m.FIELD_FACTS = {} if lines is None else {
            "dev.page": [(self.src.path if f == "OWN" else f, v, t) for f, v, t in lines]}
        return p

    def test_other_files_only_read(self):
        p = self.decide([("drivers/a.c", "benign", "in drivers/a.c, reads")])
        v, msg = self.verdict(p)
        self.assertEqual(v, "replace")
        self.assertTrue(msg.endswith("; the other files that use ->page (drivers/a.c) only "
                                     "read or write through it"), msg)
        self.assertIn("dev.page", self.m.st(p[0]).wants)

    def test_another_file_maps_it(self):
        p = self.decide([("drivers/a.c", "benign", "in drivers/a.c, reads"),
                         ("drivers/b.c", "keep", "in drivers/b.c, g() maps it")])
        self.assertEqual(self.verdict(p), (
            "keep", "->page belongs to struct dev, declared outside this file, and in "
            "drivers/b.c, g() maps it"))

    def test_own_lines_do_not_count(self):
        p = self.decide([("OWN", "review", "in this file, frees it")])
        v, msg = self.verdict(p)
        self.assertEqual(v, "replace")
        self.assertTrue(msg.endswith("; no other file uses ->page"), msg)

    def test_not_answered(self):
        p = self.decide(None)
        self.assertEqual(self.verdict(p), (
            "review", "->page belongs to struct dev, declared outside this file, so other "
            "files may free or map it"))


class Global(PageallocTest):
    def feed(self, both):
        m = self.m
        src = Src(self, GLOBAL)
        m.static_found(src.pos(1, "gbuf"))
        ps = []
        for line, fn, func in [(2, "__get_free_page", "a"), (3, "__get_free_pages", "b")]:
            if line == 3 and not both:
                continue
            p = src.pos(line, fn, func)
            m.site_found(p)
            m.receiver(p, "global", var="gbuf", rtype="char *",
                       rpos=src.pos(line, "gbuf", func))
            self.occ(src, line, "gbuf", func, local=False)
            ps.append(p)
        q = self.occ(src, 4, "gbuf", "c", local=False)
        m.free_found(q, src.pos(4, "free_page", "c"), None)
        return ps

    def test_static_buffer(self):
        p = self.feed(False)[0]
        self.assertEqual(self.verdict(p), (
            "replace", "plain buffer in gbuf (a static variable): kmalloc(PAGE_SIZE, "
            "GFP_KERNEL); kfree() in c() (line 4)"))

    def test_buffers_change_together(self):
        p, q = self.feed(True)
        self.assertEqual(self.verdict(q)[0], "keep")
        self.assertEqual(self.verdict(p), (
            "review", "gbuf also receives the allocation at line 3 (keep): change them "
            "together or not at all"))


class Chains(PageallocTest):
    def test_chain_problem(self):
        m = self.m
        s = m.FileState("x.c")
        chain = {("helper", "p")}
        s.fstatic["helper"] = False
        self.assertIn("helper(), which it is passed to, is not static",
                      m.chain_problem(s, chain, set()))
        s.fstatic["helper"] = True
        s.fnrefs["helper"] = {(20, 5)}
        self.assertIn("the address of helper(), which it is passed to, is taken at line 20",
                      m.chain_problem(s, chain, set()))
        s.lcall_pos.add((20, 5))
        s.fparams["helper"] = [("n", "int"), ("p", "char *")]
        s.lcalls.append(("f", "helper", ["1", "other"], 30))
        self.assertEqual(m.chain_problem(s, chain, set()),
                         "helper() frees what it is given, and the call at line 30 gives it "
                         "other, which does not change: change them together")
        self.assertIsNone(m.chain_problem(s, chain, {("f", "other")}))
        s.lcalls[0] = ("f", "helper", ["1", "d->page"], 30)
        self.assertIsNone(m.chain_problem(s, chain, {("*", "->page")}))


class Helpers(PageallocTest):
    """A buffer handed to a function of the same file that frees it."""

    def feed(self, static=True, other=False):
        m = self.m
        src = self.src = Src(self, HELPER % ("static void " if static else "void "))
        p = src.pos(10, "__get_free_page")
        m.site_found(p)
        m.receiver(p, "local", var="buf", rtype="char *", rpos=src.pos(10, "buf"))
        m.fdef_found(src.pos(1, "put_buf", "put_buf"), "put_buf")
        m.fdef_found(src.pos(6, "f"), "f")
        m.localcall_found(src.pos(13, "put_buf"))
        if other:
            m.localcall_found(src.pos(14, "put_buf"))
        for line in (10, 11, 13):
            self.occ(src, line, "buf")
        m.null_found(src.pos(11, "buf"))
        self.call(src, 13, "buf", "put_buf")
        q = self.occ(src, 3, "p", "put_buf")
        m.free_found(q, src.pos(3, "free_page", "put_buf"), None)
        m.allfree_found(src.pos(3, "free_page", "put_buf"))
        return p

    def test_freed_by_a_static_helper(self):
        p = self.feed()
        s = self.m.st(p[0])
        self.assertEqual(s.followed, {("put_buf", 0): "p"})
        self.assertEqual(s.fparams["put_buf"], [("p", "char *")])
        self.assertEqual(self.verdict(p), (
            "replace", "plain buffer: kmalloc(PAGE_SIZE, GFP_KERNEL); kfree() in put_buf() "
            "(line 3)"))
        self.assertEqual(s.sel_frees, {("put_buf", "p")})

    def test_helper_not_static(self):
        p = self.feed(static=False)
        self.assertEqual(self.verdict(p), (
            "review", "a plain buffer, but put_buf(), which it is passed to, is not static: "
            "callers in other files may give it page-allocator memory"))

    def test_helper_given_another_buffer(self):
        p = self.feed(other=True)
        self.assertEqual(self.verdict(p), (
            "review", "a plain buffer, but put_buf() frees what it is given, and the call at "
            "line 14 gives it other, which does not change: change them together"))

    def test_helper_maps_it(self):
        p = self.feed()
        # As if line 3 were free_page((unsigned long)__pa(p)).
        q, c = self.src.pos(3, "p", "put_buf"), self.src.pos(3, "free_page", "put_buf")
        self.m.call_found(q, "__pa", c)
        self.m.direct_call_found(q, c)
        self.assertEqual(self.verdict(p), (
            "keep", "passed to put_buf() at line 13 as p: the buffer is passed to "
            "__pa() at line 3 (needs its physical address)"))


class Uses(PageallocTest):
    def test_not_freed_on_every_path(self):
        p = self.local("\tstrcpy(buf, s);")
        self.m.xfer_found(self.src.pos(9, "buf"), "strcpy", self.src.pos(11, "return"))
        self.assertEqual(self.verdict(p), (
            "review", "not freed on every path after line 11: a leak, or the buffer is kept "
            "somewhere the rule cannot see"))

    def test_reassigned_and_moved(self):
        p = self.local()
        q = self.src.pos(8, "buf")
        self.m.assign_found(q, "other")
        self.assertEqual(self.verdict(p), (
            "review", "buf is reassigned at line 8: the rule cannot pair its frees"))
        self.m.st(p[0]).decided = False
        self.m.assign_found(q, "NULL")
        self.m.st(p[0]).occ_at(q[0]).assigned.remove("other")
        self.m.moved_found(q)
        self.assertEqual(self.verdict(p), (
            "review", "buf is moved at line 8: kfree() needs the pointer kmalloc() returned"))

    def test_address_taken(self):
        p = self.local()
        self.m.addr_found(self.src.pos(8, "buf"))
        self.assertEqual(self.verdict(p)[1], "the address of buf is taken at line 8; the "
                         "rule cannot follow it")

    def test_copy_returned(self):
        p = self.local("\tcopy = buf;")
        self.m.alias_found(self.src.pos(9, "buf"), "copy")
        self.m.ret_found(self.occ(self.src, 9, "copy"))
        self.assertEqual(self.verdict(p), (
            "review", "copy is returned to the caller at line 9: whoever frees it with "
            "free_page() would have to change too"))

    def test_address_as_integer(self):
        p = self.local("\thash_add(t, (unsigned long)buf);")
        q = self.src.pos(9, "buf")
        self.m.cast_found(q, "unsigned long")
        self.m.st(q[0]).occ_at(q[0]).direct.clear()  # as for (unsigned long)buf >> 3
        self.assertEqual(self.verdict(p), (
            "review", "the address of buf goes to hash_add() as (unsigned long) at line 9: "
            "the rule cannot see what it does with it"))

    def test_store_into_a_struct_initializer(self):
        p = self.local()
        self.m.store_found(self.src.pos(8, "buf"), "s.data")
        self.assertIn("buf is stored in s.data at line 8", self.verdict(p)[1])


class Stale(PageallocTest):
    """Uses that only mean something for the page allocator, and arguments the dcalls
    rule did not bind."""

    SRC = """\
static void f(void)
{
	u8 *first;
	u8 *val;

	first = (u8 *)__get_free_page(GFP_KERNEL);
	memset(first, 0xab, PAGE_SIZE);
	free_page((unsigned long)first);
	val = (u8 *)__get_free_page(GFP_KERNEL);
	base = val;
	if (val != first)
		pr_info("%d", base[0]);
	free_page((unsigned long)val);
	pr_info("%d", base[1]);
}
"""

    def site(self, line, var):
        m = self.m
        p = self.src.pos(line, "__get_free_page")
        m.site_found(p)
        m.site_cast(p, "u8 *")
        m.receiver(p, "local", var=var, rtype="u8 *", rpos=self.src.pos(line, var))
        return p

    def feed(self):
        m = self.m
        src = self.src = Src(self, self.SRC)
        m.fdef_found(src.pos(1, "f"), "f")
        first, val = self.site(6, "first"), self.site(9, "val")
        for line, var in ((6, "first"), (7, "first"), (8, "first"), (11, "first"),
                          (9, "val"), (10, "val"), (11, "val"), (13, "val")):
            self.occ(src, line, var)
        m.alias_found(src.pos(10, "val"), "base")
        for line in (10, 12, 14):
            self.occ(src, line, "base")
        for line, var in ((8, "first"), (13, "val")):
            q = src.pos(line, var)
            m.cast_found(q, "unsigned long")
            m.free_found(q, src.pos(line, "free_page"), None)
            m.allfree_found(src.pos(line, "free_page"))
        self.call(src, 7, "first", "memset")
        return first, val

    def test_compared_with_a_page_given_back(self):
        first, val = self.feed()
        self.m.after_free_found(self.src.pos(11, "first"), self.src.pos(8, "free_page"))
        self.m.compare_found(self.src.pos(11, "val"), "first", self.src.pos(11, "first"))
        self.assertEqual(self.verdict(val), (
            "review", "val is compared with first at line 11, which the free at line 8 gave "
            "back (code that checks which memory the allocator hands out): check by hand"))

    def test_compared_with_a_live_pointer(self):
        first, val = self.feed()
        self.m.compare_found(self.src.pos(11, "val"), "first", self.src.pos(11, "first"))
        self.assertEqual(self.verdict(val)[0], "replace")

    def test_copy_used_after_the_free(self):
        first, val = self.feed()
        self.m.free_then_use_found(self.src.pos(14, "base"), self.src.pos(13, "free_page"),
                                   self.src.pos(13, "val"))
        self.assertEqual(self.verdict(val), (
            "review", "its copy base is used at line 14 after the free at line 13 gave the "
            "buffer back (code that looks at what the allocator hands out, or a stale "
            "pointer): check by hand"))

    def test_copy_used_after_the_free_of_another_buffer(self):
        first, val = self.feed()
        # base copies val; the free at line 8 is first's, before val is allocated.
        self.m.free_then_use_found(self.src.pos(12, "base"), self.src.pos(8, "free_page"),
                                   self.src.pos(8, "first"))
        self.assertEqual(self.verdict(val)[0], "replace")

    def test_second_followed_argument(self):
        # The dcalls rule bound another followed name of the call; the argument list
        # still shows buf handed on whole.
        p = self.local("\tops->dump(other, (char *)buf);", bound=False)
        self.assertEqual(self.verdict(p), (
            "review", "passed to dump() at line 9, whose body the rule does not see (another "
            "file, a header or a function pointer): check what it does with the buffer"))

    def test_value_computed_from_the_buffer(self):
        p = self.local("\tdump(other, strlen(buf));", bound=False)
        self.assertEqual(self.verdict(p)[0], "replace")

    def test_distance_between_buffers(self):
        m = self.m
        m.NAMES.update(["buf", "p"])
        self.assertEqual(m.arg_base("p - buf"), ("p", "value"))
        self.assertEqual(m.arg_base("p - 4"), ("p", "interior"))
        self.assertEqual(m.arg_base("p + buf"), ("p", "interior"))
        self.assertEqual(m.arg_base("(char *)p - len"), ("p", "interior"))

    def test_is_argument(self):
        m = self.m
        for args in (["x", "buf"], ["(char *)buf"], ["buf + 4"], ["&buf[2]"], ["&buf->f"]):
            self.assertTrue(m.is_argument("buf", args), args)
        for args in (None, [], ["strlen(buf)"], ["bufs"], ["other"], ["buf->len"]):
            self.assertFalse(m.is_argument("buf", args), args)


class Fields(PageallocTest):
    def feed(self, defined):
        return self.field_site(defined)

    def test_private_structure(self):
        p = self.feed(True)
        self.assertEqual(self.verdict(p), (
            "replace", "plain buffer in ->page of struct dev: kmalloc(PAGE_SIZE, "
            "GFP_KERNEL); kfree() in g() (line 9)"))

    def test_structure_declared_elsewhere(self):
        p = self.feed(False)
        self.assertEqual(self.verdict(p), (
            "review", "->page belongs to struct dev, declared outside this file, so other "
            "files may free or map it"))


class Patch(PageallocTest):
    def test_state_of_a_changed_copy(self):
        p = self.local()
        s = self.m.st(p[0])
        copy = Pos("/tmp/cocci_small_output-12-ab3f-sample.c", 10, 1, 9, "f")
        self.assertIs(self.m.state_for(copy), s)
        self.assertIsNone(self.m.state_for(Pos("/tmp/other.c", 1, 0, 1, "f")))

    def test_check_left(self):
        p = self.local()
        self.m.verdict_of(p)
        with self.assertRaisesRegex(RuntimeError, "did not change the allocation in f"):
            self.m.check_left(p, None, "sites")
        fp = self.src.pos(10, "free_page")
        with self.assertRaisesRegex(RuntimeError, "did not change the free of buf in f"):
            self.m.check_left(fp, "buf", "frees")
        self.m.check_left(fp, "other", "frees")
        lost = [Pos("/tmp/cocci_small_output-1-a-gone.c", 1, 0, 1, "f")]
        with self.assertRaisesRegex(RuntimeError, "cannot tell which file"):
            self.m.check_left(lost, None, "sites")
        self.m.check_left([Pos("/tmp/gone.c", 1, 0, 1, "f")], None, "sites")

    def test_keep_call(self):
        p = self.local("\tdo_thing(buf, 4);")
        q = self.src.pos(9, "buf")
        self.assertTrue(self.m.keep_call(q, "do_thing"))
        self.assertFalse(self.m.keep_call(q, "free_page"))
        self.assertFalse(self.m.keep_call(q, "unlikely"))
        self.assertFalse(self.m.keep_call(self.src.pos(6, "buf"), "do_thing"))
        self.assertTrue(p)


PRIVDATA = """\
static int rel(struct inode *inode, struct file *file)
{
	free_page((unsigned long)file->private_data);
	return 0;
}

%sint op(struct inode *inode, struct file *file)
{
	char *buf;

	buf = (char *)get_zeroed_page(GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	file->private_data = buf;
	return 0;
}

static const struct file_operations fops = {
	.open = op,
	.release = rel,
	.read = %s,
};
static int (*hook)(struct inode *, struct file *) = op;
static int mp(struct file *file, struct vm_area_struct *vma)
{
	return remap_pfn_range(vma, 0, virt_to_phys(file->private_data) >> 12, 4096, p);
}
"""


class PrivateData(PageallocTest):
    """A buffer an .open stores in file->private_data, freed by the .release."""

    def feed(self, static=True, read="NULL", ref=False, release=True):
        m = self.m
        src = self.src = Src(self, PRIVDATA % ("static " if static else "", read))
        p = src.pos(11, "get_zeroed_page", "op")
        m.site_found(p)
        m.site_cast(p, "char *")
        m.receiver(p, "local", var="buf", rtype="char *", rpos=src.pos(11, "buf", "op"))
        m.fdef_found(src.pos(1, "rel", "rel"), "rel")
        m.fdef_found(src.pos(7, "op", "op"), "op")
        members = [(19, "open", "op")] + ([(20, "release", "rel")] if release else [])
        for line, fld, fn in members + [(21, "read", read)]:
            m.optab_found(src.pos(line, fn, "fops"), "const struct file_operations",
                          "fops", fld, fn)
            if fn in ("op", "rel"):
                m.fnref_found(src.pos(line, fn, "fops"))
        if ref:
            m.fnref_found(src.pos(23, "op", "hook"))
        for line in (11, 12, 14):
            self.occ(src, line, "buf", "op")
        m.null_found(src.pos(12, "buf", "op"))
        m.store_found(src.pos(14, "buf", "op"), "file->private_data")
        for line, func in [(14, "op"), (3, "rel")]:
            q = self.occ(src, line, "file->private_data", func, local=False)
            m.field_type(q, src.pos(line, "private_data", func), "struct file")
        m.assign_found(src.pos(14, "file->private_data", "op"), "buf")
        q = src.pos(3, "file->private_data", "rel")
        m.cast_found(q, "unsigned long")
        m.free_found(q, src.pos(3, "free_page", "rel"), None)
        m.allfree_found(src.pos(3, "free_page", "rel"))
        return p

    def test_followed_into_the_release(self):
        p = self.feed()
        s = self.m.st(p[0])
        self.assertIn("private_data", self.m.FIELDS)
        self.assertIn("file", s.names)
        self.assertEqual(self.m.file_param(s, "rel"), "file")
        self.assertEqual(self.verdict(p), (
            "replace", "plain buffer: kzalloc(PAGE_SIZE, GFP_KERNEL); kfree() in rel() "
            "(line 3); op() stores it in file->private_data and rel(), the .release of "
            "fops, frees it"))
        self.assertEqual(s.sel_frees, {("rel", "file->private_data")})

    def test_open_not_static(self):
        p = self.feed(static=False)
        self.assertEqual(self.verdict(p), (
            "review", "buf is stored in file->private_data by op() at line 14, but op() is "
            "not static, so other files may call it with a file of theirs: the rule does "
            "not follow it there"))

    def test_open_referenced_elsewhere(self):
        p = self.feed(ref=True)
        self.assertEqual(self.verdict(p), (
            "review", "buf is stored in file->private_data by op() at line 14, but op() is "
            "also used at line 23, not as the .open of an operations table: the rule does "
            "not follow it there"))

    def test_member_not_seen(self):
        p = self.feed(read="seq_read")
        self.assertEqual(self.verdict(p), (
            "review", "buf is stored in file->private_data by op() at line 14, but the "
            ".read of fops is seq_read(), whose body the rule does not see, so it may use "
            "file->private_data"))

    def test_safe_member(self):
        p = self.feed(read="default_llseek")
        self.assertEqual(self.verdict(p)[0], "replace")

    def test_struct_file_handed_on(self):
        m = self.m
        p = self.feed()
        src = self.src
        # As if line 15 were "return generic_file_open(inode, file);", then swap_fops().
        for g in ("generic_file_open", "swap_fops"):
            q, c = src.pos(7, "file", "op"), src.pos(7, "op", "op")
            m.occ_found(q)
            m.local_occ(q)
            m.call_found(q, g, c)
            m.direct_call_found(q, c)
            s = m.st(p[0])
            s.decided = False
            with mock.patch.object(m, "call_args_at", return_value=["inode", "file"]):
                verdict = self.verdict(p)
            if g == "generic_file_open":
                self.assertEqual(verdict[0], "replace")
        self.assertEqual(verdict, (
            "review", "buf is stored in file->private_data by op() at line 14; in op(), the "
            ".open of fops, which passes file to swap_fops() at line 7: it may use "
            "file->private_data"))

    def test_no_release(self):
        p = self.feed(release=False)
        self.assertEqual(self.verdict(p), (
            "review", "buf is stored in file->private_data by op() at line 14, but fops has "
            "no .release to free it"))

    def test_not_an_operations_table(self):
        m = self.m
        p = self.feed()
        s = m.st(p[0])
        m.optab_found(self.src.pos(23, "op", "hook"), "struct seq_operations", "sops",
                      "start", "op")
        self.assertNotIn("sops", m.optabs(s))
        self.assertIsNone(m.privdata_open_problem(s, "op"))
        self.assertEqual(m.privdata_open_problem(s, "rel"),
                         "rel() is not the .open of an operations table of this file")
        self.assertEqual(m.privdata_openers(s, "op"), {"buf"})
        self.assertEqual(m.privdata_openers(s, "rel"), set())

    def test_open_stores_something_else(self):
        p = self.feed()
        # As if line 14 could also store another pointer.
        self.m.assign_found(self.src.pos(14, "file->private_data", "op"), "other")
        self.assertEqual(self.verdict(p), (
            "review", "buf is stored in file->private_data by op() at line 14; in op(), "
            "the .open of fops, which assigns file->private_data at line 14"))

    def mmap(self, maps):
        """The table also has .mmap = mp, which maps the buffer or not."""
        m = self.m
        p = self.feed()
        src = self.src
        m.fdef_found(src.pos(24, "mp", "mp"), "mp")
        m.optab_found(src.pos(24, "mp", "mp"), "const struct file_operations", "fops",
                      "mmap", "mp")
        q = self.occ(src, 26, "file->private_data", "mp", local=False)
        m.field_type(q, src.pos(26, "private_data", "mp"), "struct file")
        if maps:
            c = src.pos(26, "virt_to_phys", "mp")
            m.call_found(q, "virt_to_phys", c)
            m.direct_call_found(q, c)
        return p

    def test_mmap_maps_it(self):
        p = self.mmap(True)
        self.assertEqual(self.verdict(p), (
            "keep", "buf is stored in file->private_data by op() at line 14; in mp(), the "
            ".mmap of fops: the buffer is passed to virt_to_phys() at line 26 (needs its "
            "physical address)"))

    def test_mmap_not_seen_mapping_it(self):
        p = self.mmap(False)
        self.assertEqual(self.verdict(p), (
            "review", "buf is stored in file->private_data by op() at line 14, but mp(), "
            "the .mmap of fops, does not show how it maps the buffer: check by hand"))

    def test_together(self):
        m = self.m
        p = self.feed()
        s = m.st(p[0])
        m.decide_file(s)
        site = s.sites[m.pkey(p[0])]
        plans = {site.key: {"privgroup": (frozenset(["op", "op2"]), "rel", "fops")}}
        self.assertTrue(m.privdata_together(s, plans))
        self.assertEqual(self.verdict(p), (
            "review", "buf is stored in file->private_data by op(); rel(), the .release of "
            "fops, also frees what op2() stores there, which the rule did not follow: "
            "change them together or not at all"))
        self.assertFalse(m.privdata_together(s, plans))


class Nested(PageallocTest):
    def test_only_through_a_followed_call(self):
        m = self.m
        o = m.Occ(Pos("/tmp/x.c", 5, 30, 33, "f"), "buf")
        o.calls = [("i_size_write", (5, 1), 5), ("show", (5, 21), 5)]
        o.direct = set([(5, 21)])
        fl = m.Follow(None, None, [], set())
        self.assertFalse(m.only_through_followed(o, "i_size_write", 5, fl))
        fl.ok_calls.add(("show", 5))
        self.assertTrue(m.only_through_followed(o, "i_size_write", 5, fl))
        self.assertFalse(m.only_through_followed(o, "show", 5, fl))
        o.direct = set()
        self.assertFalse(m.only_through_followed(o, "i_size_write", 5, fl))
class Facts(PageallocTest):
    """Functions of other files: the facts the driver resolved, and the facts mode."""

    def facts(self, text):
        path = os.path.join(tempfile.mkdtemp(prefix="facts-"), "facts")
        self.addCleanup(shutil.rmtree, os.path.dirname(path))
        with open(path, "w") as f:
            f.write(text)
        return path

    def test_read_facts_skips_malformed_lines(self):
        facts = self.m.read_facts([
            "fill\t1\tbenign\tin a.c, fill() receives it as buf and only reads or writes\n",
            "post\t0\tkeep\tin b.c, post() receives it as p: __pa()\n",
            "bad\tx\tbenign\tno index\n", "bad\t0\tmaybe\tno verdict\n",
            "a->b\t0\tkeep\tnot a function\n", "short\t0\n"])
        self.assertEqual(sorted(facts), [("fill", 1), ("post", 0)])
        self.assertEqual(facts[("post", 0)], ("keep", "in b.c, post() receives it as p: __pa()"))

    def test_unknown_function_stays_review_and_is_wanted(self):
        p = self.local("\tdo_thing(buf, 4);")
        self.assertEqual(self.verdict(p)[0], "review")
        self.assertEqual(self.m.st(p[0]).wants, {"do_thing"})

    def test_benign_function_lets_it_change(self):
        self.m.FACTS = {("do_thing", 0): ("benign", "in x.c, do_thing() receives it as b "
                                          "and only reads or writes through it")}
        p = self.local("\tdo_thing(buf, 4);")
        self.assertEqual(self.verdict(p), (
            "replace", "plain buffer: kmalloc(PAGE_SIZE, GFP_KERNEL); kfree() at line 10; "
            "passed to do_thing() at line 9: in x.c, do_thing() receives it as b and only "
            "reads or writes through it"))

    def test_fact_of_another_parameter_does_not_count(self):
        self.m.FACTS = {("do_thing", 1): ("benign", "in x.c, do_thing() receives it as n")}
        p = self.local("\tdo_thing(buf, 4);")
        self.assertEqual(self.verdict(p)[0], "review")

    def test_keep_and_review_facts(self):
        self.m.FACTS = {("do_thing", 0): ("keep", "in x.c, do_thing() receives it as b: "
                                          "the buffer is passed to __pa() at line 3")}
        p = self.local("\tdo_thing(buf, 4);")
        self.assertEqual(self.verdict(p), (
            "keep", "passed to do_thing() at line 9; in x.c, do_thing() receives it as b: "
            "the buffer is passed to __pa() at line 3"))
        self.m = importlib.reload(whichalloc_pagealloc)
        self.m.FACTS = {("do_thing", 0): ("review", "in x.c, do_thing() receives it as b, "
                                          "which stores b in d->p at line 4")}
        p = self.local("\tdo_thing(buf, 4);")
        self.assertEqual(self.verdict(p), (
            "review", "passed to do_thing() at line 9; in x.c, do_thing() receives it as b, "
            "which stores b in d->p at line 4"))

    def test_facts_file_from_the_environment(self):
        path = self.facts("do_thing\t0\tbenign\tin x.c, do_thing() only reads it\n")
        with mock.patch.dict(os.environ, {"WHICHALLOC_FACTS": path}):
            self.m = importlib.reload(whichalloc_pagealloc)
        self.assertEqual(self.m.FACTS, {("do_thing", 0): ("benign",
                                                          "in x.c, do_thing() only reads it")})
        self.assertFalse(self.m.FACTS_MODE)
        self.assertEqual(self.m.load_facts("/nonexistent/facts"), {})

    def feed_wanted(self, body):
        """A wanted function f(char *p, int n) of a file read in the facts mode."""
        with mock.patch.dict(os.environ, {"WHICHALLOC_FACTS_WANT": "f,g"}):
            self.m = importlib.reload(whichalloc_pagealloc)
        m = self.m
        src = self.src = Src(self, "int f(char *p, int n)\n{\n%s\n}\n" % body, "lib.c")
        fp = src.pos(1, "f")
        m.fdef_found(fp, "f")
        return src, fp

    def facts_printed(self, fp):
        out = []
        with mock.patch.object(self.m, "emit_line", lambda tag, f: out.append((tag,) + f)):
            self.m.facts_of(fp, "f")
        return out

    def test_facts_mode_follows_every_named_parameter(self):
        src, fp = self.feed_wanted("\tmemset(p, 0, n);")
        self.assertTrue(self.m.FACTS_MODE)
        self.assertEqual(self.m.st(fp[0]).followed, {("f", 0): "p", ("f", 1): "n"})
        self.occ(src, 3, "p")
        self.call(src, 3, "p", "memset")
        out = self.facts_printed(fp)
        self.assertEqual([o[3:6] for o in out], [(0, "extern", "benign"),
                                                 (1, "extern", "benign")])
        self.assertIn("lib.c, f() receives it as p and only reads or writes through it",
                      out[0][7])
        self.assertEqual(self.facts_printed(fp), [], "once per file")

    def test_facts_mode_page_use_and_calls_out(self):
        src, fp = self.feed_wanted("\tpost(__pa(p));\n\tsend(n, p);")
        self.occ(src, 3, "p")
        self.call(src, 3, "p", "__pa")
        self.occ(src, 4, "p")
        self.call(src, 4, "p", "send")
        out = self.facts_printed(fp)
        kinds = sorted((o[5], o[6], o[8], o[9]) for o in out if o[3] == 0)
        self.assertEqual(kinds, [("call", 4, "send", 1), ("keep", 3, "", "")])
        call = [o for o in out if o[5] == "call"][0]
        self.assertTrue(call[7].endswith("f() receives it as p and passes it to send() at "
                                         "line 4"))

    def test_fact_text_says_where(self):
        pre = "in a.c, f() receives it as p"
        self.assertEqual(self.m.fact_text(pre, pre + ", which returns p at line 3"),
                         pre + ", which returns p at line 3")
        self.assertEqual(self.m.fact_text(pre, "passed to g() at line 4 as q, then to "
                                          "h() at line 9, whose body the rule does not see"),
                         pre + " and passes it to g() at line 4 as q, then to h() at line "
                         "9, whose body the rule does not see")
        self.assertEqual(self.m.fact_text(pre, "buf is reassigned at line 5"),
                         pre + ": buf is reassigned at line 5")

    def test_wants_printed_once_per_file(self):
        p = self.local("\tdo_thing(buf, 4);")
        self.verdict(p)
        out = []
        with mock.patch.object(self.m, "emit_line", lambda tag, f: out.append((tag,) + f)):
            self.m.emit_wants(p)
            self.m.emit_wants(p)
        self.assertEqual(out, [("WAW", self.src.path, "do_thing")])


class InlineAssembly(PageallocTest):
    """spatch hides the operands of asm statements: the rule reads them in the text."""

    def test_asm_use(self):
        m = self.m
        s = m.FileState("x.c")
        s.source = ["int f(char *p, int n)", "{", "\tint r = n;", "",
                    "\tasm volatile(\"stsi 0(%[a])\" : \"+d\" (r) : [a] \"a\" (p));",
                    "\treturn r;", "}", "void g(void) { asm(\"nop\"); }"]
        s.fdef_lines = {"f": [1], "g": [8]}
        self.assertEqual(m.asm_use(s, "f", {"p"}), 5)
        self.assertEqual(m.asm_use(s, "f", {"r"}), 5)
        self.assertIsNone(m.asm_use(s, "f", {"q"}))
        self.assertIsNone(m.asm_use(s, "g", {"p"}))
        self.assertIsNone(m.asm_use(s, "h", {"p"}))
        s.source[4] = "\tasm volatile(\"x\" : : \"a\" (d->p));"
        self.assertEqual(m.asm_use(s, "f", {"p"}), 5)
        s.source[4] = "\tasm volatile(\"x\" : : \"a\" (pp));"
        self.assertIsNone(m.asm_use(s, "f", {"p"}))

    def test_buffer_in_asm_is_review(self):
        p = self.local("\tasm volatile (\"x\" : : \"a\" (buf));")
        self.assertEqual(self.verdict(p), (
            "review", "buf appears in an inline assembly statement at line 9 in f(): an "
            "instruction may need the page allocator's memory; check it"))

    def test_buffer_in_s390_asm_is_keep(self):
        # On s390 the instruction gets the real address, as a device would.
        p = self.local("\tasm volatile (\"stsi 0(%[a])\" : : [a] \"a\" (buf));",
                       sub="arch/s390/kernel")
        self.assertEqual(self.verdict(p), (
            "keep", "buf appears in an inline assembly statement at line 9 in f(): s390's "
            "stsi hands the address to the machine's firmware, which works on real "
            "addresses (virtual equals real there), as a device would"))
        self.assertTrue(self.m.is_s390(self.m.st(p[0])))

    def test_buffer_in_other_s390_asm_is_review(self):
        # An atomic, MVCOS or a CPACF instruction accesses it as any load or store does.
        p = self.local("\tasm volatile (\"mvhi 0(%[a]),0\" : : [a] \"a\" (buf));",
                       sub="arch/s390/kernel")
        self.assertEqual(self.verdict(p)[0], "review")

    def test_firmware_insn(self):
        f = self.m.firmware_insn
        self.assertEqual(f('"\tdiag\t%[r1],%[subcode],0x308\n"'), "diag")
        self.assertEqual(f('"\tstsi\t0(%[r2])\n"'), "stsi")
        self.assertEqual(f('".insn   rre,0xB2560000,%[r1],%[r2]\n"'), "sthyi")
        self.assertEqual(f('"\t.insn\trre,0xb25f0000,%[chsc_area],0\n"'), "chsc")
        self.assertIsNone(f('"\tmvhi\t%[ptr],0\n"'))
        self.assertIsNone(f('".insn rrf,0xb92d0000,%[dst],%[src],%[ctr],0"'))
        self.assertIsNone(f('"\tmvcos\t%[to],%[from],%[size]\n"'))
        self.assertIsNone(f('"x" : : "d" (diag_area)'))

    def test_is_s390(self):
        m = self.m
        self.assertTrue(m.is_s390(m.FileState("drivers/s390/cio/ioasm.c")))
        self.assertTrue(m.is_s390(m.FileState("./arch/s390/include/asm/cpacf.h")))
        self.assertFalse(m.is_s390(m.FileState("arch/x86/lib/s390.c")))
        self.assertFalse(m.is_s390(m.FileState("drivers/gpu/drm/i915/i915_memcpy.c")))

    def test_asm_store(self):
        m = self.m
        s = m.FileState("x.c")
        s.source = ["int f(void *addr)", "{", "\tunion register_pair r1;", "",
                    "\tr1.even = (unsigned long)addr;",
                    "\tasm volatile(\"diag %[r1],0,0x308\" : : [r1] \"d\" (r1.pair));",
                    "\treturn 0;", "}"]
        s.fdef_lines = {"f": [1]}
        self.assertEqual(m.asm_store(s, "f", "r1.even")[0], 6)
        self.assertEqual(m.asm_store(s, "f", " r1 . even ")[0], 6)
        self.assertIsNone(m.asm_store(s, "f", "r2.even"))
        self.assertIsNone(m.asm_store(s, "f", "r1"))
        self.assertIsNone(m.asm_store(s, "f", "p->r1.even"))
        self.assertIsNone(m.asm_store(s, "g", "r1.even"))


class HeldOrder(PageallocTest):
    """An order kept in a variable the function only ever sets to one number."""

    def test_held_constant(self):
        m = self.m
        s = m.FileState("x.c")
        body = ["static int __init f(int n)", "{", "\tunsigned long nr_hash, order;", "",
                "\torder = 0;", "\tp = __get_free_pages(GFP_KERNEL, order);",
                "\tnr = (1UL << order) * PAGE_SIZE;", "\tpr_info(\"%lu\", order);",
                "\treturn 0;", "}"]
        s.fdef_lines = {"f": [1]}
        s.fparams = {"f": [("n", "int")]}
        s.source = list(body)
        self.assertEqual(m.held_constant(s, "f", "order", 6), 0)
        self.assertIsNone(m.held_constant(s, "f", "order", 5))
        self.assertIsNone(m.held_constant(s, "f", "n", 6))
        self.assertIsNone(m.held_constant(s, "f", "nr_hash", 6))
        for line7 in ("\torder++;", "\torder += 1;", "\tget(&order);", "\tSET(order);",
                      "\torder = n;", "\tif (n)\n\t\torder = 1;", "\tswap(order, n);"):
            s.source = body[:6] + [line7] + body[7:]
            self.assertIsNone(m.held_constant(s, "f", "order", 6), line7)
        s.source = body[:2] + ["\tint order = 1;", "", "\t/* order = 2 */"] + body[5:]
        self.assertEqual(m.held_constant(s, "f", "order", 6), 1)
        s.source = body[:6] + ["\tif (order == 1)"] + body[7:]
        self.assertEqual(m.held_constant(s, "f", "order", 6), 0)


if __name__ == "__main__":
    unittest.main()
