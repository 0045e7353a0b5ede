"""Rules of the model that a Table Schema cannot state."""

from __future__ import annotations

from collections import Counter
from urllib.parse import urlsplit

from plan_progress.core.package import DESCRIPTOR, PlanPackage
from plan_progress.core.problems import Problem
from plan_progress.model.mapping import INDICATOR_POINTS
from plan_progress.model.tables import Tables


def check_model(
    tables: Tables, paths: dict[str, str], *, multi_plan: bool = False
) -> list[Problem]:
    """One package holds one plan and one report on it; a multi-plan package (declared in its
    descriptor, e.g. the merged corpus) holds one report on each of its plans."""
    problems = _per_plan_cardinality(tables, paths) if multi_plan else _cardinality(tables, paths)
    problems += _duplicate_initiative_numbers(tables, paths)
    problems += _parents_in_same_goal(tables, paths)
    for table in ("grades", "indicators"):
        for row in tables[table]:
            if row["goal_id"] is not None and row["initiative_id"] is not None:
                problems.append(
                    Problem("model.subject", paths[table], row.number, "goal_id,initiative_id")
                )
    for row in tables["indicators"]:
        for point in INDICATOR_POINTS:
            value, status = row[f"{point}_value"], row[f"{point}_status"]
            if value is not None and status is not None:
                problems.append(
                    Problem(
                        "model.value-and-status",
                        paths["indicators"],
                        row.number,
                        f"{point}_status",
                        {"value": status},
                    )
                )
    for row in tables["indicator-values"]:
        if row["actual_value"] is not None and row["actual_status"] is not None:
            problems.append(
                Problem(
                    "model.value-and-status",
                    paths["indicator-values"],
                    row.number,
                    "actual_status",
                    {"value": row["actual_status"]},
                )
            )
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


def _duplicate_initiative_numbers(tables: Tables, paths: dict[str, str]) -> list[Problem]:
    """Initiatives are numbered within their goal, sub-measures within their parent.

    A Table Schema unique key cannot say this because the parent is empty for top-level
    initiatives, so the rule is checked here."""
    seen: set[tuple[str, str | None, int]] = set()
    problems = []
    for row in tables["initiatives"]:
        key = (row["goal_id"], row["parent_initiative_id"], row["number"])
        if key in seen:
            problems.append(
                Problem(
                    "table.unique",
                    paths["initiatives"],
                    row.number,
                    "goal_id,parent_initiative_id,number",
                    {"value": ",".join("" if v is None else str(v) for v in key)},
                )
            )
        seen.add(key)
    return problems


def _parents_in_same_goal(tables: Tables, paths: dict[str, str]) -> list[Problem]:
    """A sub-measure sits under its parent's goal, and parents never loop back."""
    by_id = {r["initiative_id"]: r for r in tables["initiatives"]}
    problems = []
    for row in tables["initiatives"]:
        parent_id = row["parent_initiative_id"]
        if parent_id is None or parent_id not in by_id:
            continue  # a dangling parent is the foreign key check's to report
        seen = {row["initiative_id"]}
        ancestor = by_id[parent_id]
        while ancestor["initiative_id"] not in seen and ancestor["parent_initiative_id"] in by_id:
            seen.add(ancestor["initiative_id"])
            ancestor = by_id[ancestor["parent_initiative_id"]]
        cyclic = ancestor["initiative_id"] in seen
        if cyclic or by_id[parent_id]["goal_id"] != row["goal_id"]:
            problems.append(
                Problem(
                    "model.parent-initiative",
                    paths["initiatives"],
                    row.number,
                    "parent_initiative_id",
                    {"value": parent_id},
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
