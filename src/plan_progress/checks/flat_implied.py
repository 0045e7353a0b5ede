"""Which of the flat table's constraints its source tables' checks have already proved.

The flat table is made from source rows that passed their own Table Schemas: a column copied
from a source column whose type, format and constraints are at least as strict holds every
value that column's schema allows, and the joined path columns are non-empty texts or empty
by construction. What is left — a `required` column copied from one that may be empty (a
plan's title) — is checked on the rows themselves. When everything is proved, frictionless
reading the generated CSV again (4.5 s of CPU at ~50,000 entries) would find nothing; when
anything is not (a schema this module does not know how to compare, a missing value), the
full check runs and words the problems as before. tests/test_flat_implied.py shows equal
verdicts, and that a stricter flat schema or a looser source one makes the full check run.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from plan_progress.core.package import FLAT_TABLE, PlanPackage
from plan_progress.model.flat_table import COLUMN_SOURCES, JOINED_COLUMNS, OPTIONAL_JOINS

# Schema keys a flat table may carry for this proof; anything else (foreign keys, unique
# keys, another missing-value list) leaves the decision to frictionless.
_KNOWN_SCHEMA_KEYS = {"$schema", "fields", "fieldsMatch", "primaryKey", "missingValues"}
_KNOWN_FIELD_KEYS = {"name", "title", "description", "type", "constraints", "format"}


def residual_required(package: PlanPackage) -> tuple[str, ...] | None:
    """The columns whose `required` must still be checked on the rows, or None when the
    flat table's schema is not implied by its sources' (then frictionless must read it)."""
    try:
        return _residual(package)
    except (KeyError, TypeError, StopIteration):
        return None


def _residual(package: PlanPackage) -> tuple[str, ...] | None:
    flat = package.resource(FLAT_TABLE)["schema"]
    if not set(flat) <= _KNOWN_SCHEMA_KEYS or flat.get("fieldsMatch", "exact") != "superset":
        return None
    missing = flat.get("missingValues", [""])
    if missing != [""]:
        return None
    entries = package.resource("progress-entries")["schema"]
    if flat.get("primaryKey") not in (None, ["entry_id"], "entry_id"):
        return None
    if flat.get("primaryKey") and entries.get("primaryKey") not in (["entry_id"], "entry_id"):
        return None
    residual = []
    for field in flat["fields"]:
        if not set(field) <= _KNOWN_FIELD_KEYS:
            return None
        name = field["name"]
        constraints = dict(field.get("constraints", {}))
        if name in JOINED_COLUMNS:
            if field["type"] != "string" or "format" in field:
                return None
            if constraints.pop("minLength", 1) > 1 or constraints:
                return None
            continue
        if name not in COLUMN_SOURCES:
            return None
        table, column = COLUMN_SOURCES[name]
        schema = package.resource(table)["schema"]
        if schema.get("missingValues", [""]) != missing:
            return None
        source = next(f for f in schema["fields"] if f["name"] == column)
        if source["type"] != field["type"] or source.get("format") != field.get("format"):
            return None
        proved = source.get("constraints", {})
        if constraints.pop("required", False) and not (
            proved.get("required") and table not in OPTIONAL_JOINS
        ):
            residual.append(name)
        if not all(_implies(proved, key, value) for key, value in constraints.items()):
            return None
    return tuple(residual)


def _implies(proved: dict[str, Any], key: str, value: Any) -> bool:
    """Whether a source column's constraints make the flat column's `key: value` hold."""
    if key in ("pattern", "enum"):
        return proved.get(key) == value
    if key in ("minLength", "minimum"):
        return key in proved and proved[key] >= value
    if key in ("maxLength", "maximum"):
        return key in proved and proved[key] <= value
    return False


def rows_complete(rows: Iterable[dict[str, Any]], columns: tuple[str, ...]) -> bool:
    """Every row has a value in each of `columns` (the residual `required` ones)."""
    return all(row[c] is not None for row in rows for c in columns)
