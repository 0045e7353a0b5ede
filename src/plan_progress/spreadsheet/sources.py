"""Read what people bring back, as grids of raw cell values: the sheets of an .xlsx, one
CSV file, or a folder of CSV files. Which table each grid is for comes from its sheet or
file name."""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from plan_progress.core.problems import InvalidPackage, Problem
from plan_progress.spreadsheet.encoding import EncodingProblem, decode
from plan_progress.spreadsheet.layout import NON_TABLE_SHEETS


@dataclass(frozen=True)
class BadCell:
    """A cell that holds no value to import (an error value such as #REF!)."""

    shown: str


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


def _open_workbook(path: Path, data_only: bool) -> Any:
    try:
        return load_workbook(path, data_only=data_only, read_only=True)
    except (OSError, InvalidFileException, zipfile.BadZipFile, KeyError) as err:
        raise InvalidPackage(
            [Problem("import.source", str(path), params={"detail": str(err) or type(err).__name__})]
        ) from err


def _formula_cells(sheet: Any) -> set[tuple[int, int]]:
    return {
        (r, c)
        for r, row in enumerate(sheet.iter_rows())
        for c, cell in enumerate(row)
        if cell.data_type == "f"
    }


def read_workbook(path: Path) -> list[Grid]:
    # The values Excel computed, not the formulas. A formula whose result was never saved
    # (a workbook written by a script) reads as empty: the second reading finds those.
    values, formulas = _open_workbook(path, True), _open_workbook(path, False)
    grids = []
    try:
        for sheet in values.worksheets:
            if sheet.title in NON_TABLE_SHEETS:
                continue
            has_formula = _formula_cells(formulas[sheet.title])
            rows = [
                [_value(cell, (r, c) in has_formula) for c, cell in enumerate(row)]
                for r, row in enumerate(sheet.iter_rows())
            ]
            grids.append(Grid(sheet.title, f"[{path.name}]{sheet.title}", rows, sheet=True))
    finally:
        values.close()
        formulas.close()
    return grids


def _value(cell: Any, formula: bool) -> Any:
    if cell.data_type == "e":
        return BadCell(str(cell.value))
    if formula and cell.value is None:
        return BadCell("formula without a saved result / 計算結果が保存されていない数式")
    return cell.value


def read_csv(path: Path, encoding: str | None, table: str | None) -> Grid:
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
    rows = list(csv.reader(io.StringIO(text, newline="")))
    notes = []
    if codec == "cp932" and encoding is None:
        # Detected, not stated: say so, so that a wrong reading cannot pass unnoticed.
        notes.append(f"{path}: CP932（Shift_JIS）として読み込みました / read as CP932 (Shift_JIS)")
    return Grid(table or path.stem, str(path), rows, notes)
