"""A table as read from a sheet or a CSV file (a grid of raw cell values), and the kinds of
cell value a sheet gives besides texts, numbers and dates."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from plan_progress.core.limits import mib
from plan_progress.core.paths import not_a_regular_file
from plan_progress.core.problems import InvalidPackage, Problem


@dataclass(frozen=True)
class BadCell:
    """A cell that holds no value to import (an error value such as #REF!)."""

    shown: str


@dataclass(frozen=True)
class PercentCell:
    """A number shown with a percent format: Excel stores 0.45 for what it shows as 45%."""

    value: float

    def __str__(self) -> str:
        # As Excel shows it (without the format's fixed decimals).
        return f"{float(self.value) * 100:.10g}%"


def percent_format(number_format: str) -> bool:
    """Whether an Excel number format scales by 100 and shows %: a % outside quoted text
    and not escaped with a backslash (0"%" shows a literal % without scaling)."""
    unquoted = re.sub(r'"[^"]*"|\\.', "", number_format or "")
    return "%" in unquoted


@dataclass
class Grid:
    """One table's raw rows; `where` names the file or sheet in problems."""

    table: str
    where: str
    rows: list[list[Any]]
    notes: list[str] = field(default_factory=list)
    # Sheets use A1 cell names in messages; CSV files have none.
    sheet: bool = False
    # (row number, 0-based position) of each cell whose value is a formula's saved result:
    # imported as typed, but never without a word (`import.formula-value`).
    formulas: frozenset[tuple[int, int]] = frozenset()


def refuse(rule: str, where: Path, **params: Any) -> InvalidPackage:
    return InvalidPackage([Problem(rule, str(where), params=params)])


def check_file(path: Path, limit: int) -> None:
    """A regular file, not larger than `limit`; raises InvalidPackage."""
    if not_a_regular_file(path):
        raise refuse("path.not-a-file", path, path=path.name)
    try:
        size = path.stat().st_size
    except OSError as err:
        raise refuse("import.source", path, detail=err.strerror or type(err).__name__) from None
    if size > limit:
        raise refuse("limit.file-size", path, size=mib(size), limit=mib(limit))
