"""Read an .xlsx workbook's table sheets as grids, with bounded work whatever the file holds.

Before openpyxl parses anything, the container is checked (`core.zip_limits`: parts, their
unzipped size and compression ratio; the number of shared strings; no DTD). Each sheet is
then read twice by openpyxl in read-only mode: once for its formulas (openpyxl's own row
parser, which gives each cell as the file has it) and once for the values Excel saved. The
first reading also bounds the sheet: no value right of the table's columns (openpyxl's
`iter_rows` pads every row up to its last cell, 16,384 for a cell in column XFD), no row past
the row limit. The second reads only the table's columns."""

from __future__ import annotations

import zipfile
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

from defusedxml.ElementTree import iterparse
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._reader import WorkSheetParser
from openpyxl.xml.constants import SHEET_MAIN_NS

from plan_progress.core.limits import (
    MAX_CELL_CHARS,
    MAX_EXTRA_COLUMNS,
    MAX_SHARED_STRINGS,
    MAX_TABLE_ROWS,
    MAX_WORKBOOK_BYTES,
    MAX_WORKBOOK_PARTS,
    MAX_WORKBOOK_RATIO,
    MAX_WORKBOOK_UNZIPPED_BYTES,
    mib,
)
from plan_progress.core.problems import InvalidPackage, Problem
from plan_progress.core.zip_limits import ZipLimits, broken_limit
from plan_progress.spreadsheet.grid import BadCell, Grid, PercentCell, check_file, percent_format
from plan_progress.spreadsheet.grid import refuse as _refuse
from plan_progress.spreadsheet.layout import NON_TABLE_SHEETS, standard_tables

WORKBOOK_LIMITS = ZipLimits(
    members=MAX_WORKBOOK_PARTS,
    member_bytes=MAX_WORKBOOK_UNZIPPED_BYTES,
    unzipped_bytes=MAX_WORKBOOK_UNZIPPED_BYTES,
    ratio=MAX_WORKBOOK_RATIO,
)
_CONTENT_TYPES = "[Content_Types].xml"
_SHARED_STRINGS_TYPE = (
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
)
_SHARED_STRING = f"{{{SHEET_MAIN_NS}}}si"  # the element openpyxl reads as one shared string


@cache
def standard_widths() -> dict[str, int]:
    return {name: len(table.columns) for name, table in standard_tables().items()}


def check_workbook_container(path: Path) -> None:
    """Before openpyxl parses anything: the zip's parts, their unzipped size and ratio (a
    zip bomb expands a few kilobytes to gigabytes), the shared strings (openpyxl reads them
    all when it opens the workbook) and no DTD in any XML part (entity expansion; Excel
    never writes a DTD). defusedxml, which openpyxl uses when installed, refuses entities
    as well; this check also covers the parts openpyxl reads with lxml."""
    check_file(path, MAX_WORKBOOK_BYTES)
    try:
        with zipfile.ZipFile(path) as archive:
            _check_parts(archive, path)
            for part in archive.infolist():
                if part.filename.endswith((".xml", ".rels", ".vml")):
                    with archive.open(part) as f:
                        prolog = f.read(4096)
                    if b"<!DOCTYPE" in prolog or b"<!ENTITY" in prolog or b"\x00<\x00!" in prolog:
                        raise _refuse("limit.xml-entity", path, part=part.filename)
            _check_shared_strings(archive, path)
    except InvalidPackage:
        raise
    except Exception as err:  # a damaged zip or XML: zipfile and the parsers raise many kinds
        if type(err).__module__.startswith("defusedxml"):
            raise _refuse("limit.xml-entity", path, part="") from None
        raise _refuse(
            "import.source", path, detail=f"not an .xlsx workbook ({type(err).__name__})"
        ) from None


def _check_parts(archive: zipfile.ZipFile, path: Path) -> None:
    broken = broken_limit(archive, WORKBOOK_LIMITS)
    if broken is None:
        return
    if broken.what == "members":
        size, limit = f"{broken.found} parts", f"{broken.limit} parts"
        raise _refuse("limit.workbook-size", path, size=size, limit=limit)
    if broken.what == "ratio":
        raise _refuse(
            "limit.compression", path, part=broken.entry, ratio=broken.found, limit=broken.limit
        )
    if broken.what == "encrypted":
        raise _refuse("import.source", path, detail="an encrypted part / 暗号化された部品")
    raise _refuse("limit.workbook-size", path, size=mib(broken.found), limit=mib(broken.limit))


