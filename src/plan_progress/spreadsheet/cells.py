"""Cell values <-> canonical CSV text, by the column's Table Schema type.

Canonical text is what the package's CSV holds: integers without a decimal point, numbers
in their shortest exact form, booleans `true`/`false`, dates `YYYY-MM-DD`, text in NFC with
LF line breaks. Codes stay text, so their leading zeros survive.

Reading what people type is strict where a wrong reading would pass unnoticed: a value
that is not certainly a number, a date, a fiscal year or a code of the column's codelist
is an error that names the cell, never a guess. What is certain is read: `1,258` (Excel's
thousands separators), `45%` and percent-formatted cells (as 45, unit %), 和暦 dates and
fiscal years (`R7.3.31`, 令和3年度), and a codelist's Japanese titles (委員会評価 -> committee).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from plan_progress.spreadsheet.layout import Column, enum_labels
from plan_progress.spreadsheet.sources import PercentCell
from plan_progress.spreadsheet.wareki import WarekiError, parse_date, parse_fiscal_year

_INTEGER = re.compile(r"[+-]?[0-9]+")
_DECIMAL = re.compile(r"[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?")
# Excel's display (and CSV export) of a number formatted with thousands separators.
_THOUSANDS = re.compile(r"[+-]?[0-9]{1,3}(,[0-9]{3})+(\.[0-9]+)?")
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
# Excel writes a long digit string it took for a number as 1.23457E+12.
_EXPONENT_FORM = re.compile(r"[0-9](\.[0-9]+)?[eE]\+[0-9]+")
PERCENT_SIGNS = ("%", "％")
# U+2212 MINUS SIGN, which NFKC leaves alone, is as certain a minus as "-".
_MINUS = str.maketrans({"\u2212": "-"})


class CellError(ValueError):
    """A cell whose value cannot become canonical text: the rule it breaks, why (ja, en)
    and the message's other parameters."""

    def __init__(self, rule: str, ja: str = "", en: str = "", **params: Any) -> None:
        super().__init__(en or rule)
        self.rule = rule
        self.params = {"detail_ja": ja, "detail": en, **params}


@dataclass(frozen=True)
class CellText:
    """A cell's canonical text; `percent` when it was a percentage (now in percent units,
    45 for 45%), `era_text` when it was a 和暦 date or year (the text as typed)."""

    text: str
    percent: bool = False
    era_text: str | None = None


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


def is_year_column(column: Column) -> bool:
    """An integer column that holds a (fiscal) year: 和暦 is read in it."""
    return column.type == "integer" and "year" in column.name


def read_cell(value: Any, column: Column) -> CellText:
    """Canonical CSV text of a cell value (from openpyxl, or a str from a CSV file).
    Raises CellError."""
    if value is None:
        return CellText("")
    if isinstance(value, PercentCell):
        return _percent_cell(value, column)
    if isinstance(value, str):
        text = unicodedata.normalize("NFC", value.replace("\r\n", "\n").replace("\r", "\n"))
        return _typed_text(text, column)
    cell = _value_text(value, column)
    return CellText(code_of(cell.text, column)) if column.enum else cell


def _value_text(value: Any, column: Column) -> CellText:
    """A typed (not text) cell value: boolean, number, date or time."""
    if isinstance(value, bool):
        return CellText("true" if value else "false")
    if isinstance(value, int | float):
        if column.type == "date":
            # A date typed where the cell's format was not a date: Excel keeps a serial
            # number, and which calendar it counts from is not certain here.
            raise CellError(
                "import.date",
                "日付ではなく数値です（セルの書式を日付にして入力し直してください）",
                "a number, not a date (format the cell as a date and enter it again)",
                value=value,
            )
        return CellText(_number_value(value, column))
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0):
            return CellText(value.date().isoformat())
        if column.type == "date":
            raise CellError(
                "import.date", "時刻のある日時です", "a date and time, not a date", value=value
            )
        return CellText(value.isoformat())
    if isinstance(value, dt.date | dt.time):
        return CellText(value.isoformat())
    raise CellError("import.cell", f"読めない値 {type(value).__name__}", "unsupported value")


