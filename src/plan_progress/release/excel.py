"""A main table's CSV as Excel opens it without mojibake: UTF-8 with BOM, CRLF.

Excel runs a cell that starts with =, +, -, @ (or a tab or carriage return) as a formula
when it opens a CSV; a text cell that starts so is written as `core.spreadsheet_safety`
says (OWASP's leading apostrophe). Numbers (a negative value) are left as they are.
"""

from __future__ import annotations

import csv
import io

from plan_progress.core.spreadsheet_safety import excel_csv_text
from plan_progress.model.main_tables import MainTable


def excel_csv(table: MainTable) -> bytes:
    buffer = io.StringIO(newline="")
    # Line breaks inside a cell stay LF (Excel's own in-cell break); records end in CRLF.
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(table.header)
    text_columns = [f.type == "string" for f in table.fields]
    for row in table.rows:
        writer.writerow(
            [excel_csv_text(v) if text else v for v, text in zip(row, text_columns, strict=True)]
        )
    return buffer.getvalue().encode("utf-8-sig")
