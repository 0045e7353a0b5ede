"""Source tables -> the compact JSON-LD document of one progress report.

The document is compact JSON-LD under the published context, with the package's base
IRI as `@base` so that ids read like paths (`plan/chiiki-fukushi-2/goal/g1`).
Organisations (actors and confirmation bodies) are described once under `included`
and referred to by id everywhere else.
"""

from __future__ import annotations

import datetime
from typing import Any

from plan_progress import iris
from plan_progress.mapping import ClassMap, class_map
from plan_progress.standard import CONTEXT_IRI
from plan_progress.tables import Row, Tables

Node = dict[str, Any]


def build_document(tables: Tables, base_iri: str) -> Node:
    (report_row,) = tables["reports"]
    (plan_row,) = tables["plans"]
    plan_id = plan_row["plan_id"]

    goals_by_id = {row["goal_id"]: row for row in tables["basic-goals"]}
    initiatives = sorted(
        tables["initiatives"],
        key=lambda r: (goals_by_id[r["goal_id"]]["number"], r["number"]),
    )
    initiative_rank = {row["initiative_id"]: i for i, row in enumerate(initiatives)}
    actor_rank = {row["actor_id"]: i for i, row in enumerate(tables["actors"])}

    report: Node = {
        "@context": [CONTEXT_IRI, {"@base": base_iri}],
        "id": iris.report(plan_id, report_row["report_id"]),
        "type": "ProgressReport",
    }
    report.update(_literals(class_map("ProgressReport"), report_row))
    report["plan"] = iris.plan(plan_id)
    confirmation = _confirmation(plan_id, report_row)
    if confirmation:
        report["confirmation"] = confirmation
    report["entries"] = [
        _entry(plan_id, row)
        for row in sorted(
            tables["progress-entries"],
            key=lambda r: (initiative_rank[r["initiative_id"]], actor_rank[r["actor_id"]]),
        )
    ]
    report["included"] = [
        _plan(plan_id, plan_row, tables, initiatives),
        *(_actor(row) for row in tables["actors"]),
        *(_body(plan_id, row) for row in tables["confirmation-bodies"]),
    ]
    return report


def _literals(mapping: ClassMap, row: Row) -> Node:
    node: Node = {}
    for key, column in mapping.literals.items():
        value = row[column]
        if value is None:
            continue
        node[key] = value.isoformat() if isinstance(value, datetime.date) else value
    return node


def _plan(plan_id: str, row: Row, tables: Tables, initiatives: list[Row]) -> Node:
    node: Node = {"id": iris.plan(plan_id), "type": "Plan"}
    node.update(_literals(class_map("Plan"), row))
    node["standardAreaCode"] = iris.estat_standard_area(row["municipality_code"])
    period = _literals(class_map("PlanPeriod"), row)
    if period:
        node["period"] = {"id": iris.period(plan_id), "type": "PlanPeriod", **period}
    node["authors"] = [
        iris.actor(r["actor_id"]) for r in tables["plan-authors"] if r["plan_id"] == plan_id
    ]
    goals = sorted(
        (r for r in tables["basic-goals"] if r["plan_id"] == plan_id), key=lambda r: r["number"]
    )
    node["basicGoals"] = [
        {
            "id": iris.goal(plan_id, goal["goal_id"]),
            "type": "BasicGoal",
            **_literals(class_map("BasicGoal"), goal),
            "initiatives": [
                {
                    "id": iris.initiative(plan_id, ini["initiative_id"]),
                    "type": "Initiative",
                    **_literals(class_map("Initiative"), ini),
                }
                for ini in initiatives
                if ini["goal_id"] == goal["goal_id"]
            ],
        }
        for goal in goals
    ]
    return node


def _confirmation(plan_id: str, row: Row) -> Node | None:
    if row["confirmed_by"] is None:
        return None
    node: Node = {"id": iris.confirmation(plan_id, row["report_id"]), "type": "Confirmation"}
    node["confirmedBy"] = iris.body(plan_id, row["confirmed_by"])
    node.update(_literals(class_map("Confirmation"), row))
    return node


def _entry(plan_id: str, row: Row) -> Node:
    return {
        "id": iris.entry(plan_id, row["entry_id"]),
        "type": "ProgressEntry",
        "initiative": iris.initiative(plan_id, row["initiative_id"]),
        "actor": iris.actor(row["actor_id"]),
        **_literals(class_map("ProgressEntry"), row),
    }


def _actor(row: Row) -> Node:
    node: Node = {
        "id": iris.actor(row["actor_id"]),
        "type": "Actor",
        **_literals(class_map("Actor"), row),
    }
    if row["corporate_number"] is not None:
        node["corporateInfo"] = iris.corporate_info(row["corporate_number"])
    return node


def _body(plan_id: str, row: Row) -> Node:
    return {
        "id": iris.body(plan_id, row["body_id"]),
        "type": "ConfirmationBody",
        **_literals(class_map("ConfirmationBody"), row),
    }
