"""The two packages of a diff, read and checked: each must be a valid package (the table
and model checks of `validate`; nothing is generated), hold one report of one plan, both of
the same plan, the first of an earlier fiscal year. Every refusal names both packages."""

from __future__ import annotations

from dataclasses import dataclass

from plan_progress.core.package import PlanPackage
from plan_progress.core.problems import InvalidPackage, Problem, errors
from plan_progress.model.tables import Tables
from plan_progress.pipeline.validation import checked_tables


@dataclass(frozen=True)
class Side:
    """One package as read: its tables when valid, else the problems (files relative to
    the package, as `validate` prints them)."""

    directory: str
    package: PlanPackage | None
    tables: Tables | None
    problems: list[Problem]

    def file(self, table: str) -> str:
        relative = self.package.relpath(table) if self.package else table
        return f"{self.directory.rstrip('/')}/{relative}"

    @property
    def descriptor(self) -> str:
        return f"{self.directory.rstrip('/')}/datapackage.json"


def read_side(directory: str) -> Side:
    try:
        package = PlanPackage.open(directory)
    except InvalidPackage as invalid:
        return Side(directory, None, None, invalid.problems)
    tables, problems = checked_tables(package)
    if tables is not None and errors(problems):  # never expected: tables come only when valid
        tables = None
    return Side(directory, package, tables, problems)


def refusals(old: Side, new: Side) -> list[Problem]:
    """Why the two cannot be compared (empty when they can), each naming both."""
    names = {"old": old.directory, "new": new.directory}
    invalid = [s for s in (old, new) if s.tables is None]
    if invalid:
        return [Problem("diff.not-valid", s.descriptor, params={**names, "package": s.directory})
                for s in invalid]  # fmt: skip
    out = []
    for side in (old, new):
        assert side.package is not None and side.tables is not None
        if side.package.multi_plan:
            out.append(Problem("diff.multi-plan", side.descriptor,
                               params={**names, "package": side.directory}))  # fmt: skip
        elif len(side.tables["reports"]) != 1:
            out.append(Problem("diff.no-report", side.file("reports"),
                               params={**names, "package": side.directory}))  # fmt: skip
    if out:
        return out
    return _other_plan(old, new, names) or _order(old, new, names)


def _plan(side: Side) -> tuple[int, dict[str, object]]:
    assert side.tables is not None
    report = side.tables["reports"][0]
    row = next(p for p in side.tables["plans"] if p["plan_id"] == report["plan_id"])
    return row.number, row.cells


def _other_plan(old: Side, new: Side, names: dict[str, str]) -> list[Problem]:
    _, old_plan = _plan(old)
    new_row, new_plan = _plan(new)
    for column in ("municipality_code", "plan_id"):
        if old_plan[column] != new_plan[column]:
            return [
                Problem("diff.other-plan", new.file("plans"), new_row, column,
                        {**names, "column": column, "value": new_plan[column],
                         "other_value": old_plan[column]})
            ]  # fmt: skip
    return []


def _order(old: Side, new: Side, names: dict[str, str]) -> list[Problem]:
    assert old.tables is not None and new.tables is not None
    old_report, new_report = old.tables["reports"][0], new.tables["reports"][0]
    missing = [
        Problem("diff.fiscal-year-missing", side.file("reports"), report.number, "fiscal_year",
                names)
        for side, report in ((old, old_report), (new, new_report))
        if report["fiscal_year"] is None
    ]  # fmt: skip
    if missing:
        return missing
    old_last = old_report["fiscal_year_end"] or old_report["fiscal_year"]
    if new_report["fiscal_year"] > old_last:
        return []
    return [
        Problem("diff.order", new.file("reports"), new_report.number, "fiscal_year",
                {**names, "value": _years(new_report), "other_years": _years(old_report)})
    ]  # fmt: skip


def _years(report: object) -> str:
    first, last = report["fiscal_year"], report["fiscal_year_end"]  # type: ignore[index]
    return f"{first}–{last}" if last and last != first else str(first)
