"""Frictionless validation of the source tables, reported as plan-progress problems."""

from __future__ import annotations

import ast
import re
from collections.abc import Sequence
from functools import partial
from pathlib import Path
from typing import Any

from frictionless import Check, Checklist, FrictionlessException, Package, Resource, Schema

from plan_progress.checks import frictionless_reuse
from plan_progress.core.package import DESCRIPTOR, FLAT_TABLE, SOURCE_TABLES, PlanPackage
from plan_progress.core.parallel import run_all
from plan_progress.core.problems import Problem
from plan_progress.model.tables import Row, Tables

# Frictionless error types -> stable rule ids. Types not listed here map to the
# nearest family (table.source for I/O, table.header for labels).
_TYPE_RULES = {
    "foreign-key": "table.foreign-key",
    "primary-key": "table.primary-key",
    "unique-error": "table.unique",
    "type-error": "table.type",
    "missing-cell": "table.missing-cell",
    "extra-cell": "table.extra-cell",
    "blank-row": "table.blank-row",
}
_HEADER_TYPES = {
    "blank-label",
    "duplicate-label",
    "incorrect-label",
    "missing-label",
    "extra-label",
    "blank-header",
    "header-error",
    "label-error",
}
# Frictionless words its errors in English; a Japanese line says the same in Japanese.
_HEADER_JA = {
    "blank-label": "列名が空の列があります",
    "duplicate-label": "列名が重複しています",
    "incorrect-label": "列名が表の定義と違います",
    "missing-label": "列がありません",
    "extra-label": "表の定義にない列があります",
    "blank-header": "見出し行が空です",
}
_CONSTRAINT_RULES = {
    "required": "table.required",
    "enum": "table.enum",
    "pattern": "table.pattern",
}
_CONSTRAINT_NOTE = re.compile(r'constraint "(?P<name>\w+)" is "(?P<value>.*)"')


def source_package(package: PlanPackage) -> Package:
    """A frictionless Package of the source tables only (the generated ones are checked later)."""
    descriptor = dict(package.descriptor)
    descriptor["resources"] = [
        r for r in package.descriptor["resources"] if r.get("name") in SOURCE_TABLES
    ]
    return Package(descriptor, basepath=str(package.root))


class _RowCollector(Check):
    """Keeps each row frictionless has just read and typed, so that the data is read once:
    a second pass (`tables.read_tables`) costs as much as the validation itself."""

    type = "plan-progress-row-collector"

    def __init__(self) -> None:
        super().__init__()
        self.rows: dict[str, list[Row]] = {}

    def validate_row(self, row: Any) -> Any:
        self.rows.setdefault(self.resource.name, []).append(Row(row.row_number, row.to_dict()))
        yield from []


def check_tables(package: PlanPackage) -> list[Problem]:
    return check_and_read_tables(package)[0]


def check_and_read_tables(
    package: PlanPackage, groups: Sequence[Sequence[str]] | None = None, parallel: bool = False
) -> tuple[list[Problem], Tables]:
    """Validate the source tables and, in the same pass, keep their typed rows (in file order).
    The rows are complete only when there are no problems.

    With `groups`, each group of resources is validated on its own (in parallel when asked):
    frictionless validates a package resource by resource anyway, so the problems are the same
    as one package-wide validation gives, and are returned in the same (descriptor) order."""
    try:
        if groups is None:
            results = [_validate_group(package, None)]
        else:
            tasks = [partial(_validate_group, package, tuple(group)) for group in groups]
            # The first group (the entries) is read here: its rows need no pickling.
            results = run_all(tasks, parallel, first_here=True)
    except FrictionlessException as err:
        # A descriptor frictionless refuses to load (rather than report on) in a way the
        # shape check did not foresee: still one line, never a traceback.
        detail = str(err.error.message if err.error else err)
        return [
            Problem(
                "package.descriptor",
                DESCRIPTOR,
                params={"detail": detail, "detail_ja": "Data Package として読み込めません"},
            )
        ], {}
    # Each group repeats the package's own (descriptor) errors: keep one copy.
    problems = next((r[0] for r in results if r[0]), [])
    by_resource: dict[str, list[Problem]] = {}
    tables: Tables = {}
    for _, resource_problems, rows in results:
        by_resource.update(resource_problems)
        tables.update(rows)
    for resource in package.descriptor["resources"]:
        problems.extend(by_resource.get(resource.get("name"), []))
    return problems, {name: tables.get(name, []) for name in SOURCE_TABLES}


def _validate_group(
    package: PlanPackage, names: tuple[str, ...] | None
) -> tuple[list[Problem], dict[str, list[Problem]], dict[str, list[Row]]]:
    frictionless_reuse.install()
    collector = _RowCollector()
    frictionless_package = source_package(package)
    checklist = Checklist(checks=[collector])
    if names is None:
        reports = [frictionless_package.validate(checklist=checklist)]
    else:
        reports = [frictionless_package.validate(checklist=checklist, name=n) for n in names]
    package_problems: list[Problem] = []
    by_resource: dict[str, list[Problem]] = {}
    for report in reports:
        if not package_problems:
            package_problems = [_descriptor_problem(e, DESCRIPTOR) for e in report.errors]
        for task in report.tasks:
            resource = package.resource(task.name)
            by_resource.setdefault(task.name, []).extend(
                _problem(error, str(resource["path"]), resource) for error in task.errors
            )
    return package_problems, by_resource, collector.rows


