"""Read what people bring back, as grids of raw cell values: the sheets of an .xlsx, one
CSV file, or a folder of CSV files. Which table each grid is for comes from its sheet or
file name."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from plan_progress.core.limits import (
    MAX_CELL_CHARS,
    MAX_TABLE_BYTES,
    MAX_TABLE_ROWS,
    MAX_WORKBOOK_BYTES,
    MAX_WORKBOOK_PARTS,
    MAX_WORKBOOK_UNZIPPED_BYTES,
    mib,
)
from plan_progress.core.paths import is_inside, not_a_regular_file
from plan_progress.core.problems import InvalidPackage, Problem
from plan_progress.spreadsheet.encoding import EncodingProblem, decode
from plan_progress.spreadsheet.layout import NON_TABLE_SHEETS


@dataclass(frozen=True)
class BadCell:
    """A cell that holds no value to import (an error value such as #REF!)."""

    shown: str


@dataclass(frozen=True)
class PercentCell:
    """A number shown with a percent format: Excel stores 0.45 for what it shows as 45%."""

    value: float

    def __str__(self) -> str:
        # As Excel shows it (without the format's fixed decimals).
        return f"{float(self.value) * 100:.10g}%"


def percent_format(number_format: str) -> bool:
    """Whether an Excel number format scales by 100 and shows %: a % outside quoted text
    and not escaped with a backslash (0"%" shows a literal % without scaling)."""
    unquoted = re.sub(r'"[^"]*"|\\.', "", number_format or "")
    return "%" in unquoted


@dataclass
class Grid:
    """One table's raw rows; `where` names the file or sheet in problems."""

    table: str
    where: str
    rows: list[list[Any]]
    notes: list[str] = field(default_factory=list)
    # Sheets use A1 cell names in messages; CSV files have none.
    sheet: bool = False


def read_source(source: Path, encoding: str | None, table: str | None) -> list[Grid]:
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
        return read_workbook(source)
    if source.suffix.lower() == ".csv":
        return [read_csv(source, encoding, table)]
    raise InvalidPackage(
        [Problem("import.source", str(source), params={"detail": "not .xlsx, .csv or a folder"})]
    )


def _refuse(rule: str, where: Path, **params: Any) -> InvalidPackage:
    return InvalidPackage([Problem(rule, str(where), params=params)])


def _check_file(path: Path, limit: int) -> None:
    """A regular file, not larger than `limit`; raises InvalidPackage."""
    if not_a_regular_file(path):
        raise _refuse("path.not-a-file", path, path=path.name)
    try:
        size = path.stat().st_size
    except OSError as err:
        raise _refuse("import.source", path, detail=err.strerror or type(err).__name__) from None
    if size > limit:
        raise _refuse("limit.file-size", path, size=mib(size), limit=mib(limit))


def check_workbook_container(path: Path) -> None:
    """Before openpyxl parses anything: the zip's parts, their unzipped size (a zip bomb
    expands a few kilobytes to gigabytes) and no DTD in any XML part (entity expansion;
    Excel never writes a DTD). defusedxml, which openpyxl uses when installed, refuses
    entities as well; this check also covers the parts openpyxl reads with lxml."""
    _check_file(path, MAX_WORKBOOK_BYTES)
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
            if len(parts) > MAX_WORKBOOK_PARTS:
                raise _refuse(
                    "limit.workbook-size",
                    path,
                    size=f"{len(parts)} parts",
                    limit=f"{MAX_WORKBOOK_PARTS} parts",
                )
            total = sum(part.file_size for part in parts)
            if total > MAX_WORKBOOK_UNZIPPED_BYTES:
                raise _refuse(
                    "limit.workbook-size",
                    path,
                    size=mib(total),
                    limit=mib(MAX_WORKBOOK_UNZIPPED_BYTES),
                )
            for part in parts:
                if part.filename.endswith((".xml", ".rels", ".vml")):
                    with archive.open(part) as f:
                        prolog = f.read(4096)
                    if b"<!DOCTYPE" in prolog or b"<!ENTITY" in prolog or b"\x00<\x00!" in prolog:
                        raise _refuse("limit.xml-entity", path, part=part.filename)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError) as err:
        raise _refuse(
            "import.source", path, detail=f"not an .xlsx workbook ({type(err).__name__})"
        ) from None


