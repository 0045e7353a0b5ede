"""One table as the import converts it, and the unit of the percentages in it.

A cell shown as a percentage (Excel stores 0.45 for 45%) is imported as 45 in percent
units; the row's unit must then say %, and is set to % when it is empty. A table without a
unit column (indicator-values) takes the unit of the row it refers to (its indicator).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field

from plan_progress.core.csv_text import csv_bytes
from plan_progress.core.limits import MAX_TABLE_BYTES
from plan_progress.core.package import PlanPackage
from plan_progress.core.problems import Problem
from plan_progress.spreadsheet.cells import PERCENT_SIGNS
from plan_progress.spreadsheet.layout import Table
from plan_progress.spreadsheet.locations import SourceTable

# The column that says a value's unit (indicators).
UNIT_COLUMN = "unit"


@dataclass
class ConvertedTable:
    """One table's canonical rows and the way back to where they were typed."""

    names: list[str]
    rows: list[list[str]]
    source: SourceTable
    # Percentages whose unit is in another table (indicator-values -> indicators):
    # (data row index, column, cell name, typed row), checked once every table is read.
    pending_percents: list[tuple[int, str, str, int]] = field(default_factory=list)

    def csv(self) -> bytes:
        return csv_bytes(self.names, self.rows)


def percent_unit(
    converted: ConvertedTable,
    cells: list[str],
    index: dict[str, int],
    percents: list[tuple[str, str]],
    number: int,
) -> list[Problem]:
    """A percentage's unit is %: filled in when the row's unit is empty, an error when it
    says something else. Without a unit column the unit is checked in the table referred
    to, once every table is read (`check_pending_percents`)."""
    unit_at = index.get(UNIT_COLUMN)
    if unit_at is None:
        for name, cell in percents:
            converted.pending_percents.append((len(converted.rows), name, cell, number))
        return []
    unit = cells[unit_at].strip()
    if unit == "":
        cells[unit_at] = "%"
        return []
    if unit in PERCENT_SIGNS:
        return []
    return [
        Problem(
            "import.percent",
            converted.source.where,
            number,
            name,
            {"cell": cell, "value": cells[index[name]], "unit": unit, "unit_column": UNIT_COLUMN},
        )
        for name, cell in percents
    ]


def check_pending_percents(
    converted: dict[str, ConvertedTable], tables: dict[str, Table], package: PlanPackage
) -> list[Problem]:
    """Percentages in a table without a unit column (indicator-values): the row they refer
    to (its indicator) must have the unit %. Its table is the one being imported, or else
    the package's current file."""
    problems = []
    for name, done in converted.items():
        if not done.pending_percents:
            continue
        link = _unit_link(tables[name], tables)
        units = _units_of(link, converted, tables, package) if link else {}
        for row_index, column, cell, typed_row in done.pending_percents:
            key = done.rows[row_index][done.names.index(link[0])] if link else ""
            unit = units.get(key)
            if unit is not None and unit.strip() in PERCENT_SIGNS:
                continue
            where = f"{link[1]}.{UNIT_COLUMN} ({link[2]} {key})" if link else UNIT_COLUMN
            problems.append(
                Problem(
                    "import.percent",
                    done.source.where,
                    typed_row,
                    column,
                    {
                        "cell": cell,
                        "value": done.rows[row_index][done.names.index(column)],
                        "unit": unit or "",
                        "unit_column": where,
                    },
                )
            )
    return problems


def _unit_link(table: Table, tables: dict[str, Table]) -> tuple[str, str, str] | None:
    """(local column, table, its key column) of a one-column foreign key to a table that
    has a unit column."""
    for fk in table.foreign_keys:
        local, remote = fk.get("fields"), fk.get("reference", {}).get("fields")
        local = local if isinstance(local, list) else [local]
        remote = remote if isinstance(remote, list) else [remote]
        target = tables.get(fk.get("reference", {}).get("resource") or table.name)
        if len(local) == 1 and len(remote) == 1 and target and target.column(UNIT_COLUMN):
            return str(local[0]), target.name, str(remote[0])
    return None


def _units_of(
    link: tuple[str, str, str],
    converted: dict[str, ConvertedTable],
    tables: dict[str, Table],
    package: PlanPackage,
) -> dict[str, str]:
    _, target, key = link
    if target in converted:
        done = converted[target]
        header, rows = done.names, done.rows
    else:
        path = package.path(target)
        if not path.is_file() or path.stat().st_size > MAX_TABLE_BYTES:
            return {}
        with path.open(encoding="utf-8", errors="replace", newline="") as f:
            header, *rows = list(csv.reader(f)) or [[]]
    if key not in header or UNIT_COLUMN not in header:
        return {}
    k, u = header.index(key), header.index(UNIT_COLUMN)
    return {row[k]: row[u] for row in rows if len(row) > max(k, u)}
