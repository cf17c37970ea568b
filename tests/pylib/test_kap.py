# SPDX-License-Identifier: GPL-2.0-only
"""Tests of cocci/lib/whichalloc_kap.py, the decisions of the rule kmalloc-as-page.

The facts are fed to the module as the rule's scripts hand them over: positions (file,
line, 0-based column, function) of what the SmPL rules bind, the text of expressions and
an argument list with .elements. The decide_*() functions then report a use or not; a
report is read back from the WA1 record that emit() prints.
"""
import importlib
import io
import os
import shutil
import sys
import tempfile
import unittest
from contextlib import redirect_stdout
from unittest import mock

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "..", "cocci", "lib"))
import whichalloc_kap  # noqa: E402


class Pos:
    def __init__(self, file, line, column, func):
        self.file = file
        self.line = str(line)
        self.column = str(column)
        self.line_end = str(line)
        self.column_end = str(column + 4)
        self.current_element = func


class Args:
    """An expression list as spatch hands it to a script: its .elements."""

    def __init__(self, *elements):
        self.elements = list(elements)


class FakeCoccilib:
    """coccilib's report and org printers, recording what they are given."""

    def __init__(self):
        self.lines = []
        outer = self

        class Report:
            @staticmethod
            def print_report(p, msg):
                outer.lines.append(("report", p.line, msg))

        class Org:
            @staticmethod
            def print_todo(p, msg):
                outer.lines.append(("org", p.line, msg))

        self.report, self.org = Report, Org


class KapTest(unittest.TestCase):
    def setUp(self):
        self.reset()
        d = tempfile.mkdtemp(prefix="kap-")
        self.addCleanup(shutil.rmtree, d)
        self.file = os.path.join(d, "sample.c")
        self.write("")
        env = mock.patch.dict(os.environ)
        env.start()
        self.addCleanup(env.stop)
        os.environ.pop("WHICHALLOC_KERNEL_VERSION", None)

    def reset(self):
        """A fresh module, as spatch starts the rule: no facts yet."""
        self.m = importlib.reload(whichalloc_kap)
        self.m.MODES.add("whichalloc")

    def write(self, text):
        with open(self.file, "w") as f:
            f.write(text)

    def at(self, line, column=1, func="f"):
        return [Pos(self.file, line, column, func)]

    def records(self, call):
        """(result of call(), [(line, verdict, function, message)] of its WA1 records)."""
        out = io.StringIO()
        with redirect_stdout(out):
            result = call()
        recs = []
        for line in out.getvalue().splitlines():
            f = line.split("\t")
            self.assertEqual((f[0], f[1]), ("WA1", "kmalloc-as-page"))
            recs.append((int(f[4]), f[2], f[8], f[9]))
        return result, recs

    # --- feeding facts as the scripts do

    def alloc(self, pe, fa="kmalloc", args=("n", "GFP_KERNEL"), line=5, func="f"):
        """An allocation at line, assigned there, that reaches the used expression pe."""
        self.m.alloc_present(self.at(line, 12, func), fa)
        self.m.add_alloc(pe, self.at(line, 1, func), fa, self.at(line, 12, func), Args(*args))

    def field_alloc(self, ts, fld, fa="kmalloc", args=("n", "GFP_KERNEL"), line=5,
                    func="probe"):
        pf = self.at(line, 1, func)
        self.m.alloc_present(self.at(line, 20, func), fa)
        self.m.add_field_alloc(pf, ts, fld, fa, self.at(line, 20, func), Args(*args))
        self.m.add_field_store(pf, ts, fld, "%s(%s)" % (fa, ", ".join(args)))
        return pf

    def direct(self, kind, fn, fa="kmalloc", args=("n", "GFP_KERNEL"), line=9, func="f"):
        """One use of a kind at line of memory allocated at line 5 of the same function:
        (the called function returned, the records)."""
        pu, pe = self.at(line, 1, func), self.at(line, 20, func)
        self.m.use_found(pu, kind, fn)
        self.alloc(pe, fa, args, func=func)
        return self.records(lambda: self.m.decide_direct(pu, pe, "buf"))

    def direct_msg(self, kind, fn, fa="kmalloc", args=("n", "GFP_KERNEL")):
        """The message of the one record of direct(), from a fresh state."""
        self.reset()
        name, recs = self.direct(kind, fn, fa, args)
        self.assertEqual(name, fn)
        self.assertEqual(len(recs), 1)
        self.assertEqual(recs[0][:3], (9, "review", "f"))
        return recs[0][3]


