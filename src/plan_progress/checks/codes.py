"""Checks of identifying codes beyond what a pattern can say."""

from __future__ import annotations

from urllib.parse import urlsplit

from plan_progress.core import municipality_code
from plan_progress.core.package import DESCRIPTOR
from plan_progress.core.problems import Problem
from plan_progress.core.standard import DATA_IRI_ROOT
from plan_progress.model.tables import Tables


def check_municipality_codes(tables: Tables, paths: dict[str, str]) -> list[Problem]:
    problems = []
    for row in tables["plans"]:
        code = row["municipality_code"]
        # A code that is not six digits is already reported by the Table Schema's pattern.
        well_formed = isinstance(code, str) and len(code) == 6 and code.isascii() and code.isdigit()
        if well_formed and not municipality_code.is_valid(code):
            expected = f"{code[:5]}{municipality_code.check_digit(code[:5])}"
            problems.append(
                Problem(
                    "code.municipality-check-digit",
                    paths["plans"],
                    row.number,
                    "municipality_code",
                    {"value": code, "expected": expected},
                )
            )
    return problems


def base_iri_codes(base_iri: str) -> list[str]:
    """The municipality codes a base IRI names: the segment right after the standard's own
    root (whatever it holds), and any other path segment of six ASCII digits."""
    path = urlsplit(base_iri).path
    codes = [s for s in path.split("/") if len(s) == 6 and s.isascii() and s.isdigit()]
    if base_iri.startswith(DATA_IRI_ROOT):
        first = base_iri[len(DATA_IRI_ROOT) :].split("/", 1)[0]
        if first not in codes:
            codes.insert(0, first)
    return codes


def check_base_iri_code(
    base_iri: str, tables: Tables, paths: dict[str, str], *, multi_plan: bool = False
) -> list[Problem]:
    """A single-plan package publishes its IRIs under its base IRI: a municipality code in
    that IRI must be the plan's own (a multi-plan package puts each plan's code after the
    base itself, see PlanPackage.plan_base_iri)."""
    if multi_plan:
        return []
    problems = []
    for row in tables["plans"]:
        code = row["municipality_code"]
        if not (isinstance(code, str) and municipality_code.is_valid(code)):
            continue  # a missing or malformed code is reported by its own rule
        for named in base_iri_codes(base_iri):
            if named != code:
                problems.append(
                    Problem(
                        "model.base-iri-code",
                        DESCRIPTOR,
                        None,
                        "planProgress.baseIri",
                        {
                            "value": base_iri,
                            "named": named,
                            "code": code,
                            "file": paths["plans"],
                            "row": row.number,
                            "expected": f"{DATA_IRI_ROOT}{code}/",
                        },
                    )
                )
    return problems
