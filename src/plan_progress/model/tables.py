"""Typed rows of the source tables (frictionless casts them by their Table Schemas; see
`checks.tables`, which reads them)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Row:
    """A typed row and where it came from (`number` counts the header as 1)."""

    number: int
    cells: dict[str, Any]

    def __getitem__(self, column: str) -> Any:
        # A column a row lacks (rows made outside the pipeline, e.g. in tests) reads as empty.
        return self.cells.get(column)


Tables = dict[str, list[Row]]
