"""Workbooks as people bring them back: made by `plan-progress template`, then typed into
with openpyxl (values, number formats, blank rows), and CSV files as Excel saves them."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from conftest import REPO, copy_package, run_cli

MIHON = REPO / "examples" / "mihon-machi-kenko"
KAKUU = REPO / "examples" / "kakuu-shi-chiiki-fukushi"


def package_and_book(tmp_path: Path, source: Path = REPO) -> tuple[Path, Path]:
    """A copy of `source` and the workbook `template --from` makes of it."""
    package = copy_package(tmp_path / "pkg", source)
    book = tmp_path / "book.xlsx"
    result = run_cli("template", str(book), "--from", str(package))
    assert result.returncode == 0, result.stderr
    return package, book


def type_into(
    book_path: Path,
    sheet: str,
    row: int,
    values: dict[str, Any],
    formats: dict[str, str] | None = None,
) -> None:
    """Type `values` into `row` of `sheet`, by column name (row 2 of the template), with
    optional number formats (e.g. "0%") as Excel keeps them."""
    book = load_workbook(book_path)
    ws = book[sheet]
    names = [c.value for c in ws[2]]
    for name, value in values.items():
        cell = ws.cell(row, names.index(name) + 1, value)
        if formats and name in formats:
            cell.number_format = formats[name]
        elif isinstance(value, str):
            cell.number_format = "@"
    book.save(book_path)


def insert_blank_rows(book_path: Path, sheet: str, before: int, count: int) -> None:
    """Blank rows inside the data, as people leave them between groups of rows."""
    book = load_workbook(book_path)
    book[sheet].insert_rows(before, count)
    book.save(book_path)


def column_letter(book_path: Path, sheet: str, name: str) -> str:
    from openpyxl.utils import get_column_letter

    ws = load_workbook(book_path, read_only=True)[sheet]
    names = [c.value for c in next(ws.iter_rows(min_row=2, max_row=2))]
    return get_column_letter(names.index(name) + 1)


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def excel_csv(rows_: list[list[str]], encoding: str = "cp932") -> bytes:
    """CSV as Excel saves it: CRLF, in the given encoding."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows_)
    return buffer.getvalue().encode(encoding)


def table_rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.reader(f))


def problem_lines(stderr: str, rule: str) -> list[str]:
    return [line for line in stderr.splitlines() if f"[{rule}]" in line]
