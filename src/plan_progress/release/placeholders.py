"""Placeholder texts of `plan-progress new` still in what a release would publish.

A skeleton's dataset title and description say only what `new` knew; published as they
are, a portal would list a dataset called 「…計画の事業進捗」 that asks to be rewritten.
`release` refuses them unless told to go ahead (`--allow-placeholders`).
"""

from __future__ import annotations

import csv
import json
from typing import Any

from plan_progress.core.package import DESCRIPTOR, SOURCE_TABLES, PlanPackage
from plan_progress.core.problems import Problem
from plan_progress.model.scaffold import is_placeholder

# Descriptor keys whose text a release publishes as the dataset's title and description.
DESCRIPTOR_TEXTS = ("title", "description")


def _is_text_column(name: str) -> bool:
    return name in ("title", "description") or name.endswith(("_title", "_description"))


def _line_of(raw: str, key: str, value: str) -> int | None:
    """The line of datapackage.json where `"key": value` is written (1-based), if found."""
    for encoded in (json.dumps(value, ensure_ascii=False), json.dumps(value)):
        at = raw.find(encoded)
        while at != -1:
            before = raw[:at].rstrip()
            if before.endswith(":") and before[:-1].rstrip().endswith(f'"{key}"'):
                return raw.count("\n", 0, at) + 1
            at = raw.find(encoded, at + 1)
    return None


def _problem(file: str, row: int | None, column: str, value: str) -> Problem:
    return Problem("release.placeholder", file, row, column, {"value": value})


def find_placeholders(package: PlanPackage) -> list[Problem]:
    """Every placeholder in the descriptor's title and description and in the source
    tables' title and description columns, at its file, line or row, and column. Call on
    a package that validated (its files are inside it and within the limits)."""
    problems = []
    descriptor: dict[str, Any] = package.descriptor
    raw = package.descriptor_path.read_text(encoding="utf-8")
    for key in DESCRIPTOR_TEXTS:
        value = descriptor.get(key)
        if isinstance(value, str) and is_placeholder(value):
            problems.append(_problem(DESCRIPTOR, _line_of(raw, key, value), key, value))
    for name in SOURCE_TABLES:
        with package.path(name).open(encoding="utf-8", newline="") as f:
            for number, row in enumerate(csv.DictReader(f), start=2):
                for column, value in row.items():
                    if column and _is_text_column(column) and value and is_placeholder(value):
                        problems.append(_problem(package.relpath(name), number, column, value))
    return problems
