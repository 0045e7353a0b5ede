"""Which plan each row belongs to, and the IRI of the node each row describes.

A package reports on one plan (the report's), which may contain sub-plans (`parent_plan_id`).
Goals name their plan; an initiative belongs to its own `plan_id`, else to its goal's plan,
else to the report's plan; an indicator or a grade to its own `plan_id`, else to the plan of
what it is about, else to the report's plan. Goals and initiatives have IRIs under their own
plan; everything the report itself holds (entries, grades, indicators, ...) sits under the
report's IRI or the report's plan, as in version 0.1.
"""

from __future__ import annotations

from typing import Any

from plan_progress.model import iris
from plan_progress.model.tables import Row, Tables


def report_of(tables: Tables) -> Row | None:
    """The package's one report, or None for a plan published on its own."""
    reports = tables["reports"]
    return reports[0] if reports else None


def main_plan_id(tables: Tables) -> str:
    """The plan the package is about: the report's plan, or for a plan published on its own
    its first plan without a parent (the model check allows no other top plan)."""
    report = report_of(tables)
    if report is not None:
        return report["plan_id"]
    plans = tables["plans"]
    return next((p for p in plans if p["parent_plan_id"] is None), plans[0])["plan_id"]


def main_plan(tables: Tables) -> Row:
    """The row of `main_plan_id`."""
    plan_id = main_plan_id(tables)
    return next(p for p in tables["plans"] if p["plan_id"] == plan_id)


class Scope:
    """Plans and IRIs (relative to the base) for one package's tables."""

    def __init__(self, tables: Tables) -> None:
        report = report_of(tables)
        # None for a plan on its own: then no table that hangs on a report has rows (their
        # report_id is required and refers to reports), so no IRI below is asked for one.
        self.report_id: str | None = report["report_id"] if report is not None else None
        self.plan_id: str = main_plan_id(tables)  # the plan the report is on
        self.goal_plan = {r["goal_id"]: r["plan_id"] for r in tables["basic-goals"]}
        self.initiative_plan = {
            r["initiative_id"]: r["plan_id"] or self.goal_plan.get(r["goal_id"]) or self.plan_id
            for r in tables["initiatives"]
        }
        self.indicator_plan = {
            r["indicator_id"]: self.plan_of(r, "indicators") for r in tables["indicators"]
        }

    def plan_of(self, row: Row, table: str) -> str:
        """The plan of a grade, indicator or count: its own plan_id, else its subject's plan."""
        if row["plan_id"] is not None:
            return row["plan_id"]
        if row["initiative_id"] is not None:
            return self.initiative_plan.get(row["initiative_id"], self.plan_id)
        if row["goal_id"] is not None:
            return self.goal_plan.get(row["goal_id"], self.plan_id)
        if table == "grades" and row["indicator_id"] is not None:
            return self.indicator_plan.get(row["indicator_id"], self.plan_id)
        return self.plan_id

    def goal(self, goal_id: str) -> str:
        return iris.goal(self.goal_plan[goal_id], goal_id)

    def initiative(self, initiative_id: str) -> str:
        return iris.initiative(self.initiative_plan[initiative_id], initiative_id)

    def indicator(self, indicator_id: str) -> str:
        return iris.indicator(self.plan_id, self.report_id, indicator_id)

    def subject(self, row: Row, table: str) -> str:
        """What a grade, indicator or count is about: an initiative, a goal, an indicator
        (grades only) or a plan."""
        if row["initiative_id"] is not None:
            return self.initiative(row["initiative_id"])
        if row["goal_id"] is not None:
            return self.goal(row["goal_id"])
        if table == "grades" and row["indicator_id"] is not None:
            return self.indicator(row["indicator_id"])
        return iris.plan(self.plan_of(row, table))

    def node_iri(self, table: str, row: Row | dict[str, Any]) -> str:
        """The IRI (relative to the base) of the node a row of `table` describes."""
        r, plan_id, report_id = row, self.plan_id, self.report_id
        match table:
            case "reports":
                return iris.report(plan_id, r["report_id"])
            case "plans":
                return iris.plan(r["plan_id"])
            case "actors":
                return iris.actor(r["actor_id"])
            case "confirmation-bodies":
                return iris.body(plan_id, r["body_id"])
            case "basic-goals":
                return iris.goal(r["plan_id"], r["goal_id"])
            case "initiatives":
                return self.initiative(r["initiative_id"])
            case "progress-entries":
                return iris.entry(plan_id, report_id, r["entry_id"])
            case "goal-lists":
                return iris.goal_list(r["plan_id"], r["goal_list_id"])
            case "plan-revisions":
                return iris.plan_revision(r["plan_id"], r["revision_id"])
            case "departments":
                return iris.department(r["actor_id"], r["department_id"])
            case "responsibilities":
                return iris.responsibility(self.initiative(r["initiative_id"]), r["department_id"])
            case "grade-scales":
                return iris.grade_scale(plan_id, report_id, r["scale_id"])
            case "grade-levels":
                return iris.grade_level(plan_id, report_id, r["scale_id"], r["code"])
            case "grades":
                return iris.grade(plan_id, report_id, r["grade_id"])
            case "indicators":
                return iris.indicator(plan_id, report_id, r["indicator_id"])
            case "indicator-values":
                return iris.indicator_year(plan_id, report_id, r["indicator_id"], r["fiscal_year"])
            case "grade-counts":
                return iris.grade_count(plan_id, report_id, r["count_id"])
            case "report-notes":
                return iris.report_note(plan_id, report_id, r["note_id"])
        raise ValueError(f"rows of {table} describe no node of their own")
