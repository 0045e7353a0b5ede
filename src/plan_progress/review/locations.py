"""Where a problem is, as the person typed it: sheet (or file) name, row and column.

The import turns each sheet into a canonical CSV: it skips the header rows and every blank
row, and keeps only the named columns. Validation then speaks of `data/plans.csv` row 2,
column `municipality_code`; the person typed that value on sheet `plans`, row 3, column C.
`source_table` records the way back for one sheet. It follows the importer's reading rules
exactly (its header finder, its blank-row rule) and belongs beside the importer: when the
importer reports sheet rows itself, this module's callers switch to that and it goes.
A test checks that every imported row maps back to the sheet row it came from."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import Any

from openpyxl.utils import get_column_letter

from plan_progress.core.problems import Problem, shown
from plan_progress.spreadsheet.importer import find_header
from plan_progress.spreadsheet.layout import Table
from plan_progress.spreadsheet.sources import BadCell, Grid


@dataclass(frozen=True)
class Place:
    """A problem's place as typed; `where` is the sheet or file name."""

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

    def place(self, csv_row: int | None, column: str | None) -> Place:
        row = None
        values: list[Any] | None = None
        if csv_row == 1:
            row = self.header_row
        elif csv_row is not None and 0 <= csv_row - 2 < len(self.rows):
            row, values = self.rows[csv_row - 2], self.values[csv_row - 2]
        label = title = value = None
        if column in self.columns:
            position, title = self.columns[column]
            label = get_column_letter(position + 1) if self.sheet else str(position + 1)
            if values is not None and position < len(values):
                value = shown_value(values[position])
        return Place(self.where, self.sheet, row, label, title, value)


def shown_value(value: Any) -> str | None:
    """The value as messages quote it (one line, cut when long: `core.problems.shown`)."""
    if value is None or value == "":
        return None
    return shown(value.shown if isinstance(value, BadCell) else value)


def _blank(row: list[Any]) -> bool:
    # The importer's rule for a row it skips (spreadsheet/importer.py `_blank`).
    return all(v is None or (isinstance(v, str) and v.strip() == "") for v in row)


def source_table(grid: Grid, table: Table) -> SourceTable | None:
    """The way back from the canonical CSV the importer makes of `grid` to the typed rows;
    None when the importer cannot read the grid's header (it reports that itself)."""
    found = find_header(grid, table)
    if isinstance(found, Problem):
        return None
    header_index, mapped = found
    numbered = [
        (number, row)
        for number, row in enumerate(grid.rows[header_index + 1 :], start=header_index + 2)
        if not _blank(row)
    ]
    columns = {}
    for position, name in enumerate(mapped):
        if name and name not in columns:
            column = table.column(name)
            heading = column.title_ja if column and grid.sheet else _typed_heading(grid, position)
            columns[name] = (position, heading or name)
    return SourceTable(
        table.name,
        grid.where,
        grid.sheet,
        header_index + 1,
        [n for n, _ in numbered],
        [r for _, r in numbered],
        columns,
    )


def _typed_heading(grid: Grid, position: int) -> str:
    first = grid.rows[0] if grid.rows else []
    value = first[position] if position < len(first) else None
    return "" if value is None else str(value).strip()


def package_table(table: str, relpath: str, data: bytes) -> SourceTable:
    """A package's own CSV file: rows and columns are the file's own (header = row 1)."""
    rows = list(csv.reader(io.StringIO(data.decode("utf-8", errors="replace"), newline="")))
    header = rows[0] if rows else []
    columns = {}
    for position, name in enumerate(header):
        columns.setdefault(name, (position, name))
    body = rows[1:]
    return SourceTable(table, relpath, False, 1, list(range(2, len(body) + 2)), body, columns)
