"""Rules of the model that a Table Schema cannot state."""

from __future__ import annotations

from collections import Counter
from urllib.parse import urlsplit

from plan_progress.package import DESCRIPTOR, PlanPackage
from plan_progress.problems import Problem
from plan_progress.tables import Tables


def check_model(tables: Tables, paths: dict[str, str], *, multi_plan: bool = False) -> list[Problem]:
    """One package holds one plan and one report on it; a multi-plan package (declared in its
    descriptor, e.g. the merged corpus) holds one report on each of its plans."""
    problems = _per_plan_cardinality(tables, paths) if multi_plan else _cardinality(tables, paths)
    for row in tables["reports"]:
        if row["confirmation_date"] is not None and row["confirmed_by"] is None:
            problems.append(
                Problem(
                    "table.required",
                    paths["reports"],
                    row.number,
                    "confirmed_by",
                    {"detail": "confirmation_date without confirmed_by"},
                )
            )
    return problems


def _per_plan_cardinality(tables: Tables, paths: dict[str, str]) -> list[Problem]:
    reports = Counter(row["plan_id"] for row in tables["reports"])
    problems = []
    if not tables["plans"]:
        problems.append(
            Problem("model.cardinality", paths["plans"], None, None,
                    {"table": "plans", "expected": "1+", "actual": 0})
        )  # fmt: skip
    for row in tables["plans"]:
        if reports[row["plan_id"]] != 1:
            problems.append(
                Problem(
                    "model.cardinality",
                    paths["plans"],
                    row.number,
                    "plan_id",
                    {"table": "reports", "expected": 1, "actual": reports[row["plan_id"]]},
                )
            )
    return problems


def _cardinality(tables: Tables, paths: dict[str, str]) -> list[Problem]:
    problems = []
    for table in ("reports", "plans"):
        count = len(tables[table])
        if count != 1:
            problems.append(
                Problem(
                    "model.cardinality",
                    paths[table],
                    None,
                    None,
                    {"table": table, "expected": 1, "actual": count},
                )
            )
    return problems


def check_base_iri(package: PlanPackage) -> list[Problem]:
    base = package.base_iri
    parts = urlsplit(base)
    if (
        parts.scheme in ("http", "https")
        and parts.netloc
        and base.endswith("/")
        and not parts.query
    ):
        return []
    return [
        Problem(
            "model.base-iri",
            DESCRIPTOR,
            None,
            "planProgress.baseIri",
            {"value": base, "detail": "absolute http(s) IRI ending in /"},
        )
    ]
