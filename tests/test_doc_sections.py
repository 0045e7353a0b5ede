"""A benchmark rewrites only its own section of docs/benchmarks.md."""

from __future__ import annotations

from pathlib import Path

from plan_progress.scale.doc_sections import replace_section

START, END = "<!-- x:start -->", "<!-- x:end -->"


def test_the_section_is_replaced_between_its_markers(tmp_path: Path) -> None:
    doc = tmp_path / "benchmarks.md"
    doc.write_text(f"# B\n\nbefore\n{START}\nold\n{END}\nafter\n", encoding="utf-8")
    replace_section(doc, f"{START}\nnew\n{END}", START, END, "X")
    assert doc.read_text(encoding="utf-8") == f"# B\n\nbefore\n{START}\nnew\n{END}\nafter\n"


def test_a_missing_section_is_added_at_the_end_under_its_heading(tmp_path: Path) -> None:
    doc = tmp_path / "benchmarks.md"
    doc.write_text("# B\n\ntext\n\n", encoding="utf-8")
    replace_section(doc, f"{START}\nnew\n{END}", START, END, "X / エックス")
    assert (
        doc.read_text(encoding="utf-8")
        == f"# B\n\ntext\n\n## X / エックス\n\n{START}\nnew\n{END}\n"
    )
