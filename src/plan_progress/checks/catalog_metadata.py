"""The optional catalogue metadata (`planProgress.catalog` in datapackage.json): contact,
maintainer, update frequency, dates, languages and themes, checked against the standard's
`schema/catalog-metadata.schema.json` and its codelists."""

from __future__ import annotations

import datetime
from typing import Any

from plan_progress.checks import fast_schema
from plan_progress.core import standard
from plan_progress.core.package import DESCRIPTOR, PlanPackage
from plan_progress.core.problems import Problem

WHERE = "planProgress.catalog"


def catalog_metadata(package: PlanPackage) -> dict[str, Any]:
    value = package.descriptor.get("planProgress", {}).get("catalog", {})
    return value if isinstance(value, dict) else {}


def check_catalog_metadata(package: PlanPackage) -> list[Problem]:
    extra = package.descriptor.get("planProgress", {})
    if not isinstance(extra, dict) or "catalog" not in extra:
        return []
    value = extra["catalog"]
    problems = (
        []
        if fast_schema.surely_valid(fast_schema.catalog_validator(), value)
        else _schema_problems(value)
    )
    if problems:
        return problems
    return _dates(value)


def _schema_problems(value: Any) -> list[Problem]:
    """jsonschema's wording of what the fast verdict found (fast_schema.py)."""
    from jsonschema import Draft202012Validator

    validator = Draft202012Validator(standard.catalog_metadata_schema())
    return [
        Problem(
            "descriptor.catalog",
            DESCRIPTOR,
            None,
            _path(error.absolute_path),
            {"detail": error.message},
        )
        for error in sorted(validator.iter_errors(value), key=lambda e: list(e.absolute_path))
    ]


def _dates(value: dict[str, Any]) -> list[Problem]:
    problems = []
    dates = {}
    for key in ("issued", "modified"):
        if key in value:
            try:
                dates[key] = datetime.date.fromisoformat(value[key])
            except ValueError as err:
                problems.append(_date_problem(key, value[key], str(err)))
    if len(dates) == 2 and dates["modified"] < dates["issued"]:
        problems.append(_date_problem("modified", value["modified"], "before issued"))
    return problems


def _date_problem(key: str, value: str, detail: str) -> Problem:
    return Problem(
        "descriptor.catalog-date",
        DESCRIPTOR,
        None,
        f"{WHERE}.{key}",
        {"value": value, "detail": detail},
    )


def _path(parts: Any) -> str:
    return WHERE + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in parts)
