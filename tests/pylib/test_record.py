# SPDX-License-Identifier: GPL-2.0-only
"""Tests of cocci/lib/whichalloc_record.py: the record a rule emits per finding."""
import importlib
import io
import os
import sys
import tempfile
import unittest
from contextlib import redirect_stdout

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "..", "cocci", "lib"))
import whichalloc_record  # noqa: E402

SOURCE = """\
#include <linux/slab.h>
#define ONE_LINE(x) kmalloc(x, GFP_KERNEL)
#define KNOB_WRITE(name)\t\t\t\\
static ssize_t name##_write(const char __user *u, size_t n)\t\\
{\t\t\t\t\t\t\t\\
\tchar *buf = kmalloc(n + 1, GFP_KERNEL);\t\t\\
\treturn 0;\t\t\t\t\t\\
}

static int plain(void)
{
\treturn 0;
}
  #  define   INDENTED(a) \\
\tfoo(a)
"""


class Pos:
    def __init__(self, file, line, func):
        self.file, self.line, self.column = file, str(line), "1"
        self.line_end, self.column_end, self.current_element = str(line), "9", func


class Record(unittest.TestCase):
    def setUp(self):
        self.r = importlib.reload(whichalloc_record)
        fd, self.path = tempfile.mkstemp(suffix=".c")
        with os.fdopen(fd, "w") as f:
            f.write(SOURCE)

    def tearDown(self):
        os.unlink(self.path)

    def emit(self, *args):
        out = io.StringIO()
        with redirect_stdout(out):
            self.r.emit(*args)
        return out.getvalue()

    def test_escape(self):
        self.assertEqual(self.r._escape("a\tb\nc\\d\r\x01\xe9"),
                         "a\\tb\\nc\\\\d\\r\\x01\\xc3\\xa9")
        self.assertEqual(self.r._escape(b"\x7f"), "\\x7f")

    def test_record(self):
        line = self.emit("r", "keep", [Pos("a b.c", 3, "f")], "keep: x\ty")
        self.assertEqual(line, "WA1\tr\tkeep\ta b.c\t3\t1\t3\t9\tf\tkeep: x\\ty\n")

    def test_bad_verdict(self):
        with self.assertRaises(ValueError):
            self.emit("r", "maybe", [Pos("a.c", 1, "f")], "m")

    def test_function_in_macro_body(self):
        fn = self.r.function_of
        self.assertEqual(fn(Pos(self.path, 6, "something_else")), "KNOB_WRITE")
        self.assertEqual(fn(Pos(self.path, 3, "something_else")), "KNOB_WRITE")
        self.assertEqual(fn(Pos(self.path, 8, "something_else")), "KNOB_WRITE")
        self.assertEqual(fn(Pos(self.path, 2, "something_else")), "ONE_LINE")
        self.assertEqual(fn(Pos(self.path, 15, "something_else")), "INDENTED")
        self.assertIn("\tKNOB_WRITE\t", self.emit("r", "review", [Pos(self.path, 6,
                                                                     "something_else")], "m"))

    def test_function_outside_macros(self):
        fn = self.r.function_of
        self.assertEqual(fn(Pos(self.path, 12, "plain")), "plain")
        # At file scope outside any macro, and in a file that cannot be read: spatch's word.
        self.assertEqual(fn(Pos(self.path, 9, "something_else")), "something_else")
        self.assertEqual(fn(Pos(self.path + ".gone", 6, "something_else")), "something_else")

    def test_kernel_version(self):
        old = os.environ.get("WHICHALLOC_KERNEL_VERSION")
        try:
            os.environ["WHICHALLOC_KERNEL_VERSION"] = "6.1.192"
            self.assertEqual(self.r.kernel_version(), (6, 1, 192))
            os.environ["WHICHALLOC_KERNEL_VERSION"] = "5.3"
            self.assertEqual(self.r.kernel_version(), (5, 3, 0))
            os.environ["WHICHALLOC_KERNEL_VERSION"] = "x"
            self.assertEqual(self.r.kernel_version(), (99, 0, 0))
        finally:
            if old is None:
                os.environ.pop("WHICHALLOC_KERNEL_VERSION", None)
            else:
                os.environ["WHICHALLOC_KERNEL_VERSION"] = old


if __name__ == "__main__":
    unittest.main()