class Helpers(KapTest):
    def test_version(self):
        m = self.m
        self.assertEqual(m.version(), (99, 0))
        for text, want in (("6.1.192", (6, 1)), ("5.3", (5, 3)), ("5.4.0-rc1", (5, 4)),
                           ("5", (99, 0)), ("5.x", (99, 0)), ("abc", (99, 0))):
            os.environ["WHICHALLOC_KERNEL_VERSION"] = text
            self.assertEqual(m.version(), want, text)

    def test_const_value(self):
        cv = self.m.const_value
        for text, want in (("64", 64), ("2 * 4096", 8192), ("1 << 12", 4096),
                           ("0x1000UL", 4096), ("(4096) / 2", 2048), ("4096 >> 1", 2048),
                           ("8 - 3", 5), ("16u + 16", 32)):
            self.assertEqual(cv(text), want, text)
        for text in ("PAGE_SIZE", "sizeof(struct foo)", "10 / 0", "1 << 64", "1 +", "n * 2",
                     "-", "4 % 3"):
            self.assertIsNone(cv(text), text)

    def test_expand(self):
        defs = {"A": "B * 2", "B": "32"}
        self.assertEqual(self.m.expand("A + 1", defs), "((32) * 2) + 1")
        self.assertEqual(self.m.const_value(self.m.expand("A + 1", defs)), 65)
        # Macros of macros, a few levels deep.
        chain = {"A": "B", "B": "C", "C": "D", "D": "4"}
        self.assertEqual(self.m.expand("A * 2", chain), "((((4)))) * 2")
        # Words inside other words are not macros.
        self.assertEqual(self.m.expand("AB + B_", defs), "AB + B_")
        # A macro that expands to itself stops after a bounded number of rounds.
        self.assertIsNone(self.m.const_value(self.m.expand("X", {"X": "X + 1"})))

    def test_file_defines(self):
        self.write("#define SMALL 64\n"
                   "#  define BIG (2 * 4096) /* two pages */\n"
                   "#define ONE 1 // a comment\n"
                   "#define LONG \\\n\t5\n"
                   "#define FN(x) ((x) * 2)\n"
                   "#define EMPTY\n"
                   "int x = SMALL;\n")
        self.assertEqual(self.m.file_defines(self.file),
                         {"SMALL": "64", "BIG": "(2 * 4096)", "ONE": "1"})
        # Read once per file: a later change of the file is not seen.
        self.write("#define SMALL 128\n")
        self.assertEqual(self.m.file_defines(self.file)["SMALL"], "64")
        self.assertEqual(self.m.file_defines(self.file + ".missing"), {})

    def test_alloc_size(self):
        self.write("#define SMALL 64\n#define COUNT (SMALL / 16)\n")
        size = lambda fa, *args: self.m.alloc_size(fa, list(args), self.file)  # noqa: E731
        self.assertEqual(size("kmalloc", "64", "GFP_KERNEL"), 64)
        self.assertEqual(size("kmalloc", "SMALL", "GFP_KERNEL"), 64)
        self.assertEqual(size("kcalloc", "COUNT", "16", "GFP_KERNEL"), 64)
        self.assertEqual(size("krealloc", "p", "SMALL", "GFP_KERNEL"), 64)
        self.assertEqual(size("krealloc_array", "p", "4", "8", "GFP_KERNEL"), 32)
        self.assertEqual(size("kvrealloc", "p", "old", "4096", "GFP_KERNEL"), 4096)
        self.assertIsNone(size("kmalloc", "n", "GFP_KERNEL"))
        self.assertIsNone(size("kmalloc", "sizeof(*p)", "GFP_KERNEL"))
        self.assertIsNone(size("kcalloc", "4", "n", "GFP_KERNEL"))
        self.assertIsNone(size("kcalloc", "4"))
        self.assertIsNone(size("kmem_cache_alloc", "cache", "GFP_KERNEL"))
        self.assertIsNone(size("memdup_user_nul", "ubuf", "64"))

    def test_make_alloc(self):
        self.write("#define ORDER 2\n")
        mk = lambda fa, *args: self.m.make_alloc(fa, self.at(7, 3, "g"), Args(*args))  # noqa: E731
        a = mk("kzalloc", "64", "GFP_KERNEL")
        self.assertEqual(a, {"fam": "K", "fa": "kzalloc", "line": 7, "func": "g",
                             "size": 64, "order": None})
        # kvmalloc() of at most a page, or when it may not sleep, is kmalloc().
        self.assertEqual(mk("kvmalloc", "4096", "GFP_KERNEL")["fam"], "K")
        self.assertEqual(mk("kvmalloc", "4097", "GFP_KERNEL")["fam"], "KV")
        self.assertEqual(mk("kvmalloc", "n", "GFP_KERNEL")["fam"], "KV")
        self.assertEqual(mk("kvzalloc", "n", "GFP_ATOMIC")["fam"], "K")
        self.assertEqual(mk("kvcalloc", "n", "8", "GFP_NOWAIT | __GFP_NOWARN")["fam"], "K")
        self.assertEqual(mk("vmalloc", "64")["fam"], "V")
        self.assertEqual(mk("__get_free_pages", "GFP_KERNEL", "ORDER")["order"], 2)
        self.assertEqual(mk("__get_dma_pages", "GFP_KERNEL", "0")["order"], 0)
        self.assertIsNone(mk("__get_free_pages", "GFP_KERNEL", "order")["order"])
        self.assertIsNone(mk("get_zeroed_page", "GFP_KERNEL")["order"])
        self.assertEqual(mk("get_zeroed_page", "GFP_KERNEL")["fam"], "P")

    def test_what_the_file_has_decides_what_is_followed(self):
        m = self.m
        p = self.at(3)
        self.assertFalse(m.follow_kfree(p) or m.follow_lin(p) or m.follow_lin2(p))
        m.alloc_present(p, "__get_free_page")
        self.assertEqual((m.follow_kfree(p), m.follow_lin(p), m.follow_lin2(p)),
                         (True, False, False))
        m.map_present(p)
        self.assertEqual((m.follow_lin(p), m.follow_lin2(p)), (True, False))
        m.alloc_present(p, "kvmalloc")
        self.assertTrue(m.follow_lin2(p))
        other = [Pos(self.file + "2", 3, 1, "f")]
        self.assertFalse(m.follow_kfree(other) or m.follow_lin(other))


