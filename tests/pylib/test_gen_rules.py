# SPDX-License-Identifier: GPL-2.0-only
"""Tests of scripts/gen-rules: templates, inlining, and the checks it makes."""
import importlib.machinery
import importlib.util
import os
import tempfile
import unittest

TOP = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
_loader = importlib.machinery.SourceFileLoader("gen_rules",
                                               os.path.join(TOP, "scripts", "gen-rules"))
_spec = importlib.util.spec_from_loader("gen_rules", _loader)
gen = importlib.util.module_from_spec(_spec)
_loader.exec_module(gen)


class GenRules(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.lib = self.tmp.name

    def tearDown(self):
        self.tmp.cleanup()

    def module(self, name, text):
        with open(os.path.join(self.lib, name + ".py"), "w") as f:
            f.write(text)

    def expand(self, text, **params):
        params.setdefault("RULE", "r")
        return gen.expand("t.cocci.in", text, params, self.lib)

    def test_conditionals_and_parameters(self):
        text = "// SPDX-License-Identifier: GPL-2.0-only\n%%if !NUL\na\n%%else\nb\n%%endif\nR=%{RULE}\n"
        out = self.expand(text, NUL="False")
        self.assertEqual(out.splitlines()[2:], ["a", "R=r"])
        out = self.expand(text, NUL="True")
        self.assertEqual(out.splitlines()[2:], ["b", "R=r"])

    def test_errors(self):
        head = "// SPDX-License-Identifier: GPL-2.0-only\n"
        for bad in ("%%if X\n", "%{NOPE}\n", "%%bogus\n", "%%inline nothere\n"):
            with self.assertRaises(gen.GenError):
                self.expand(head + bad)
        with self.assertRaises(gen.GenError):
            self.expand("no spdx\n")

    def test_inline_with_imports(self):
        self.module("m_a", "# SPDX-License-Identifier: GPL-2.0-only\nA = 1\n")
        self.module("m_b", "from m_a import A\nB = A + 1\n")
        out = self.expand("// SPDX-License-Identifier: GPL-2.0-only\n@initialize:python@\n@@\n"
                          "%%inline m_b\n%%inline m_a\n")
        self.assertLess(out.index("A = 1"), out.index("B = A + 1"))
        self.assertEqual(out.count("A = 1"), 1)
        self.assertNotIn("import", out)

    def test_name_clash(self):
        self.module("m_a", "X = 1\n")
        self.module("m_b", "X = 2\n")
        with self.assertRaises(gen.GenError):
            self.expand("// SPDX-License-Identifier: GPL-2.0-only\n%%inline m_a\n%%inline m_b\n")

    def test_spatch_lexing(self):
        gen.check_spatch_lexing("x = 'a'  # fine\n# it's fine at the start\ny = \"\\\\\\\\\"[:0]\n"
                                .replace('y = "\\\\\\\\"[:0]', "y = 1"), "ok")
        for bad in ("x = 1  # it's\ny = 2\n", 'x = "\\\\"\ny = "a"\n'):
            with self.assertRaises(gen.GenError):
                gen.check_spatch_lexing(bad, "bad")

    def test_shipped_rules_are_up_to_date(self):
        for path, text in gen.generate(TOP).items():
            with open(path) as f:
                self.assertEqual(f.read(), text, "%s is stale: run make rules" % path)


if __name__ == "__main__":
    unittest.main()