def _open_workbook(path: Path, data_only: bool) -> Any:
    try:
        return load_workbook(path, data_only=data_only, read_only=True)
    except Exception as err:  # openpyxl's parsers raise many kinds on a damaged file
        raise _workbook_error(path, err) from None


def _workbook_error(path: Path, err: Exception) -> InvalidPackage:
    if type(err).__module__.startswith("defusedxml"):
        return _refuse("limit.xml-entity", path, part="")
    return _refuse(
        "import.source", path, detail=f"the workbook cannot be read ({type(err).__name__})"
    )


def _formula_cells(sheet: Any, where: str) -> set[tuple[int, int]]:
    found = set()
    for r, row in enumerate(sheet.iter_rows()):
        _check_row(r, where, len(row))
        found.update((r, c) for c, cell in enumerate(row) if cell.data_type == "f")
    return found


def read_workbook(path: Path) -> list[Grid]:
    check_workbook_container(path)
    # The values Excel computed, not the formulas. A formula whose result was never saved
    # (a workbook written by a script) reads as empty: the second reading finds those.
    values = _open_workbook(path, True)
    try:
        formulas = _open_workbook(path, False)
    except InvalidPackage:
        values.close()
        raise
    grids = []
    try:
        for sheet in values.worksheets:
            if sheet.title in NON_TABLE_SHEETS:
                continue
            where = f"[{path.name}]{sheet.title}"
            formula_sheet = formulas[sheet.title]
            # A sheet's <dimension> element may be wrong (a script wrote it, or someone
            # edited the file): read every row the sheet has, not the rows it claims.
            sheet.reset_dimensions()
            formula_sheet.reset_dimensions()
            has_formula = _formula_cells(formula_sheet, where)
            rows = []
            for r, row in enumerate(sheet.iter_rows()):
                _check_row(r, where, len(row))
                rows.append(
                    [_value(cell, (r, c) in has_formula, where) for c, cell in enumerate(row)]
                )
            grids.append(Grid(sheet.title, where, rows, sheet=True))
    except InvalidPackage:
        raise
    except Exception as err:  # a damaged sheet: openpyxl's parsers raise many kinds
        raise _workbook_error(path, err) from None
    finally:
        values.close()
        formulas.close()
    return grids


def _check_row(index: int, where: str, cells: int) -> None:
    if index > MAX_TABLE_ROWS + 2:  # two header rows
        raise InvalidPackage(
            [Problem("limit.rows", where, index + 1, None, {"limit": MAX_TABLE_ROWS})]
        )


def _value(cell: Any, formula: bool, where: str) -> Any:
    if isinstance(cell.value, str) and len(cell.value) > MAX_CELL_CHARS:
        column = getattr(cell, "column_letter", None)
        raise InvalidPackage(
            [
                Problem(
                    "limit.cell-size",
                    where,
                    getattr(cell, "row", None),
                    column,
                    {"limit": MAX_CELL_CHARS},
                )
            ]
        )
    if cell.data_type == "e":
        return BadCell(str(cell.value))
    if formula and cell.value is None:
        return BadCell("formula without a saved result / 計算結果が保存されていない数式")
    value = cell.value
    number = isinstance(value, int | float) and not isinstance(value, bool)
    if number and percent_format(getattr(cell, "number_format", "")):
        return PercentCell(value)
    return value


def read_csv(path: Path, encoding: str | None, table: str | None) -> Grid:
    _check_file(path, MAX_TABLE_BYTES)
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
        raise _refuse("import.source", path, detail=f"CSV syntax: {err}") from None
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
