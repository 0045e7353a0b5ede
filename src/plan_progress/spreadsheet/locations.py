"""Where a row of an imported table was typed: sheet (or file) name, row and column.

The import turns each sheet into a canonical CSV: it drops the header rows and every blank
row, and keeps only the named columns. Validation then speaks of `data/plans.csv` row 2,
column `municipality_code`; the person typed that value on sheet `plans`, row 3, column C.
The importer records the way back for each table it reads (`SourceTable`, made by
`importer.convert_grid` from the very rows it keeps); `relocate` moves a problem found in
the canonical CSV to the place it was typed. This is the one mapping: the import's own
messages and any page that shows problems at sheet rows use it.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, replace
from typing import Any

from openpyxl.utils import get_column_letter

from plan_progress.core.problems import Problem
from plan_progress.spreadsheet.sources import BadCell

# Values longer than this are cut when shown (the full value is in the person's file).
SHOWN_CHARS = 120


@dataclass(frozen=True)
class Place:
    """A problem's place as typed; `where` is the sheet ("[book.xlsx]plans") or file."""

    where: str
    sheet: bool
    row: int | None = None
    column: str | None = None  # "C" on a sheet, "3" in a CSV file
    column_title: str | None = None  # the column's heading as the person sees it
    value: str | None = None  # the cell's value as typed, cut when long


@dataclass(frozen=True)
class SourceTable:
    """One table as typed: each canonical data row's typed row number, each column's place."""

    table: str
    where: str
    sheet: bool
    header_row: int  # the typed row of the column names
    rows: list[int]  # rows[k] is the typed row of canonical CSV row k + 2
    values: list[list[Any]]  # the typed values of those rows
    columns: dict[str, tuple[int, str]]  # column name -> (position, heading)

    def typed_row(self, csv_row: int | None) -> int | None:
        """The typed row of a canonical CSV row (header = 1); None when there is none."""
        if csv_row == 1:
            return self.header_row
        if csv_row is not None and 0 <= csv_row - 2 < len(self.rows):
            return self.rows[csv_row - 2]
        return None

    def place(self, csv_row: int | None, column: str | None) -> Place:
        row = self.typed_row(csv_row)
        values = self.values[csv_row - 2] if row is not None and csv_row and csv_row > 1 else None
        label = title = value = None
        if column in self.columns:
            position, title = self.columns[column]
            label = get_column_letter(position + 1) if self.sheet else str(position + 1)
            if values is not None and position < len(values):
                value = shown_value(values[position])
        return Place(self.where, self.sheet, row, label, title, value)


def shown_value(value: Any) -> str | None:
    if value is None or value == "":
        return None
    text = value.shown if isinstance(value, BadCell) else str(value)
    return text if len(text) <= SHOWN_CHARS else text[: SHOWN_CHARS - 1] + "…"


def package_table(table: str, relpath: str, data: bytes) -> SourceTable:
    """A package's own CSV file: rows and columns are the file's own (header = row 1)."""
    rows = list(csv.reader(io.StringIO(data.decode("utf-8", errors="replace"), newline="")))
    header = rows[0] if rows else []
    columns: dict[str, tuple[int, str]] = {}
    for position, name in enumerate(header):
        columns.setdefault(name, (position, name))
    body = rows[1:]
    return SourceTable(table, relpath, False, 1, list(range(2, len(body) + 2)), body, columns)


def relocate(problem: Problem, sources: dict[str, SourceTable]) -> Problem:
    """`problem` at the place its row was typed, when it is about a row of an imported
    table (`sources` by the package's relative path of the table); otherwise unchanged."""
    source = sources.get(problem.file)
    if source is None:
        return problem
    row = source.typed_row(problem.row)
    if problem.row is not None and row is None:
        return problem  # not a row the import wrote: leave it where validation found it
    return replace(problem, file=source.where, row=row)
