"""A package's Table Schemas are the standard's, extended only as its profiles declare."""

from __future__ import annotations

from typing import Any

from plan_progress.core.package import DESCRIPTOR, FLAT_TABLE, SOURCE_TABLES, PlanPackage
from plan_progress.core.problems import Problem
from plan_progress.core.standard import resource_catalogue
from plan_progress.model.profiles import Profile, expected_table_schema

# How a source table's file is read: the standard fixes these, so that every reader (our
# first pass with the csv module, frictionless, a user's spreadsheet) reads the same cells.
READING_KEYS = ("scheme", "format", "encoding", "compression", "innerpath", "dialect")


def check_conformance(package: PlanPackage, profiles: list[Profile]) -> list[Problem]:
    problems = []
    standard = {r["name"]: r for r in resource_catalogue()}
    for name in SOURCE_TABLES:
        resource = package.resource(name)
        for key in READING_KEYS:
            expected, actual = standard[name].get(key), resource.get(key)
            if actual != expected:
                problems.append(
                    Problem(
                        "package.table-schema",
                        DESCRIPTOR,
                        None,
                        f"resources/{name}/{key}",
                        {"resource": name, "detail": _first_difference(expected, actual)},
                    )
                )
    for name in (*SOURCE_TABLES, FLAT_TABLE):
        resource = package.resource(name)
        expected = expected_table_schema(name, profiles)
        actual = resource.get("schema")
        if actual != expected:
            problems.append(
                Problem(
                    "package.table-schema",
                    DESCRIPTOR,
                    None,
                    f"resources/{name}/schema",
                    {"resource": name, "detail": _first_difference(expected, actual)},
                )
            )
    return problems


def _first_difference(expected: Any, actual: Any, where: str = "") -> str:
    if isinstance(expected, dict) and isinstance(actual, dict):
        for key in sorted(set(expected) | set(actual)):
            if expected.get(key) != actual.get(key):
                return _first_difference(expected.get(key), actual.get(key), f"{where}/{key}")
    if isinstance(expected, list) and isinstance(actual, list):
        for i, (e, a) in enumerate(zip(expected, actual, strict=False)):
            if e != a:
                return _first_difference(e, a, f"{where}/{i}")
        if len(expected) != len(actual):
            return f"{where}: {len(actual)} items, expected {len(expected)}"
    return f"{where or '/'}: {actual!r} (expected {expected!r})"
