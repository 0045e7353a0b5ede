"""Checks of identifying codes beyond what a pattern can say."""

from __future__ import annotations

from plan_progress.core import municipality_code
from plan_progress.core.problems import Problem
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
