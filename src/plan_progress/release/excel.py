"""A main table's CSV as Excel opens it without mojibake: UTF-8 with BOM, CRLF.

Excel runs a cell that starts with =, +, -, @ (or a tab or carriage return) as a formula
when it opens a CSV; a text cell that starts so is written with a leading apostrophe, which
Excel shows as plain text. Numbers (a negative value) are left as they are.
"""

from __future__ import annotations

import csv
import io

from plan_progress.model.main_tables import MainTable

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralised(text: str) -> str:
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def excel_csv(table: MainTable) -> bytes:
    buffer = io.StringIO(newline="")
    # Line breaks inside a cell stay LF (Excel's own in-cell break); records end in CRLF.
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(table.header)
    text_columns = [f.type == "string" for f in table.fields]
    for row in table.rows:
        writer.writerow(
            [neutralised(v) if text else v for v, text in zip(row, text_columns, strict=True)]
        )
    return buffer.getvalue().encode("utf-8-sig")