class Direct(KapTest):
    """decide_direct(): every message of a wrong use, and when there is none."""

    # (kind, called function, allocator, its arguments), the whole message.
    MESSAGES = [
        (("free", "free_page", "kmalloc", ("n", "GFP_KERNEL")),
         "bug: free_page() of kmalloc() memory from line 5: that frees the slab page under "
         "other objects; its free is kfree()"),
        (("free", "free_page", "vmalloc", ("n",)),
         "bug: free_page() of vmalloc() memory from line 5: it is not in the linear map; its "
         "free is vfree()"),
        (("free", "free_page", "kvmalloc", ("n", "GFP_KERNEL")),
         "bug: free_page() of kvmalloc() memory from line 5: it is slab or vmalloc memory, "
         "not pages; its free is kvfree()"),
        (("kfree", "kfree", "__get_free_page", ("GFP_KERNEL",)),
         "bug: kfree() of __get_free_page() memory from line 5, which is not slab memory: "
         "6.1's kfree() takes it for a large kmalloc buffer, warns and skews the slab "
         "counters; its free is free_page()"),
        (("kfree", "vfree_atomic", "get_zeroed_page", ("GFP_KERNEL",)),
         "bug: vfree_atomic() of get_zeroed_page() memory from line 5, which is not a "
         "vmalloc area; its free is free_page()"),
        (("lin", "virt_to_page", "vzalloc", ("n",)),
         "bug: virt_to_page() of vzalloc() memory from line 5: vmalloc memory is not in the "
         "linear map; use vmalloc_to_page()"),
        (("lin", "virt_to_phys", "kvzalloc", ("n", "GFP_KERNEL")),
         "bug: virt_to_phys() of kvzalloc() memory from line 5: it is vmalloc memory when "
         "kmalloc() fails, and that is not in the linear map; use vmalloc_to_pfn() when "
         "is_vmalloc_addr()"),
        (("lin2", "sg_set_buf", "vmalloc", ("n",)),
         "bug: sg_set_buf() of vmalloc() memory from line 5: vmalloc memory is not in the "
         "linear map that sg_set_buf() needs; add its vmalloc_to_page() pages with "
         "sg_set_page()"),
        # Only the translations themselves suggest the is_vmalloc_addr() check.
        (("lin2", "dma_map_single", "kvmalloc", ("n", "GFP_KERNEL")),
         "bug: dma_map_single() of kvmalloc() memory from line 5: it is vmalloc memory when "
         "kmalloc() fails, and that cannot be mapped with the DMA API; map its "
         "vmalloc_to_page() pages, or allocate with kmalloc() or dma_alloc_coherent()"),
        (("vlin", "vmalloc_to_page", "kmalloc", ("n", "GFP_KERNEL")),
         "bug: vmalloc_to_page() of kmalloc() memory from line 5: not a vmalloc address; use "
         "virt_to_page()"),
    ]

    # The same, for the part of the message that tells these cases apart.
    PARTS = [
        (("free", "free_pages", "kmem_cache_alloc", ("cache", "GFP_KERNEL")),
         "of kmem_cache_alloc() memory from line 5: that frees the slab page under other "
         "objects; its free is kmem_cache_free()"),
        # kvmalloc() of at most a page is kmalloc() memory.
        (("free", "free_page", "kvmalloc", ("64", "GFP_KERNEL")), "its free is kfree()"),
        (("kfree", "kfree", "__get_free_pages", ("GFP_KERNEL", "0")),
         "warns and skews the slab counters; its free is free_pages()"),
        (("kfree", "kfree_sensitive", "__get_free_pages", ("GFP_KERNEL", "1")),
         "warns and frees only the first page; its free is free_pages()"),
        (("kfree", "kvfree", "__get_dma_pages", ("GFP_KERNEL", "order")),
         "6.1's kfree() (through kfree()) takes it"),
        (("lin", "__pa", "vmap", ("pages", "n", "0", "prot")),
         "vmalloc memory is not in the linear map; use vmalloc_to_pfn()"),
        (("vlin", "vmalloc_to_pfn", "__get_free_page", ("GFP_KERNEL",)),
         "not a vmalloc address; use virt_to_pfn()"),
    ]

    def test_messages(self):
        for args, want in self.MESSAGES:
            with self.subTest(args=args):
                self.assertEqual(self.direct_msg(*args), want)

    def test_parts_of_messages(self):
        for args, want in self.PARTS:
            with self.subTest(args=args):
                self.assertIn(want, self.direct_msg(*args))

    def test_right_family_is_not_reported(self):
        for kind, fn, fa in (("kfree", "kfree", "kmalloc"),
                             ("free", "free_page", "get_zeroed_page"),
                             ("lin", "virt_to_page", "kmalloc"),
                             ("vlin", "vmalloc_to_page", "vmalloc"),
                             ("lin2", "sg_set_buf", "kzalloc")):
            self.reset()
            self.assertEqual(self.direct(kind, fn, fa), (None, []), (kind, fa))

    def test_one_record_per_site(self):
        m = self.m
        name, recs = self.direct("free", "free_page")
        self.assertEqual((name, len(recs)), ("free_page", 1))
        pu, pe = self.at(9, 1), self.at(9, 20)
        self.assertEqual(self.records(lambda: m.decide_direct(pu, pe, "buf")), (None, []))

    def test_unknown_use_is_not_reported(self):
        pu, pe = self.at(9, 1), self.at(9, 20)
        self.alloc(pe)
        self.assertEqual(self.records(lambda: self.m.decide_direct(pu, pe, "buf")), (None, []))

    def test_other_values_silence_the_use(self):
        m = self.m
        pu, pe = self.at(9, 1), self.at(9, 20)
        m.use_found(pu, "free", "free_page")
        self.alloc(pe)
        m.add_other(pe, self.at(5, 1), "kmalloc(n, GFP_KERNEL)")  # the allocation itself
        m.add_other(pe, self.at(6, 1), "NULL")
        m.add_other(pe, self.at(7, 1), "ERR_PTR(-ENOMEM)")
        # Only NULL-like values besides the allocation: still reported.
        self.assertEqual(self.records(lambda: m.decide_direct(pu, pe, "buf"))[0], "free_page")
        self.reset()
        m = self.m
        pu, pe = self.at(9, 1), self.at(9, 20)
        m.use_found(pu, "free", "free_page")
        self.alloc(pe)
        m.add_other(pe, self.at(7, 1), "q")
        self.assertEqual(self.records(lambda: m.decide_direct(pu, pe, "buf")), (None, []))

    def test_an_alias_is_a_source_not_another_value(self):
        m = self.m
        pu, pe = self.at(9, 1), self.at(9, 20)
        m.use_found(pu, "free", "free_page")
        m.add_alias_alloc(pe, self.at(5, 1), self.at(6, 1), "kmalloc", self.at(5, 12),
                          Args("100", "GFP_KERNEL"))
        m.add_other(pe, self.at(6, 1), "(unsignedlong)buf")
        _, recs = self.records(lambda: m.decide_direct(pu, pe, "addr"))
        self.assertEqual(len(recs), 1)

    def test_two_families_are_not_reported(self):
        m = self.m
        pu, pe = self.at(9, 1), self.at(9, 20)
        m.use_found(pu, "free", "free_page")
        self.alloc(pe, "vmalloc", ("n",), line=5)
        self.alloc(pe, "kmalloc", line=7)
        self.assertEqual(self.records(lambda: m.decide_direct(pu, pe, "p")), (None, []))

    def test_the_first_allocation_of_one_family_is_named(self):
        m = self.m
        pu, pe = self.at(9, 1), self.at(9, 20)
        m.use_found(pu, "free", "free_page")
        self.alloc(pe, "kzalloc", line=7)
        self.alloc(pe, "kmalloc", line=5)
        _, recs = self.records(lambda: m.decide_direct(pu, pe, "p"))
        self.assertIn("of kmalloc() memory from line 5:", recs[0][3])

    def test_is_vmalloc_addr_in_the_function_silences(self):
        m = self.m
        pu, pe = self.at(9, 1), self.at(9, 20)
        m.use_found(pu, "lin", "virt_to_page")
        self.alloc(pe, "kvmalloc")
        m.add_guard(self.at(8, 5), "buf")
        self.assertEqual(self.records(lambda: m.decide_direct(pu, pe, "buf")), (None, []))
        # A check in another function does not count for a local.
        self.reset()
        m = self.m
        m.use_found(pu, "lin", "virt_to_page")
        self.alloc(pe, "kvmalloc")
        m.add_guard(self.at(30, 5, "other"), "buf")
        self.assertEqual(self.records(lambda: m.decide_direct(pu, pe, "buf"))[0], "virt_to_page")

    def test_field_from_another_function(self):
        m = self.m
        self.field_alloc("struct ctx", "shadow", "vzalloc", ("n",), line=51,
                         func="vshadow_probe")
        pu, pe = self.at(80, 1, "vshadow_fault"), self.at(80, 14, "vshadow_fault")
        m.use_found(pu, "lin", "virt_to_page")
        m.add_use_field(pe, "struct ctx", "shadow")
        name, recs = self.records(lambda: m.decide_direct(pu, pe, "c->shadow"))
        self.assertEqual(name, "virt_to_page")
        self.assertEqual(recs, [(80, "review", "vshadow_fault",
                                 "bug: virt_to_page() of vzalloc() memory from line 51 "
                                 "(vshadow_probe()) kept in ->shadow: vmalloc memory is not "
                                 "in the linear map; use vmalloc_to_page()")])

    def test_field_checked_anywhere_in_the_file_silences(self):
        m = self.m
        self.field_alloc("struct ctx", "buf", "kvzalloc", line=5)
        pu, pe = self.at(20, 1, "use"), self.at(20, 14, "use")
        m.use_found(pu, "lin", "virt_to_page")
        m.add_use_field(pe, "struct ctx", "buf")
        m.add_guard(self.at(40, 5, "caller"), "pbl->buf")
        self.assertEqual(m.guard_fields, {(self.file, "buf")})
        self.assertEqual(self.records(lambda: m.decide_direct(pu, pe, "c->buf")), (None, []))

    def test_field_stores_decide_its_family(self):
        m = self.m
        self.field_alloc("struct ctx", "buf", "vmalloc", ("n",))
        self.assertEqual(m.field_family(self.file, "struct ctx", "buf")[0]["fa"], "vmalloc")
        # Another type, or another field, knows nothing.
        self.assertIsNone(m.field_family(self.file, "struct other", "buf"))
        # A NULL store does not count; any other store does.
        m.add_field_store(self.at(30, 1), "struct ctx", "buf", "NULL")
        self.assertIsNotNone(m.field_family(self.file, "struct ctx", "buf"))
        m.add_field_store(self.at(31, 1), "struct ctx", "buf", "p")
        self.assertIsNone(m.field_family(self.file, "struct ctx", "buf"))

    def test_field_store_through_a_local(self):
        m = self.m
        # buf = vmalloc(n); (line 5) ... c->buf = buf; (line 7), and buf = q; (line 6)
        pf, ps = self.at(7, 1, "probe"), self.at(5, 1, "probe")
        m.add_field_alias_alloc(pf, ps, "struct ctx", "buf", "vmalloc", self.at(5, 7, "probe"),
                                Args("n"))
        m.add_field_store(pf, "struct ctx", "buf", "buf")
        m.add_field_src(pf, ps, "vmalloc(n)")
        self.assertIsNotNone(m.field_family(self.file, "struct ctx", "buf"))
        m.add_field_src(pf, self.at(6, 1, "probe"), "q")
        self.assertIsNone(m.field_family(self.file, "struct ctx", "buf"))

    def test_field_whose_address_is_taken_is_unknown(self):
        m = self.m
        self.field_alloc("struct ctx", "buf", "vmalloc", ("n",))
        m.add_field_escape(self.at(40, 3), "struct ctx", "buf")
        self.assertIsNone(m.field_family(self.file, "struct ctx", "buf"))


