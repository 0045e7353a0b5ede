"""Cell values <-> canonical CSV text, by the column's Table Schema type.

Canonical text is what the package's CSV holds: integers without a decimal point, numbers
in their shortest exact form, booleans `true`/`false`, dates `YYYY-MM-DD`, text in NFC with
LF line breaks. Codes stay text, so their leading zeros survive.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Any

from plan_progress.spreadsheet.layout import Column

_INTEGER = re.compile(r"[+-]?[0-9]+")
_DECIMAL = re.compile(r"[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?")
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
# Excel shows and re-saves ISO dates as 2024/3/31.
_SLASH_DATE = re.compile(r"(?P<y>[0-9]{4})/(?P<m>[0-9]{1,2})/(?P<d>[0-9]{1,2})")
# Excel writes a long digit string it took for a number as 1.23457E+12.
_EXPONENT_FORM = re.compile(r"[0-9](\.[0-9]+)?[eE]\+[0-9]+")


class CellError(ValueError):
    """A cell whose value cannot become canonical text; `detail` says why."""


def to_cell(text: str, column: Column) -> Any:
    """The value to put in a template cell for a CSV value, typed where Excel should see a
    number, boolean or date; anything that does not parse stays text so that the import
    gives it back unchanged and `validate` reports it."""
    if text == "":
        return None
    if column.type == "integer" and _INTEGER.fullmatch(text) and str(int(text)) == text:
        return int(text)
    if column.type == "number" and _DECIMAL.fullmatch(text):
        value = float(text)
        if number_text(value) == text:
            return int(value) if value.is_integer() and "." not in text else value
    if column.type == "boolean" and text in ("true", "false"):
        return text == "true"
    if column.type == "date" and _ISO_DATE.fullmatch(text):
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            return text
    return text


def number_text(value: float) -> str:
    """Shortest text that reads back as the same double; integral values without '.0'."""
    if value.is_integer() and abs(value) < 2**53:
        return str(int(value))
    return repr(value)


def to_text(value: Any, column: Column) -> str:
    """Canonical CSV text of a cell value (from openpyxl, or a str from a CSV file)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return number_text(value)
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0):
            return value.date().isoformat()
        return value.isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if not isinstance(value, str):
        raise CellError(f"unsupported value {value!r}")
    text = unicodedata.normalize("NFC", value.replace("\r\n", "\n").replace("\r", "\n"))
    if column.type == "date":
        match = _SLASH_DATE.fullmatch(text)
        if match:
            return f"{match['y']}-{int(match['m']):02d}-{int(match['d']):02d}"
    return text


def mangled_code(text: str, column: Column) -> str | None:
    """For a fixed-length digit code that a spreadsheet turned into a number, the likely
    original (zero-padded) or '' when it cannot be recovered; None when the text is fine."""
    length = column.digit_code_length
    if length is None or text == "":
        return None
    if text.isascii() and text.isdigit() and len(text) < length:
        return text.zfill(length)
    if _EXPONENT_FORM.fullmatch(text):
        return ""
    return None