def _number_value(value: int | float, column: Column) -> str:
    if isinstance(value, float) and not value.is_integer() and column.type == "integer":
        raise CellError("import.number", "整数ではありません", "not an integer", value=value)
    return str(value) if isinstance(value, int) else number_text(value)


def _percent_cell(cell: PercentCell, column: Column) -> CellText:
    """A number shown with a percent format: Excel stores 0.45 and shows 45%."""
    if column.type != "number":
        if column.type == "string" and not column.enum:
            return CellText(str(cell))  # as the person saw it
        raise CellError(
            "import.number",
            "パーセント表示の数値はこの列に入りません",
            "a percentage does not belong in this column",
            value=str(cell),
        )
    scaled = Decimal(repr(float(cell.value))) * 100
    return CellText(_decimal_text(scaled), percent=True)


def _decimal_text(value: Decimal) -> str:
    """Plain decimal text without exponent or trailing zeros (45, 45.67, -0.5)."""
    text = format(value.normalize(), "f")
    return "0" if text in ("-0", "0") else text


def _typed_text(text: str, column: Column) -> CellText:
    if column.enum:
        return CellText(code_of(text, column))
    if column.type in ("integer", "number"):
        return _number_text(text, column)
    if column.type == "date":
        return _date_text(text)
    return CellText(text)


def code_of(text: str, column: Column) -> str:
    """The code for a codelist cell: the code itself, the codelist's Japanese title, or the
    beginning of exactly one title, two characters or more (委員会 for 委員会評価)."""
    typed = text.strip()
    if typed == "" or typed in column.enum:
        return typed
    labels = enum_labels(column)
    by_title = {title: code for code, title in labels.items() if title}
    if typed in by_title:
        return by_title[typed]
    starting = {code for title, code in by_title.items() if title.startswith(typed)}
    if len(typed) >= 2 and len(starting) == 1:
        return starting.pop()
    shown_ja = "、".join(f"{c}（{t}）" if t else c for c, t in labels.items())
    shown_en = ", ".join(f"{c} ({t})" if t else c for c, t in labels.items())
    raise CellError("import.code", value=typed, allowed_ja=shown_ja, allowed_en=shown_en)


def _number_text(text: str, column: Column) -> CellText:
    typed = text.strip()
    if typed == "":
        return CellText("")
    if is_year_column(column):
        try:
            year, era = parse_fiscal_year(typed)
        except WarekiError as err:
            raise CellError("import.fiscal-year", err.ja, err.en, value=typed) from None
        return CellText(str(year), era_text=typed if era else None)
    plain = unicodedata.normalize("NFKC", typed).translate(_MINUS).strip()
    percent = column.type == "number" and plain.endswith(PERCENT_SIGNS)
    if percent:
        plain = plain[:-1].rstrip()
    if _THOUSANDS.fullmatch(plain):
        plain = plain.replace(",", "")
    elif not (_INTEGER if column.type == "integer" else _DECIMAL).fullmatch(plain):
        ja = "整数" if column.type == "integer" else "数値"
        raise CellError(
            "import.number",
            f"{ja}ではありません（桁区切りは 1,258 の形だけ読みます）",
            f"not {'an integer' if column.type == 'integer' else 'a number'}"
            " (thousands separators only as in 1,258)",
            value=typed,
        )
    if percent:  # the patterns above admit only what Decimal reads
        return CellText(_decimal_text(Decimal(plain)), percent=True)
    # A number typed as text keeps its printed form (45.0 stays 45.0) unless it had to be
    # cleaned: full-width digits, separators or a minus sign of another kind.
    return CellText(plain if plain != typed else typed)


def _date_text(text: str) -> CellText:
    typed = text.strip()
    if typed == "":
        return CellText("")
    try:
        date, era = parse_date(typed)
    except WarekiError as err:
        raise CellError("import.date", err.ja, err.en, value=typed) from None
    return CellText(date.isoformat(), era_text=typed if era else None)


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