class Mapped(KapTest):
    """decide_flow() and decide_field_flow(): the page of slab memory mapped, reserved or
    freed as a page."""

    def flow(self, fm, fa="kzalloc", args=("64", "GFP_KERNEL")):
        """The buffer of field ->ring, allocated at line 57 of ringbuf_open(), translated
        at line 82 of ringbuf_mmap() inside a call of fm."""
        m = self.m
        self.field_alloc("struct rb", "ring", fa, args, line=57, func="ringbuf_open")
        pm, pu, pe = (self.at(82, 8, "ringbuf_mmap"), self.at(82, 30, "ringbuf_mmap"),
                      self.at(82, 43, "ringbuf_mmap"))
        m.use_found(pu, "lin", "virt_to_phys")
        m.add_use_field(pe, "struct rb", "ring")
        return self.records(lambda: m.decide_flow(pm, fm, pu, pe))

    def flow_msg(self, fm, fa="kzalloc", args=("64", "GFP_KERNEL")):
        """The message of the one record of flow(), from a fresh state."""
        self.reset()
        name, recs = self.flow(fm, fa, args)
        self.assertEqual(name, fm)
        self.assertEqual(len(recs), 1)
        self.assertEqual(recs[0][:3], (82, "review", "ringbuf_mmap"))
        return recs[0][3]

    # (map call, allocator, its arguments), the whole message; kernel 6.1.
    MESSAGES = [
        (("remap_pfn_range", "kzalloc", ("64", "GFP_KERNEL")),
         "bug: remap_pfn_range() maps a 64-byte kzalloc() buffer from line 57 "
         "(ringbuf_open()) kept in ->ring to user space with the slab objects around it; use "
         "alloc_pages() or vmalloc_user()"),
        (("io_remap_pfn_range", "kzalloc", ("n", "GFP_KERNEL")),
         "io_remap_pfn_range() maps kzalloc() memory from line 57 (ringbuf_open()) kept in "
         "->ring to user space: check it is page-aligned whole pages (power-of-two kmalloc() "
         "sizes are naturally aligned since 5.4), or neighbouring slab objects leak; or use "
         "alloc_pages() or vmalloc_user()"),
        (("vm_insert_page", "kzalloc", ("64", "GFP_KERNEL")),
         "bug: vm_insert_page() of the page under a 64-byte kzalloc() buffer from line 57 "
         "(ringbuf_open()) kept in ->ring: a slab page, refused with -EINVAL and shared with "
         "other objects; use alloc_pages() or vmalloc_user()"),
        (("vm_insert_page", "kzalloc", ("n", "GFP_KERNEL")),
         "vm_insert_page() of the page under kzalloc() memory from line 57 (ringbuf_open()) "
         "kept in ->ring: slab pages are refused with -EINVAL (kmalloc() memory is slab "
         "memory except large SLUB buffers); use alloc_pages() or vmalloc_user()"),
        (("page", "kzalloc", ("64", "GFP_KERNEL")),
         "bug: the fault handler maps the page under a 64-byte kzalloc() buffer from line 57 "
         "(ringbuf_open()) kept in ->ring to user space with the slab objects around it; use "
         "alloc_pages() or vmalloc_user()"),
        (("page", "kzalloc", ("n", "GFP_KERNEL")),
         "the fault handler maps the page under kzalloc() memory from line 57 "
         "(ringbuf_open()) kept in ->ring to user space: check it is page-aligned whole "
         "pages (power-of-two kmalloc() sizes are naturally aligned since 5.4), or "
         "neighbouring slab objects leak; or use alloc_pages() or vmalloc_user()"),
        (("SetPageReserved", "kzalloc", ("64", "GFP_KERNEL")),
         "SetPageReserved() on the page under a 64-byte kzalloc() buffer from line 57 "
         "(ringbuf_open()) kept in ->ring: a slab page belongs to the slab and holds other "
         "objects; if it is for a user mapping, use alloc_pages() or vmalloc_user()"),
        (("__free_pages", "kzalloc", ("n", "GFP_KERNEL")),
         "bug: __free_pages() of the page under kzalloc() memory from line 57 "
         "(ringbuf_open()) kept in ->ring: that frees a slab page under other objects; its "
         "free is kfree()"),
        (("put_page", "kmem_cache_zalloc", ("cache", "GFP_KERNEL")),
         "bug: put_page() of the page under kmem_cache_zalloc() memory from line 57 "
         "(ringbuf_open()) kept in ->ring: that frees a slab page under other objects; its "
         "free is kmem_cache_free()"),
    ]

    def test_messages(self):
        os.environ["WHICHALLOC_KERNEL_VERSION"] = "6.1.0"
        for args, want in self.MESSAGES:
            with self.subTest(args=args):
                self.assertEqual(self.flow_msg(*args), want)

    def test_alignment_note_depends_on_the_version(self):
        for version, note in (("5.4", "(power-of-two kmalloc() sizes are naturally aligned "
                                      "since 5.4)"),
                              ("5.3.18", "(kmalloc() does not guarantee page alignment "
                                         "before 5.4)"),
                              ("4.19", "(kmalloc() does not guarantee page alignment "
                                       "before 5.4)")):
            os.environ["WHICHALLOC_KERNEL_VERSION"] = version
            with self.subTest(version=version):
                self.assertIn(note, self.flow_msg("vm_iomap_memory", args=("n", "GFP_KERNEL")))

    def test_a_page_or_more_is_no_bug_by_its_size(self):
        self.assertNotIn("bug", self.flow_msg("remap_pfn_range", args=("4096", "GFP_KERNEL")))
        self.assertIn("bug", self.flow_msg("remap_pfn_range", args=("4095", "GFP_KERNEL")))

    def test_only_slab_memory(self):
        # vmalloc memory: the translation itself is the finding (decide_direct()).
        self.assertEqual(self.flow("remap_pfn_range", "vzalloc", ("n",)), (None, []))
        self.reset()
        self.assertEqual(self.flow("__free_page", "__get_free_page", ("GFP_KERNEL",)),
                         (None, []))

    def test_only_translations_and_once(self):
        m = self.m
        self.assertEqual(self.flow("remap_pfn_range")[0], "remap_pfn_range")
        pm, pu, pe = (self.at(82, 8, "ringbuf_mmap"), self.at(82, 30, "ringbuf_mmap"),
                      self.at(82, 43, "ringbuf_mmap"))
        self.assertEqual(self.records(lambda: m.decide_flow(pm, "remap_pfn_range", pu, pe)),
                         (None, []))
        # A use of another kind inside the map call is not a translation.
        self.reset()
        m = self.m
        m.use_found(pu, "vlin", "vmalloc_to_pfn")
        self.alloc(pe, "kmalloc", ("64", "GFP_KERNEL"))
        self.assertEqual(self.records(lambda: m.decide_flow(pm, "remap_pfn_range", pu, pe)),
                         (None, []))

    def field_flow(self, fam_args=(("kzalloc", ("256", "GFP_KERNEL")),)):
        """->ring_pa = virt_to_phys(local) at line 22 (+1 per allocation), the local
        allocated at line 19 (+1); remap_pfn_range(..., d->ring_pa >> PAGE_SHIFT, ...) at
        line 90."""
        m = self.m
        for i, (fa, args) in enumerate(fam_args):
            pf = self.at(22 + i, 1, "m_open")
            pu, pe = self.at(22 + i, 16, "m_open"), self.at(22 + i, 29, "m_open")
            m.use_found(pu, "lin", "virt_to_phys")
            self.alloc(pe, fa, args, line=19 + i, func="m_open")
            m.add_field_xlat(pf, "struct dev", "ring_pa", pu, pe)
            m.add_field_store(pf, "struct dev", "ring_pa", "virt_to_phys(buf)")
        pm = self.at(90, 8, "m_mmap_pa")
        return pm, lambda: self.records(
            lambda: m.decide_field_flow(pm, "remap_pfn_range", "struct dev", "ring_pa"))

    def test_field_caching_a_translation(self):
        _, run = self.field_flow()
        name, recs = run()
        self.assertEqual(name, "remap_pfn_range")
        self.assertEqual(recs, [(90, "review", "m_mmap_pa",
                                 "bug: remap_pfn_range() maps a 256-byte kzalloc() buffer "
                                 "from line 19 (m_open()), through ->ring_pa (line 22), to "
                                 "user space with the slab objects around it; use "
                                 "alloc_pages() or vmalloc_user()")])
        self.assertEqual(run(), (None, []))

    def test_field_caching_a_translation_stored_elsewhere_too(self):
        _, run = self.field_flow()
        self.m.add_field_store(self.at(60, 1, "m_reset"), "struct dev", "ring_pa", "0x1000")
        self.assertEqual(run(), (None, []))

    def test_field_caching_a_translation_whose_address_is_taken(self):
        _, run = self.field_flow()
        self.m.add_field_escape(self.at(60, 1, "m_reset"), "struct dev", "ring_pa")
        self.assertEqual(run(), (None, []))

    def test_field_caching_translations_of_two_families(self):
        _, run = self.field_flow((("kzalloc", ("256", "GFP_KERNEL")), ("vmalloc", ("n",))))
        self.assertEqual(run(), (None, []))
        self.reset()
        _, run = self.field_flow((("vmalloc", ("n",)),))
        self.assertEqual(run(), (None, []))

    def test_field_caching_the_first_of_two_slab_buffers(self):
        _, run = self.field_flow((("kmalloc", ("n", "GFP_KERNEL")),
                                  ("kzalloc", ("64", "GFP_KERNEL"))))
        _, recs = run()
        self.assertIn("kmalloc() memory from line 19 (m_open()), through ->ring_pa (line 22),",
                      recs[0][3])

    def test_field_caching_no_translation(self):
        m = self.m
        pm = self.at(90, 8, "m_mmap_pa")
        self.assertIsNone(m.decide_field_flow(pm, "remap_pfn_range", "struct dev", "ring_pa"))


