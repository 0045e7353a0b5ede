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
        # Optional columns may be left out of a file (fieldsMatch: superset): read as empty.
        return self.cells.get(column)


Tables = dict[str, list[Row]]