def _check_shared_strings(archive: zipfile.ZipFile, path: Path) -> None:
    """At most MAX_SHARED_STRINGS in the part the content types name (as openpyxl finds
    it); counting stops at the limit, so the check costs at most that many elements."""
    names = {info.filename for info in archive.infolist()}
    if _CONTENT_TYPES not in names:
        return  # openpyxl refuses it as not a workbook
    parts = []
    with archive.open(_CONTENT_TYPES) as types:
        for _, element in iterparse(types):
            if element.get("ContentType") == _SHARED_STRINGS_TYPE and element.get("PartName"):
                parts.append(element.get("PartName").lstrip("/"))
            element.clear()
    for part in parts:
        if part not in names:
            continue
        count, root = 0, None
        with archive.open(part) as strings:
            for event, element in iterparse(strings, events=("start", "end")):
                if root is None:
                    root = element
                if event == "end" and element.tag == _SHARED_STRING:
                    count += 1
                    if count > MAX_SHARED_STRINGS:
                        raise _refuse(
                            "limit.shared-strings", path, part=part, limit=MAX_SHARED_STRINGS
                        )
                    root.clear()  # keeps memory flat: the strings themselves are not needed


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


class _AnyText:
    """The shared strings as the bounding reading sees them: it asks only whether a cell
    holds a value, never which text."""

    def __getitem__(self, index: int) -> str:
        return ""


def _bounds(sheet: Any, where: str, width: int) -> set[tuple[int, int]]:
    """Read `sheet` as the file has it, cell by cell, without padding any row: refuse a row
    past the limit or a value right of `width`; (row number, position) of every formula."""
    formulas = set()
    with sheet._get_source() as source:  # the sheet's XML part, as openpyxl opens it
        parser = WorkSheetParser(source, _AnyText(), data_only=False)
        for number, cells in parser.parse():
            if number > MAX_TABLE_ROWS + 2:  # two header rows
                raise InvalidPackage(
                    [Problem("limit.rows", where, number, None, {"limit": MAX_TABLE_ROWS})]
                )
            for cell in cells:
                column, formula = cell["column"], cell["data_type"] == "f"
                if column > width and (formula or cell["value"] not in (None, "")):
                    raise InvalidPackage([_too_far_right(where, number, column, width)])
                if formula:
                    formulas.add((number, column - 1))
    return formulas


def _too_far_right(where: str, row: int, column: int, width: int) -> Problem:
    letter = get_column_letter(column)
    params = {
        "cell": f"{letter}{row}",
        "last": get_column_letter(width),
        "columns": width - MAX_EXTRA_COLUMNS,
        "extra": MAX_EXTRA_COLUMNS,
    }
    return Problem("limit.columns", where, row, letter, params)


def read_workbook(path: Path, widths: Mapping[str, int] | None = None) -> list[Grid]:
    """The table sheets of the workbook at `path`; `widths` gives each table's number of
    columns (the standard tables' when None). A sheet of no table is read as wide as the
    widest table (the import then says it is of no table)."""
    widths = widths or standard_widths()
    widest = max(widths.values(), default=0)
    check_workbook_container(path)
    # The values Excel computed, not the formulas. A formula whose result was never saved
    # (a workbook written by a script) reads as empty: the formulas' reading finds those.
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
            width = widths.get(sheet.title, widest) + MAX_EXTRA_COLUMNS
            has_formula = _bounds(formulas[sheet.title], where, width)
            grids.append(_read_sheet(sheet, where, width, has_formula))
    except InvalidPackage:
        raise
    except Exception as err:  # a damaged sheet: openpyxl's parsers raise many kinds
        raise _workbook_error(path, err) from None
    finally:
        values.close()
        formulas.close()
    return grids


def _read_sheet(sheet: Any, where: str, width: int, has_formula: set[tuple[int, int]]) -> Grid:
    # A sheet's <dimension> element may be wrong (a script wrote it, or someone edited the
    # file): read every row the sheet has, not the rows it claims, and only `width` columns.
    sheet.reset_dimensions()
    rows, cached = [], set()
    for number, row in enumerate(sheet.iter_rows(max_col=width), start=1):
        values = []
        for position, cell in enumerate(row):
            formula = (number, position) in has_formula
            value = _value(cell, formula, where)
            if formula and not isinstance(value, BadCell):
                cached.add((number, position))
            values.append(value)
        rows.append(values)
    return Grid(sheet.title, where, rows, sheet=True, formulas=frozenset(cached))


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