def check_resource(resource: Resource, relpath: str, descriptor: dict[str, Any]) -> list[Problem]:
    """Validate one (generated) table resource against its Table Schema."""
    frictionless_reuse.install()
    report = resource.validate()
    problems = [_descriptor_problem(e, relpath) for e in report.errors]
    for task in report.tasks:
        problems.extend(_problem(error, relpath, descriptor) for error in task.errors)
    return problems


def check_flat_table(package: PlanPackage, data: bytes | Path) -> list[Problem]:
    """The generated flat table (its bytes, or a file of them) against its Table Schema."""
    descriptor = package.resource(FLAT_TABLE)
    schema = Schema.from_descriptor(descriptor["schema"])
    if isinstance(data, Path):
        resource = Resource(path=data.name, basepath=str(data.parent), format="csv", schema=schema)
    else:
        resource = Resource(data, format="csv", schema=schema)
    return check_resource(resource, package.relpath(FLAT_TABLE), descriptor)


def _descriptor_problem(error: Any, where: str) -> Problem:
    detail_ja = f"frictionless による記述子の検査で誤りが見つかりました（種類 {error.type}）"
    return Problem(
        "package.descriptor", where, params={"detail": error.message, "detail_ja": detail_ja}
    )


def _problem(error: Any, relpath: str, resource: dict[str, Any]) -> Problem:
    row = getattr(error, "row_number", None)
    column = getattr(error, "field_name", None)
    params: dict[str, Any] = {"detail": error.message}
    etype = error.type
    if etype in _TYPE_RULES:
        rule = _TYPE_RULES[etype]
    elif etype in _HEADER_TYPES:
        rule, row = "table.header", 1
        column = getattr(error, "label", None) or column
        params["detail_ja"] = _HEADER_JA.get(etype, "見出し行の誤り")
    elif etype == "constraint-error":
        match = _CONSTRAINT_NOTE.search(error.note or "")
        name = match.group("name") if match else "constraint"
        rule = _CONSTRAINT_RULES.get(name, "table.constraint")
        params["constraint"] = f"{name}={match.group('value')}" if match else error.note
        if name == "pattern" and match:
            params["pattern"] = match.group("value")
        if name == "enum" and match:
            params["allowed"] = _codes(match.group("value"))
    elif etype.endswith("-error") and row is None:
        rule = "table.source"
        params["detail_ja"] = f"frictionless が読み込めませんでした（種類 {etype}）"
    else:
        rule = "table.constraint"
        params["constraint"] = etype
    params["value"] = _cell_value(error)
    if etype == "type-error" and column:
        field = next((f for f in resource["schema"]["fields"] if f["name"] == column), {})
        params["type"] = field.get("type", "")
    if etype == "primary-key":
        # The error carries the whole row; name the key's columns and values instead.
        names = _as_list(resource["schema"].get("primaryKey", []))
        labels = [f["name"] for f in resource["schema"]["fields"]]
        cells = getattr(error, "cells", None) or []
        column = ",".join(names)
        params["value"] = ",".join(
            str(cells[labels.index(n)]) for n in names if labels.index(n) < len(cells)
        )
    if etype in ("foreign-key", "unique-error"):
        names = getattr(error, "field_names", None) or []
        column = ",".join(names) if names else column
        if etype == "foreign-key":
            params["target"] = _fk_target(resource, names)
    return Problem(rule, relpath, row, column, params)


def _codes(text: str) -> list[str] | str:
    """The codes of an enum constraint as a list (messages join them as 「self、committee」),
    from frictionless' note, which prints them as a Python list."""
    try:
        codes = ast.literal_eval(text)
    except (ValueError, SyntaxError):
        return text
    return [str(c) for c in codes] if isinstance(codes, list) else text


def _cell_value(error: Any) -> str:
    """The offending value: a cell error's own cell, a key error's key cells.

    Every row error also carries the whole row in `cells`, which is never the value meant."""
    field_cells = getattr(error, "field_cells", None)
    if field_cells:
        return ",".join(str(c) for c in field_cells)
    cell = getattr(error, "cell", None)
    return "" if cell is None else str(cell)


def _fk_target(resource: dict[str, Any], names: list[str]) -> str:
    for fk in resource["schema"].get("foreignKeys", []):
        if _as_list(fk["fields"]) == names:
            ref = fk["reference"]
            return f"{ref.get('resource', '')}.{','.join(_as_list(ref['fields']))}"
    return ""


def _as_list(value: str | list[str]) -> list[str]:
    """Table Schema allows a single field name where a list of them is meant."""
    return value if isinstance(value, list) else [value]


def read_tables(package: PlanPackage) -> Tables:
    """Every source table, in file order. Call only after the tables validated.

    The pipeline reads the rows during validation instead (`check_and_read_tables`); this
    second pass is the reference the tests compare it with."""
    frictionless_package = source_package(package)
    tables: Tables = {}
    for name in SOURCE_TABLES:
        with frictionless_package.get_resource(name) as resource:
            tables[name] = [Row(row.row_number, row.to_dict()) for row in resource.row_stream]
    return tables
