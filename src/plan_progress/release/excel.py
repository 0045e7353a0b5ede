"""The flat CSV as Excel opens it without mojibake: UTF-8 with BOM, CRLF, Japanese headers,
and no text that Excel would run as a formula (`core.spreadsheet_safety`)."""

from __future__ import annotations

import csv
import io
from typing import Any

from plan_progress.core.spreadsheet_safety import excel_csv_text


def japanese_header(field: dict[str, Any]) -> str:
    """Field titles are "日本語 / English"; Excel users get the Japanese part."""
    title = str(field.get("title") or field["name"])
    return title.split(" / ", 1)[0].strip()


def excel_csv(flat_csv: bytes, fields: list[dict[str, Any]]) -> bytes:
    rows = list(csv.reader(io.StringIO(flat_csv.decode("utf-8"), newline="")))
    names = [f["name"] for f in fields]
    if not rows or rows[0] != names:
        raise ValueError("flat CSV header does not match its Table Schema")
    buffer = io.StringIO(newline="")
    # Line breaks inside a cell stay LF (Excel's own in-cell break); records end in CRLF.
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([japanese_header(f) for f in fields])
    # Texts that start like a formula get OWASP's leading apostrophe here (and only here:
    # the canonical CSV keeps the text as printed). Numbers are typed, never formulas.
    texts = [f.get("type", "string") == "string" for f in fields]
    for row in rows[1:]:
        writer.writerow(
            [excel_csv_text(v) if text else v for v, text in zip(row, texts, strict=True)]
        )
    return buffer.getvalue().encode("utf-8-sig")