class Modes(KapTest):
    """tell(): what each mode of the run prints."""

    def test_report_and_org(self):
        m = self.m
        m.MODES.clear()
        m.MODES.update(["report", "org"])
        fake = FakeCoccilib()
        m.coccilib = fake
        out = io.StringIO()
        with redirect_stdout(out):
            m.tell(self.at(9), "review", "bug: free_page() of x")
            m.tell(self.at(10), "review", "check it")
            m.tell(self.at(11), "keep", "fine")
        self.assertEqual(out.getvalue(), "")
        self.assertEqual(fake.lines, [
            ("report", "9", "WARNING: kmalloc-as-page: review: bug: free_page() of x"),
            ("org", "9", "kmalloc-as-page: review: bug: free_page() of x"),
            ("report", "10", "INFO: kmalloc-as-page: review: check it"),
            ("org", "10", "kmalloc-as-page: review: check it")])

    def test_whichalloc_record(self):
        out = io.StringIO()
        with redirect_stdout(out):
            self.m.tell(self.at(9, 3, "g"), "review", "msg\twith a tab")
        self.assertEqual(out.getvalue(), "WA1\tkmalloc-as-page\treview\t%s\t9\t3\t9\t7\tg\t"
                         "msg\\twith a tab\n" % self.file)


if __name__ == "__main__":
    unittest.main()
