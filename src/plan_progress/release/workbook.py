"""The flat table as an .xlsx workbook: codes stay text, so 092169 keeps its leading zero.

A CSV cannot tell Excel that a column is text, and Excel drops the zero when it opens one;
a workbook can. The bytes are deterministic: fixed document dates and zip entry times.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
import zipfile
from typing import Any

from plan_progress.core.spreadsheet_safety import write_row
from plan_progress.release.excel import japanese_header

# Any fixed instant will do; this is the earliest a zip entry can carry.
_FIXED = datetime.datetime(1980, 1, 1)
_TEXT = "@"
_WIDE = {"progress", "issue", "plan_title", "report_title", "goal_title", "initiative_title"}


def flat_workbook(flat_csv: bytes, fields: list[dict[str, Any]]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    rows = list(csv.reader(io.StringIO(flat_csv.decode("utf-8"), newline="")))
    names = [f["name"] for f in fields]
    if not rows or rows[0] != names:
        raise ValueError("flat CSV header does not match its Table Schema")
    book = Workbook()
    sheet = book.active
    sheet.title = "進捗一覧"
    # Every text through the spreadsheet-safety rule: a text is never a formula.
    write_row(sheet, 1, [japanese_header(f) for f in fields])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for number, values in enumerate(rows[1:], start=2):
        typed = [_typed(value, field) for value, field in zip(values, fields, strict=True)]
        write_row(sheet, number, typed)
    for column, field in enumerate(fields, start=1):
        letter = sheet.cell(row=1, column=column).column_letter
        wide = field["name"] in _WIDE
        sheet.column_dimensions[letter].width = 60 if wide else 14
        for (cell,) in sheet.iter_rows(min_row=2, min_col=column, max_col=column):
            if field["type"] == "string":
                cell.number_format = _TEXT
            if wide:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    book.properties.created = _FIXED
    book.properties.creator = "plan-progress"
    buffer = io.BytesIO()
    book.save(buffer)
    return _fixed_zip_times(buffer.getvalue())


def _typed(value: str, field: dict[str, Any]) -> Any:
    if value == "":
        return None
    if field["type"] == "integer":
        return int(value)
    if field["type"] == "number":
        return float(value)
    return value


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
