"""A benchmark's section of docs/benchmarks.md, replaced between its markers (or added at the
end under a heading) so each bench rewrites only its own part of the document."""

from __future__ import annotations

from pathlib import Path

from plan_progress.core.atomic_files import write_all


def replace_section(path: Path, section: str, start: str, end: str, heading: str) -> None:
    """`section` (which begins with `start` and ends with `end`) put in place in `path`."""
    document = path.read_text(encoding="utf-8")
    if start in document:
        head, rest = document.split(start, 1)
        document = head + section + rest.split(end, 1)[1]
    else:
        document = document.rstrip("\n") + f"\n\n## {heading}\n\n" + section + "\n"
    write_all({path: document.encode("utf-8")})
