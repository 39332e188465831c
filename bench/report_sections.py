"""Marked sections of a benchmark report (``<!-- NAME:begin -->`` … ``<!-- NAME:end -->``): each benchmark
rewrites its own section of docs/performance.md and leaves the others as they are."""
from __future__ import annotations

import re
from pathlib import Path


def put_section(out: Path, block: str, heading: str = "") -> None:
    """Write ``block`` (from its begin marker to its end marker) into ``out``, in place of the previous
    block of that name, or appended (after ``heading``, if given) when there is none."""
    name = re.match(r"<!-- ([\w-]+):begin -->", block).group(1)
    begin, end = f"<!-- {name}:begin -->", f"<!-- {name}:end -->"
    text = out.read_text(encoding="utf8") if out.exists() else "# Performance\n"
    if begin in text and end in text:
        head, rest = text.split(begin, 1)
        text = head + block + rest.split(end, 1)[1]
    else:
        text = text.rstrip("\n") + "\n\n" + (f"{heading}\n\n" if heading else "") + block + "\n"
    out.write_text(text, encoding="utf8")
