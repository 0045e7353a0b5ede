"""How wide a text is in a spreadsheet cell, and how many lines it wraps to: the measure
every workbook writer uses to size columns and rows so that wrapped texts show whole."""

from __future__ import annotations

import math
import unicodedata

LINE_HEIGHT = 16.5  # points per wrapped line of 11 pt Japanese text (LibreOffice, Excel: 15-18)
PADDING = 4.0


def display_width(text: str) -> int:
    """Width in half-width units: full-width and wide characters count two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def wrapped_lines(text: str, width: float) -> int:
    """How many lines a wrapping cell of `width` units needs for `text`."""
    usable = max(1.0, width - 1.0)
    return sum(max(1, math.ceil(display_width(p) / usable)) for p in text.split("\n"))
