"""The main tables as one .xlsx workbook people read on screen and on paper.

One sheet per main table: Japanese headers that fit (wrapped when long), frozen header row,
long texts wrapped in rows tall enough to show them, codes as text (092169 keeps its leading
zero, which Excel drops from a CSV), printing in landscape fitted to the page width with the
header repeated on every page. Every text cell is written as text: a value that starts with
= stays the text it is and never becomes a formula. A last sheet says where the data comes
from and under which licence.

The bytes are deterministic: fixed document dates and zip entry times.
"""

from __future__ import annotations

import datetime
import io
import re
import zipfile
from decimal import Decimal
from typing import Any

from plan_progress.core.spreadsheet_safety import put_text
from plan_progress.core.text_width import LINE_HEIGHT, PADDING, display_width, wrapped_lines
from plan_progress.model.main_tables import MainField, MainTable

# Any fixed instant will do; this is the earliest a zip entry can carry.
_FIXED = datetime.datetime(1980, 1, 1)
_TEXT = "@"
NARROW_LIMIT = 30  # columns whose longest line is at most this many half-width units
MEDIUM_WIDTH = 30  # wrapped context columns (plan or goal titles)
WIDE_WIDTH = 50  # wrapped long texts (progress, issues, reasons)
HEADER_MAX = 16  # a longer header wraps instead of widening its column
A3_FROM = 260  # total width (units) from which a sheet prints on A3, as wide tables are
ABOUT_SHEET = "出典・ライセンス"


def column_width(field: MainField, values: list[str]) -> tuple[float, bool]:
    """(width, wrap) for a column, from its header and its longest line."""
    longest = max((display_width(p) for v in values for p in v.split("\n")), default=0)
    header = min(display_width(field.name), HEADER_MAX)
    if longest <= NARROW_LIMIT:
        return float(max(longest, header, 4) + 2), False
    average = sum(display_width(v) for v in values) / max(1, len(values))
    # The same text on every row (the plan's title) is context: it need not be wide.
    wide = average > 2 * MEDIUM_WIDTH and len(set(values)) > 1
    return float(WIDE_WIDTH if wide else MEDIUM_WIDTH), True


def main_workbook(tables: list[MainTable], about: list[tuple[str, str]]) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for table in tables:
        _sheet(book.create_sheet(table.title_ja), table)
    _about_sheet(book.create_sheet(ABOUT_SHEET), about)
    book.properties.created = _FIXED
    book.properties.creator = "plan-progress"
    buffer = io.BytesIO()
    book.save(buffer)
    return _fixed_zip_times(buffer.getvalue())


def _sheet(sheet: Any, table: MainTable) -> None:
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDEBF7")
    thin = Side(style="thin", color="999999")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    top_wrap = Alignment(wrap_text=True, vertical="top")
    top = Alignment(vertical="top")
    layout = [column_width(f, [row[i] for row in table.rows]) for i, f in enumerate(table.fields)]
    for column, (field, (width, _wrap)) in enumerate(zip(table.fields, layout, strict=True), 1):
        cell = sheet.cell(row=1, column=column)
        _text(cell, field.name)
        cell.font, cell.fill, cell.border = bold, fill, border
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        sheet.column_dimensions[get_column_letter(column)].width = width
    header_lines = max(
        wrapped_lines(f.name, w) for f, (w, _) in zip(table.fields, layout, strict=True)
    )
    sheet.row_dimensions[1].height = header_lines * LINE_HEIGHT + PADDING
    for r, row in enumerate(table.rows, start=2):
        lines = 1
        for column, (field, value, (width, wrap)) in enumerate(
            zip(table.fields, row, layout, strict=True), start=1
        ):
            cell = sheet.cell(row=r, column=column)
            _value(cell, field, value)
            cell.border = border
            cell.alignment = top_wrap if wrap else top
            if wrap and value:
                lines = max(lines, wrapped_lines(value, width))
        sheet.row_dimensions[r].height = lines * LINE_HEIGHT + PADDING
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    _print_setup(sheet)
    if sum(width for width, _ in layout) >= A3_FROM:
        sheet.page_setup.paperSize = sheet.PAPERSIZE_A3


def _print_setup(sheet: Any) -> None:
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0  # as many pages down as the rows need
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = "1:1"
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    sheet.page_margins.top = sheet.page_margins.bottom = 0.6
    sheet.oddFooter.center.text = "&P / &N"
    sheet.oddHeader.center.text = "&A"


def _about_sheet(sheet: Any, about: list[tuple[str, str]]) -> None:
    from openpyxl.styles import Alignment, Font

    sheet.column_dimensions["A"].width = 24
    sheet.column_dimensions["B"].width = 90
    for r, (label, value) in enumerate(about, start=1):
        _text(sheet.cell(row=r, column=1), label)
        _text(sheet.cell(row=r, column=2), value)
        sheet.cell(row=r, column=1).font = Font(bold=True)
        for c in (1, 2):
            sheet.cell(row=r, column=c).alignment = Alignment(wrap_text=True, vertical="top")
        sheet.row_dimensions[r].height = wrapped_lines(value, 90) * LINE_HEIGHT + PADDING
    _print_setup(sheet)
    sheet.print_title_rows = None


def _text(cell: Any, text: str) -> None:
    """A text cell, whatever it starts with (`core.spreadsheet_safety`), kept as text by
    Excel's own number format too."""
    put_text(cell, text)
    cell.number_format = _TEXT


_DECIMALS = re.compile(r"^-?\d+(?:\.(\d+))?$")


def _value(cell: Any, field: MainField, text: str) -> None:
    if text == "":
        if field.type == "string":
            cell.number_format = _TEXT
        return
    if field.type == "integer" and re.fullmatch(r"-?\d+", text):
        cell.value = int(text)
        return
    match = _DECIMALS.match(text) if field.type == "number" else None
    if match:
        # The number as printed: 45.0 keeps its one decimal.
        cell.value = float(Decimal(text))
        decimals = len(match.group(1) or "")
        cell.number_format = "0." + "0" * decimals if decimals else "0"
        return
    _text(cell, text)


_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")


def _fixed_zip_times(data: bytes) -> bytes:
    """openpyxl stamps each zip entry, and the document's modified date, with the time of
    saving; rewrite both with a fixed time."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=_FIXED.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                stamp = _FIXED.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
                content = _MODIFIED.sub(rb"\g<1>" + stamp + rb"\g<2>", content)
            target.writestr(fixed, content)
    return out.getvalue()
