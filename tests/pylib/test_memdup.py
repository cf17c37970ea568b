# SPDX-License-Identifier: GPL-2.0-only
"""Tests of cocci/lib/whichalloc_memdup.py, the decisions of the memdup rules.

The positions and statements are built as spatch hands them to the rule's scripts: a list of
positions whose first element has file, line, column, ...; statements as tokens separated by
blanks ('return - ENOMEM ;').
"""
import importlib
import io
import os
import sys
import unittest
from contextlib import redirect_stdout

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "..", "cocci", "lib"))
import whichalloc_memdup  # noqa: E402


class Pos:
    def __init__(self, line, column=1, func="f_write", file="drivers/x.c"):
        self.file = file
        self.line = str(line)
        self.column = str(column)
        self.line_end = str(line)
        self.column_end = str(column + 5)
        self.current_element = func


def at(line, column=1, func="f_write"):
    return [Pos(line, column, func)]


class MemdupTest(unittest.TestCase):
    nul = False
    rule = "memdup-user"

    def setUp(self):
        self.m = importlib.reload(whichalloc_memdup)
        self.m.NUL = self.nul
        self.m.RULE = self.rule
        self.m.MODES.add("whichalloc")

    def site(self, alloc="kmalloc", size="count", gfp="GFP_KERNEL", to="buf", form="decl",
             s1="{ return - ENOMEM ; }", s2="{ kfree ( buf ) ; return - EFAULT ; }",
             gap=(), local=True, exact=True, func="f_write"):
        """Feed one site through the tables as the rule's scripts do; its allocation."""
        m = self.m
        pa, pif, pc = at(10, 8, func), at(11, 1, func), at(13, 5, func)
        m.add_copy(pif, list(gap), "if", to, "ubuf", size, s1, s2, pc)
        # memdup-user-nul matches alloc(size + 1, gfp): size is the copy's in both rules.
        m.add_site(pa, pif, form, to, size, gfp, alloc)
        if local:
            m.LOCAL.add(m.key(pa))
        if exact:
            m.EXACT.add(m.key(pif))
        return pa

    def verdict(self, pa):
        out = io.StringIO()
        with redirect_stdout(out):
            self.m.finish(pa)
        fields = out.getvalue().rstrip("\n").split("\t")
        self.assertEqual(fields[0], "WA1")
        self.assertEqual(fields[1], self.rule)
        return fields[2], fields[9]


class Helpers(MemdupTest):
    def test_pretty(self):
        self.assertEqual(self.m.pretty("sizeof ( * p )"), "sizeof(*p)")
        self.assertEqual(self.m.pretty("dev -> buf [ i ]"), "dev->buf[i]")
        self.assertEqual(self.m.pretty("return - EFAULT ;"), "return -EFAULT;")

    def test_last_jump(self):
        lj = self.m.last_jump
        self.assertEqual(lj(["return", "-", "ENOMEM", ";"]), "return")
        self.assertEqual(lj("ret = - ENOMEM ; goto out ;".split()), "goto out")
        self.assertIsNone(lj("ret = - ENOMEM ;".split()))
        self.assertIsNone(lj([]))

    def test_errnos_and_simplify(self):
        self.assertEqual(self.m.errnos("ret = - EFAULT ; x = - 1 ;".split()), ["-EFAULT"])
        self.assertEqual(self.m.simplify_return("ret = - ENOMEM ; return ret ;".split()),
                         "return - ENOMEM ;".split())
        self.assertEqual(self.m.simplify_return("kfree ( a ) ; return x ;".split()),
                         "kfree ( a ) ; return x ;".split())

    def test_gfp(self):
        g = self.m.gfp_problem
        self.assertIsNone(g("kmalloc", "GFP_KERNEL"))
        self.assertIsNone(g("kmalloc", "GFP_USER | __GFP_NOWARN"))
        self.assertIsNone(g("kvmalloc", "GFP_KERNEL | __GFP_ZERO"))
        self.assertIn("huge size", g("kvmalloc", "GFP_KERNEL | __GFP_NOWARN"))
        self.assertIn("memory cgroup", g("kmalloc", "GFP_KERNEL_ACCOUNT"))
        self.assertIn("check why", g("kmalloc", "GFP_ATOMIC"))

    def test_helper(self):
        self.assertEqual(self.m.helper("kvzalloc"), "vmemdup_user")
        self.assertEqual(self.m.helper("kzalloc"), "memdup_user")


