# SPDX-License-Identifier: GPL-2.0-only
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
