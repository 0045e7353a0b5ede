"""The people's tables of a valid package, as a portal shows them: the flat table of progress
entries with Japanese headings, and the grades and indicators when the report has them."""

from __future__ import annotations

import csv
import io
from typing import Any

from plan_progress.core.package import FLAT_TABLE, PlanPackage
from plan_progress.review.result import Table

# The optional tables a reader of the report wants to see beside the entries.
_OPTIONAL = ("grades", "indicators", "indicator-values")


def _pair(title: str) -> list[str]:
    ja, _, en = title.partition(" / ")
    return [ja.strip(), (en or ja).strip()]


def _table(key: str, resource: dict[str, Any], data: bytes) -> Table | None:
    rows = list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))
    if len(rows) < 2:
        return None
    fields = {f["name"]: f for f in resource.get("schema", {}).get("fields", [])}
    headings = [_pair(str(fields.get(name, {}).get("title", name))) for name in rows[0]]
    title = _pair(str(resource.get("title", key)))
    return Table(key, title, headings, rows[1:])


def preview_tables(package: PlanPackage, flat_csv: bytes) -> list[Table]:
    tables = [_table("entries", package.resource(FLAT_TABLE), flat_csv)]
    for name in _OPTIONAL:
        tables.append(_table(name, package.resource(name), package.path(name).read_bytes()))
    return [t for t in tables if t is not None]