class MemdupUser(MemdupTest):
    def test_replace(self):
        pa = self.site()
        self.assertEqual(self.verdict(pa), (
            "replace", "replace: kmalloc(count) and copy_from_user() of the same size at "
            "line 13: memdup_user()"))
        self.assertIn(self.m.key(pa), self.m.REPLACE)

    def test_kvzalloc(self):
        pa = self.site(alloc="kvzalloc", s2="{ kvfree ( buf ) ; return - EFAULT ; }")
        verdict, msg = self.verdict(pa)
        self.assertEqual(verdict, "replace")
        self.assertIn("vmemdup_user() (the copy overwrites the zeroing)", msg)

    def test_kv_freed_with_kfree(self):
        pa = self.site(alloc="kvmalloc")
        self.assertIn("it needs kvfree()", self.verdict(pa)[1])

    def test_other_errno(self):
        pa = self.site(s2="{ kfree ( buf ) ; return - EINVAL ; }")
        self.assertEqual(self.verdict(pa), (
            "review", "review: copy failure returns -EINVAL (line 13); memdup_user() would "
            "return -EFAULT"))

    def test_not_local(self):
        pa = self.site(form="assign", to="dev -> buf", local=False,
                       s2="{ kfree ( dev -> buf ) ; return - EFAULT ; }")
        self.assertIn("dev->buf is not a local variable", self.verdict(pa)[1])

    def test_inexact_check(self):
        pa = self.site(exact=False)
        self.assertIn("tests more than buf", self.verdict(pa)[1])

    def test_use_between(self):
        pa = self.site(gap=[("buf [ 0 ] = 1 ;", 12)])
        self.assertEqual(self.verdict(pa)[1],
                         "review: buf is used at line 12, between the allocation and the copy")

    def test_more_than_free(self):
        pa = self.site(s2="{ kfree ( buf ) ; log ( ) ; return - EFAULT ; }")
        self.assertIn("does more than free buf", self.verdict(pa)[1])

    def test_helper_itself_is_no_site(self):
        self.site(func="memdup_user")
        self.assertEqual(self.m.SITES, {})

    def test_label_frees_buffer(self):
        m = self.m
        m.add_label(at(40), "out_free", "kfree", "buf", ["return", "ret", ";"])
        m.GOTOS[("drivers/x.c", "f_write", "out_free")] = 1
        pa = self.site(s2="{ ret = - EFAULT ; goto out_free ; }")
        self.assertEqual(self.verdict(pa)[0], "replace")
        self.assertIn(("drivers/x.c", "f_write", "out_free"), m.DROP_LABEL)

    def null_label(self):
        """out: kfree(name); kfree(buf); return ret; with name declared = NULL."""
        m = self.m
        m.add_label_frees(at(40), "out", [("kfree", "name"), ("kfree", "buf")],
                          ["return", "ret", ";"])
        m.GOTOS[("drivers/x.c", "f_write", "out")] = 3
        m.add_null_init(at(3), "name")
        return self.site(s2="{ ret = - EFAULT ; goto out ; }")

    def test_label_frees_nulls_too(self):
        pa = self.null_label()
        self.assertEqual(self.verdict(pa)[0], "replace")
        self.assertEqual(self.m.DROP_LABEL, set())

    def test_label_frees_a_pointer_set_before_the_copy(self):
        self.m.add_touched(at(13, 5), "name")
        pa = self.null_label()
        self.assertEqual(self.verdict(pa), (
            "review", "review: the copy failure path (line 13) jumps to 'out', which also "
            "frees name, not shown to be still NULL there; convert by hand"))

    def test_label_frees_a_static(self):
        self.m.add_null_init(at(3), "name", False)
        self.assertEqual(self.verdict(self.null_label())[0], "review")

    def test_label_frees_a_pointer_not_declared_null(self):
        m = self.m
        m.add_label_frees(at(40), "out", [("kfree", "dev -> name"), ("kfree", "buf")],
                          ["return", "ret", ";"])
        pa = self.site(s2="{ ret = - EFAULT ; goto out ; }")
        self.assertIn("also frees dev->name", self.verdict(pa)[1])

    def test_label_does_more(self):
        self.m.add_label(at(40), "out_free", "kfree", "other", ["return", "ret", ";"])
        pa = self.site(s2="{ ret = - EFAULT ; goto out_free ; }")
        self.assertIn("jumps to 'out_free'", self.verdict(pa)[1])

    def test_label_uses_buffer(self):
        m = self.m
        pa = self.site(s1="{ ret = - ENOMEM ; goto out ; }")
        m.add_label_use(at(50), "buf", "out")
        verdict, msg = self.verdict(pa)
        self.assertEqual(verdict, "review")
        self.assertIn("reach label 'out', which uses buf at line 50", msg)

    def test_patch_mode_waits_for_the_conversion(self):
        m = self.m
        m.MODES.add("patch")
        pa = self.site()
        out = io.StringIO()
        with redirect_stdout(out):
            m.finish(pa)
        self.assertEqual(out.getvalue(), "")
        with redirect_stdout(out):
            m.report_site(pa)
        self.assertIn("\treview\t", out.getvalue())
        self.assertIn("could not rewrite this site", out.getvalue())


class MemdupUserNul(MemdupTest):
    nul = True
    rule = "memdup-user-nul"

    def test_store_after(self):
        pa = self.site()
        self.m.STORE_AFTER.add(self.m.key(at(13, 5)))
        self.assertEqual(self.verdict(pa), (
            "replace", "replace: kmalloc(count + 1), copy_from_user() at line 13 and "
            "buf[count] = '\\\\0': memdup_user_nul() does all three"))

    def test_never_terminated(self):
        pa = self.site()
        self.assertIn("never NUL-terminated", self.verdict(pa)[1])

    def test_kzalloc_supplies_the_nul(self):
        pa = self.site(alloc="kzalloc")
        self.assertIn("the zeroing only supplied the NUL", self.verdict(pa)[1])

    def test_terminator_stays(self):
        pa = self.site()
        self.m.TERMINATED[self.m.key(at(13, 5))] = 20
        self.assertIn("the terminator at line 20 stays", self.verdict(pa)[1])

    def test_kvmalloc(self):
        pa = self.site(alloc="kvmalloc", s2="{ kvfree ( buf ) ; return - EFAULT ; }")
        self.assertIn("has no kvmalloc() variant", self.verdict(pa)[1])

    def test_gfp_user(self):
        pa = self.site(gfp="GFP_USER")
        self.m.STORE_AFTER.add(self.m.key(at(13, 5)))
        self.assertIn("drops GFP_USER's __GFP_HARDWALL", self.verdict(pa)[1])

    def test_krealloc(self):
        pa = self.site()
        self.m.RESIZED[self.m.key(at(13, 5))] = 30
        self.assertIn("resized with krealloc() at line 30", self.verdict(pa)[1])


if __name__ == "__main__":
    unittest.main()
