"""Spreadsheet safety: a text from the data is never a formula, in every file Excel opens.

The data's texts come from whoever wrote the package. A text such as
`=HYPERLINK("http://…","詳細")` must reach a spreadsheet user as the text it is, never as a
formula Excel evaluates (CSV or formula injection). Every writer of a workbook or of an
Excel CSV goes through this module:

- Workbooks (openpyxl): `put_text` stores a text as a text cell (type "s"), whatever it
  starts with; openpyxl would otherwise store a leading "=" as a formula. A text that starts
  like a formula also gets Excel's quote prefix (the `'` Excel shows nothing of), so that
  editing the cell in Excel keeps it text. Shown as written; no cell of ours is a formula.
- Excel CSV copies: a CSV cannot say "text", so a text that starts with `=`, `+`, `-`, `@`,
  a tab or a carriage return is written with a leading apostrophe `'`, as OWASP's CSV
  injection advice says. Excel then shows it as text (with the apostrophe visible). Only
  the Excel copy is changed: the canonical CSV keeps every text exactly as the source
  prints it, and the .xlsx shows it exactly, without the apostrophe.
- Drop-down lists (data validation) are formulas too: values are quoted, and a list whose
  values cannot be quoted safely gets no drop-down.
"""

from __future__ import annotations

from typing import Any

# What makes Excel (or LibreOffice) read a cell as a formula or a command (OWASP).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def starts_like_formula(text: str) -> bool:
    return text.startswith(FORMULA_START)


def put_text(cell: Any, text: str) -> Any:
    """Store `text` in an openpyxl cell as text, never as a formula; returns the cell."""
    cell.value = text
    cell.data_type = "s"  # openpyxl types a leading "=" as a formula ("f")
    if starts_like_formula(text):
        cell.quotePrefix = True  # Excel keeps it text when the cell is edited
    return cell


def put_value(cell: Any, value: Any) -> Any:
    """Store a typed value (number, date, boolean, None) or a text safely."""
    if isinstance(value, str):
        return put_text(cell, value)
    cell.value = value
    return cell


def write_row(sheet: Any, row: int, values: list[Any]) -> None:
    """Row `row` of an openpyxl sheet, each text stored as text (`sheet.append` would store
    "=…" as a formula)."""
    for column, value in enumerate(values, start=1):
        put_value(sheet.cell(row, column), value)


def excel_csv_text(text: str) -> str:
    """A text as the Excel CSV copy writes it (OWASP: a leading apostrophe before a text
    that starts like a formula)."""
    return "'" + text if starts_like_formula(text) else text


def list_formula(values: list[str]) -> str | None:
    """A data validation list formula ("a,b,c") for these values, or None when a value
    holds a comma or a quote (it would split the list, or end the string and let the rest
    be read as a formula)."""
    if any("," in v or '"' in v or not v.isprintable() for v in values):
        return None
    formula = '"' + ",".join(values) + '"'
    return formula if len(formula) <= 257 else None  # Excel's limit for an inline list
