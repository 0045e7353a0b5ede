"""Read the source tables as typed rows (frictionless casts them by their Table Schemas)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from plan_progress.package import SOURCE_TABLES, PlanPackage


@dataclass(frozen=True)
class Row:
    """A typed row and where it came from (`number` counts the header as 1)."""

    number: int
    cells: dict[str, Any]

    def __getitem__(self, column: str) -> Any:
        # Optional columns may be left out of a file (fieldsMatch: superset): read as empty.
        return self.cells.get(column)


Tables = dict[str, list[Row]]


def read_tables(package: PlanPackage) -> Tables:
    """Every source table, in file order. Call only after the tables validated.

    The pipeline reads the rows during validation instead (`check_and_read_tables`); this
    second pass is the reference the tests compare it with."""
    # Imported here: checks.tables imports Row from this module.
    from plan_progress.checks.tables import source_package

    frictionless_package = source_package(package)
    tables: Tables = {}
    for name in SOURCE_TABLES:
        with frictionless_package.get_resource(name) as resource:
            tables[name] = [Row(row.row_number, row.to_dict()) for row in resource.row_stream]
    return tables
