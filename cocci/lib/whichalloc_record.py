# SPDX-License-Identifier: GPL-2.0-only
# Emit one whichalloc record per finding (see docs/rule-contract.md).
import os
import sys

VERDICTS = ("replace", "keep", "review")


def _escape(text):
    """Escape a field so that it holds no TAB, newline or non-ASCII byte."""
    if not isinstance(text, bytes):
        text = str(text).encode("utf-8", "surrogateescape")
    out = []
    for b in text:
        if b == 0x5C:
            out.append("\\\\")
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
    """The scanned tree's version as a tuple, (99, 0, 0) when unknown."""
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


def emit(rule, verdict, p, message):
    if verdict not in VERDICTS:
        raise ValueError("whichalloc: bad verdict %r" % verdict)
    site = p[0] if isinstance(p, (list, tuple)) else p
    fields = (rule, verdict, site.file, site.line, site.column,
              site.line_end, site.column_end, site.current_element, message)
    sys.stdout.write("WA1\t" + "\t".join(_escape(f) for f in fields) + "\n")
    sys.stdout.flush()
