"""The first pass over the source CSVs (`checks.source_files`): limits and complete headers,
in constant memory, before frictionless reads a row."""

from __future__ import annotations

from pathlib import Path

from plan_progress.checks.source_files import check_csv_file
from plan_progress.core import limits
from plan_progress.core.limits import MAX_CELL_CHARS, MAX_TABLE_ROWS


def rules(path: Path, columns: list[str] | None = None) -> list[tuple[str, int | None, str | None]]:
    return [
        (p.rule, p.row, p.column) for p in check_csv_file(path, path.name, columns or ["a", "b"])
    ]


def test_a_complete_file_passes(tmp_path: Path) -> None:
    (tmp_path / "t.csv").write_text("b,a\n1,2\n", encoding="utf-8")  # any order
    assert rules(tmp_path / "t.csv") == []


def test_header_faults_name_their_column(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text("a,,a,c\n", encoding="utf-8")
    assert rules(path) == [
        ("table.header", 1, "B"),
        ("table.header", 1, "a"),
        ("table.header", 1, "c"),
        ("table.header", 1, "b"),
    ]


def test_an_empty_file_has_no_header(tmp_path: Path) -> None:
    (tmp_path / "t.csv").write_text("", encoding="utf-8")
    assert rules(tmp_path / "t.csv") == [("table.header", 1, None)]


def test_a_cell_over_the_limit_is_named(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text("a,b\n1,2\nx," + "y" * (MAX_CELL_CHARS + 1) + "\n", encoding="utf-8")
    assert rules(path) == [("limit.cell-size", 3, "b")]


def test_a_cell_over_the_csv_modules_own_limit_is_still_counted(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text("a,b\n" + "z" * 1_000_000 + ",1\n", encoding="utf-8")
    assert rules(path) == [("limit.cell-size", 2, "a")]


def test_rows_over_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text("a,b\n" + "1,2\n" * (MAX_TABLE_ROWS + 1), encoding="utf-8")
    assert rules(path) == [("limit.rows", MAX_TABLE_ROWS + 2, None)]


def test_the_operator_may_raise_the_table_limits(tmp_path: Path, monkeypatch) -> None:
    """Only upwards, only from the environment of the person running the command."""
    path = tmp_path / "t.csv"
    path.write_text("a,b\n" + "1,2\n" * (MAX_TABLE_ROWS + 1), encoding="utf-8")
    for ignored in ("10", "-1", "200000x", "２００００００", ""):
        monkeypatch.setenv("PLAN_PROGRESS_MAX_TABLE_ROWS", ignored)
        assert rules(path) == [("limit.rows", MAX_TABLE_ROWS + 2, None)], ignored
    monkeypatch.setenv("PLAN_PROGRESS_MAX_TABLE_ROWS", "200000")
    assert rules(path) == []
    monkeypatch.setattr(limits, "MAX_TABLE_BYTES", 1024)
    monkeypatch.setenv("PLAN_PROGRESS_MAX_TABLE_MIB", "0")
    assert [r[0] for r in rules(path)] == ["limit.file-size"]
    monkeypatch.setenv("PLAN_PROGRESS_MAX_TABLE_MIB", "2")
    assert rules(path) == []


def test_an_absurd_raised_limit_is_no_crash(tmp_path: Path, monkeypatch) -> None:
    """A number too long to read, or too big for the csv module, leaves no traceback."""
    path = tmp_path / "t.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    for absurd in ("9" * 25, "9" * 5000):
        monkeypatch.setenv("PLAN_PROGRESS_MAX_TABLE_MIB", absurd)
        monkeypatch.setenv("PLAN_PROGRESS_MAX_TABLE_ROWS", absurd)
        assert rules(path) == []
    monkeypatch.setenv("PLAN_PROGRESS_MAX_TABLE_MIB", "9" * 15)
    assert rules(path) == []


def test_a_huge_file_is_refused_before_it_is_read(tmp_path: Path) -> None:
    import os

    path = tmp_path / "t.csv"
    path.write_text("a,b\n", encoding="utf-8")
    os.truncate(path, 10 * 1024**3)  # sparse: 10 GiB that are never read
    assert rules(path) == [("limit.file-size", None, None)]
