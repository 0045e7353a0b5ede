"""Read what people bring back, as grids of raw cell values: the sheets of an .xlsx
(`spreadsheet.workbook`), one CSV file, or a folder of CSV files. Which table each grid is
for comes from its sheet or file name."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from pathlib import Path

from plan_progress.core.limits import MAX_CELL_CHARS, MAX_TABLE_BYTES, MAX_TABLE_ROWS
from plan_progress.core.paths import is_inside
from plan_progress.core.problems import InvalidPackage, Problem
from plan_progress.spreadsheet.encoding import EncodingProblem, decode
from plan_progress.spreadsheet.grid import (  # noqa: F401 (the reader's types, as before)
    BadCell,
    Grid,
    PercentCell,
    check_file,
    percent_format,
    refuse,
)
from plan_progress.spreadsheet.workbook import read_workbook


def read_source(
    source: Path,
    encoding: str | None,
    table: str | None,
    widths: Mapping[str, int] | None = None,
) -> list[Grid]:
    """The grids of `source`; `widths` gives each table's number of columns (the standard
    tables' when None), which bounds how far right a sheet is read."""
    if source.is_dir():
        grids, problems = [], []
        for path in sorted(source.glob("*.csv")):
            # A folder handed over by someone else: a link out of it is not followed.
            if not is_inside(source, path):
                problems.append(Problem("path.link-outside", str(path), params={"path": path.name}))
                continue
            try:
                grids.append(read_csv(path, encoding, None))
            except InvalidPackage as invalid:  # report every unreadable file, not the first
                problems.extend(invalid.problems)
        if problems:
            raise InvalidPackage(problems)
        if not grids:
            raise InvalidPackage(
                [Problem("import.source", str(source), params={"detail": "no .csv files"})]
            )
        return grids
    if source.suffix.lower() in (".xlsx", ".xlsm"):
        return read_workbook(source, widths)
    if source.suffix.lower() == ".csv":
        return [read_csv(source, encoding, table)]
    raise InvalidPackage(
        [Problem("import.source", str(source), params={"detail": "not .xlsx, .csv or a folder"})]
    )


def read_csv(path: Path, encoding: str | None, table: str | None) -> Grid:
    check_file(path, MAX_TABLE_BYTES)
    try:
        data = path.read_bytes()
    except OSError as err:
        raise InvalidPackage(
            [Problem("import.source", str(path), params={"detail": str(err)})]
        ) from err
    try:
        text, codec = decode(data, encoding)
    except EncodingProblem as err:
        raise InvalidPackage(
            [Problem("import.encoding", str(path), params={"detail": str(err)})]
        ) from err
    try:
        rows = _csv_rows(text, str(path))
    except csv.Error as err:
        raise refuse("import.source", path, detail=f"CSV syntax: {err}") from None
    notes = []
    if codec == "cp932" and encoding is None:
        # Detected, not stated: say so, so that a wrong reading cannot pass unnoticed.
        notes.append(f"{path}: CP932（Shift_JIS）として読み込みました / read as CP932 (Shift_JIS)")
    return Grid(table or path.stem, str(path), rows, notes)


def _csv_rows(text: str, where: str) -> list[list[str]]:
    rows = []
    for index, row in enumerate(csv.reader(io.StringIO(text, newline=""))):
        if index > MAX_TABLE_ROWS + 2:
            raise InvalidPackage(
                [Problem("limit.rows", where, index + 1, None, {"limit": MAX_TABLE_ROWS})]
            )
        for position, cell in enumerate(row):
            if len(cell) > MAX_CELL_CHARS:
                params = {"limit": MAX_CELL_CHARS}
                raise InvalidPackage(
                    [Problem("limit.cell-size", where, index + 1, str(position + 1), params)]
                )
        rows.append(row)
    return rows
