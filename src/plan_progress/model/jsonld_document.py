"""Source tables -> the compact JSON-LD document of one progress report.

The document is compact JSON-LD under the published context, with the package's base
IRI as `@base` so that ids read like paths (`plan/chiiki-fukushi-2/goal/g1`).
Organisations (actors, their departments, confirmation bodies) and the plan are described
once under `included` and referred to by id everywhere else. Every list is in a stable
order (by number, then by file order) so the document depends only on the tables.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from plan_progress.core.standard import CONTEXT_IRI
from plan_progress.model import iris
from plan_progress.model.mapping import INDICATOR_POINTS, ClassMap, class_map, point_columns
from plan_progress.model.profiles import ExtensionField, Profile
from plan_progress.model.tables import Row, Tables

Node = dict[str, Any]


def build_document(tables: Tables, base_iri: str, profiles: Sequence[Profile] = ()) -> Node:
    (report_row,) = tables["reports"]
    (plan_row,) = tables["plans"]
    plan_id = plan_row["plan_id"]
    report_id = report_row["report_id"]
    ids = _Ids(plan_id, report_id)

    goals_by_id = {row["goal_id"]: row for row in tables["basic-goals"]}
    numbering = _numbering(tables["initiatives"])
    initiatives = sorted(
        tables["initiatives"],
        key=lambda r: (goals_by_id[r["goal_id"]]["number"], numbering[r["initiative_id"]]),
    )
    initiative_rank = {row["initiative_id"]: i for i, row in enumerate(initiatives)}
    actor_rank = {row["actor_id"]: i for i, row in enumerate(tables["actors"])}

    local_context = {"@base": base_iri, **{p.prefix: p.namespace for p in profiles}}
    report: Node = {
        "@context": [CONTEXT_IRI, local_context],
        "id": iris.report(plan_id, report_id),
        "type": "ProgressReport",
    }
    report.update(literals(class_map("ProgressReport"), report_row))
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
    _put(
        report,
        "gradeScales",
        [
            _grade_scale(ids, row, tables)
            for row in sorted(tables["grade-scales"], key=lambda r: r["number"])
        ],
    )
    _put(report, "grades", [_grade(ids, row) for row in tables["grades"]])
    _put(report, "indicators", [_indicator(ids, row, tables) for row in tables["indicators"]])
    report["included"] = [
        _plan(plan_id, plan_row, tables, initiatives),
        *(_actor(row) for row in tables["actors"]),
        *(_department(row) for row in tables["departments"]),
        *(_body(plan_id, row) for row in tables["confirmation-bodies"]),
        *_extension_nodes(tables, profiles, plan_id, report_id),
    ]
    return report


def node_iri(table: str, row: Row | dict[str, Any], plan_id: str, report_id: str) -> str:
    """The IRI (relative to the base) of the node a row of `table` describes."""
    r = row
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
            return iris.goal(plan_id, r["goal_id"])
        case "initiatives":
            return iris.initiative(plan_id, r["initiative_id"])
        case "progress-entries":
            return iris.entry(plan_id, r["entry_id"])
        case "goal-lists":
            return iris.goal_list(plan_id, r["goal_list_id"])
        case "departments":
            return iris.department(r["actor_id"], r["department_id"])
        case "responsibilities":
            return iris.responsibility(plan_id, r["initiative_id"], r["department_id"])
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
    raise ValueError(f"rows of {table} describe no node of their own")


def _extension_nodes(
    tables: Tables, profiles: Sequence[Profile], plan_id: str, report_id: str
) -> list[Node]:
    """Profile columns as extra node objects: JSON-LD merges them into the node with the
    same id, so the standard's nodes stay exactly as the JSON Schema describes them."""
    nodes = []
    for profile in profiles:
        by_table: dict[str, list[ExtensionField]] = {}
        for field in profile.fields:
            by_table.setdefault(field.table, []).append(field)
        for table, fields in by_table.items():
            for row in tables[table]:
                values = {
                    profile.key(f): _json_value(row[f.column])
                    for f in fields
                    if row[f.column] is not None
                }
                if values:
                    nodes.append({"id": node_iri(table, row, plan_id, report_id), **values})
    return nodes


def _numbering(initiatives: list[Row]) -> dict[str, tuple[int, ...]]:
    """(1,) for ①, (1, 2) for the 2nd sub-measure of ①: the order the report prints them in."""
    by_id = {r["initiative_id"]: r for r in initiatives}
    result = {}
    for start in initiatives:
        row, path = start, [start["number"]]
        seen = {row["initiative_id"]}  # a cycle of parents must not loop forever
        while row["parent_initiative_id"] in by_id and row["parent_initiative_id"] not in seen:
            row = by_id[row["parent_initiative_id"]]
            seen.add(row["initiative_id"])
            path.insert(0, row["number"])
        result[start["initiative_id"]] = tuple(path)
    return result


class _Ids:
    """IRIs of this report's nodes, relative to the base."""

    def __init__(self, plan_id: str, report_id: str) -> None:
        self.plan_id, self.report_id = plan_id, report_id

    def subject(self, row: Row) -> str:
        """A grade's or indicator's subject: its initiative, else its goal, else the plan."""
        if row["initiative_id"] is not None:
            return iris.initiative(self.plan_id, row["initiative_id"])
        if row["goal_id"] is not None:
            return iris.goal(self.plan_id, row["goal_id"])
        return iris.plan(self.plan_id)


def literals(mapping: ClassMap, row: Row, columns: dict[str, str] | None = None) -> Node:
    """The literal keys of `mapping` that have a value in `row` (empty cells are left out)."""
    node: Node = {}
    for key, column in (columns or mapping.literals).items():
        value = row[column]
        if value is None:
            continue
        node[key] = _json_value(value)
    return node


def _json_value(value: Any) -> Any:
    """Table Schema types -> JSON: dates as ISO text, `number` cells as JSON floats.

    A `number` is always written with a fraction (60.0, not 60): JSON-LD processors agree
    on the xsd:double of a float, but not on that of an integral JSON number."""
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    return value


def _put(node: Node, key: str, values: list[Any]) -> None:
    """Optional lists are left out when empty, so a report without them reads as before."""
    if values:
        node[key] = values


def _plan(plan_id: str, row: Row, tables: Tables, initiatives: list[Row]) -> Node:
    node: Node = {"id": iris.plan(plan_id), "type": "Plan"}
    node.update(literals(class_map("Plan"), row))
    area = iris.estat_standard_area(row["municipality_code"])
    if area is not None:
        node["standardAreaCode"] = area
    period = literals(class_map("PlanPeriod"), row)
    if period:
        node["period"] = {"id": iris.period(plan_id), "type": "PlanPeriod", **period}
    node["authors"] = [
        iris.actor(r["actor_id"]) for r in tables["plan-authors"] if r["plan_id"] == plan_id
    ]
    _put(
        node,
        "goalLists",
        [
            {
                "id": iris.goal_list(plan_id, r["goal_list_id"]),
                "type": "GoalList",
                **literals(class_map("GoalList"), r),
            }
            for r in sorted(tables["goal-lists"], key=lambda r: r["number"])
            if r["plan_id"] == plan_id
        ],
    )
    responsibilities: dict[str, list[Row]] = {}
    for r in tables["responsibilities"]:
        responsibilities.setdefault(r["initiative_id"], []).append(r)
    departments = {r["department_id"]: r for r in tables["departments"]}
    goals = sorted(
        (r for r in tables["basic-goals"] if r["plan_id"] == plan_id),
        key=lambda r: (r["goal_list_id"] or "", r["number"]),
    )
    node["basicGoals"] = [
        {
            "id": iris.goal(plan_id, goal["goal_id"]),
            "type": "BasicGoal",
            **literals(class_map("BasicGoal"), goal),
            **(
                {"goalList": iris.goal_list(plan_id, goal["goal_list_id"])}
                if goal["goal_list_id"] is not None
                else {}
            ),
            "initiatives": [
                _initiative(
                    plan_id, ini, responsibilities.get(ini["initiative_id"], []), departments
                )
                for ini in initiatives
                if ini["goal_id"] == goal["goal_id"]
            ],
        }
        for goal in goals
    ]
    return node


def _initiative(
    plan_id: str, row: Row, responsibilities: list[Row], departments: dict[str, Row]
) -> Node:
    node: Node = {
        "id": iris.initiative(plan_id, row["initiative_id"]),
        "type": "Initiative",
        **literals(class_map("Initiative"), row),
    }
    if row["parent_initiative_id"] is not None:
        node["parentInitiative"] = iris.initiative(plan_id, row["parent_initiative_id"])
    _put(
        node,
        "responsibilities",
        [
            {
                "id": iris.responsibility(plan_id, row["initiative_id"], r["department_id"]),
                "type": "Responsibility",
                "department": iris.department(
                    departments[r["department_id"]]["actor_id"], r["department_id"]
                ),
                **literals(class_map("Responsibility"), r),
            }
            for r in responsibilities
        ],
    )
    return node


def _confirmation(plan_id: str, row: Row) -> Node | None:
    if row["confirmed_by"] is None:
        return None
    node: Node = {"id": iris.confirmation(plan_id, row["report_id"]), "type": "Confirmation"}
    node["confirmedBy"] = iris.body(plan_id, row["confirmed_by"])
    node.update(literals(class_map("Confirmation"), row))
    return node


def _entry(plan_id: str, row: Row) -> Node:
    return {
        "id": iris.entry(plan_id, row["entry_id"]),
        "type": "ProgressEntry",
        "initiative": iris.initiative(plan_id, row["initiative_id"]),
        "actor": iris.actor(row["actor_id"]),
        **literals(class_map("ProgressEntry"), row),
    }


def _actor(row: Row) -> Node:
    node: Node = {
        "id": iris.actor(row["actor_id"]),
        "type": "Actor",
        **literals(class_map("Actor"), row),
    }
    # A link out, made only from a corporate number confirmed and filled in (iris.py).
    if row["corporate_number"] is not None:
        node["corporateInfo"] = iris.corporate_info(row["corporate_number"])
    return node


def _department(row: Row) -> Node:
    return {
        "id": iris.department(row["actor_id"], row["department_id"]),
        "type": "Department",
        **literals(class_map("Department"), row),
        "unitOf": iris.actor(row["actor_id"]),
    }


def _body(plan_id: str, row: Row) -> Node:
    return {
        "id": iris.body(plan_id, row["body_id"]),
        "type": "ConfirmationBody",
        **literals(class_map("ConfirmationBody"), row),
    }


def _grade_scale(ids: _Ids, row: Row, tables: Tables) -> Node:
    scale_id = row["scale_id"]
    node: Node = {
        "id": iris.grade_scale(ids.plan_id, ids.report_id, scale_id),
        "type": "GradeScale",
        **literals(class_map("GradeScale"), row),
    }
    if row["assessed_by"] is not None:
        node["assessedBy"] = iris.body(ids.plan_id, row["assessed_by"])
    node["levels"] = [
        {
            "id": iris.grade_level(ids.plan_id, ids.report_id, scale_id, level["code"]),
            "type": "GradeLevel",
            **literals(class_map("GradeLevel"), level),
        }
        for level in sorted(
            (r for r in tables["grade-levels"] if r["scale_id"] == scale_id),
            key=lambda r: r["rank"],
        )
    ]
    return node


def _grade(ids: _Ids, row: Row) -> Node:
    node: Node = {
        "id": iris.grade(ids.plan_id, ids.report_id, row["grade_id"]),
        "type": "Grade",
        "scale": iris.grade_scale(ids.plan_id, ids.report_id, row["scale_id"]),
        "level": iris.grade_level(ids.plan_id, ids.report_id, row["scale_id"], row["code"]),
        "subject": ids.subject(row),
    }
    if row["actor_id"] is not None:
        node["actor"] = iris.actor(row["actor_id"])
    node.update(literals(class_map("Grade"), row))
    return node


def _indicator(ids: _Ids, row: Row, tables: Tables) -> Node:
    indicator_id = row["indicator_id"]
    node: Node = {
        "id": iris.indicator(ids.plan_id, ids.report_id, indicator_id),
        "type": "Indicator",
        **literals(class_map("Indicator"), row),
        "subject": ids.subject(row),
    }
    measurement = class_map("Measurement")
    for point in INDICATOR_POINTS:
        values = literals(measurement, row, point_columns(point))
        if values:
            node[point] = {
                "id": iris.indicator_point(ids.plan_id, ids.report_id, indicator_id, point),
                "type": "Measurement",
                **values,
            }
    _put(
        node,
        "series",
        [
            {
                "id": iris.indicator_year(
                    ids.plan_id, ids.report_id, indicator_id, r["fiscal_year"]
                ),
                "type": "Measurement",
                **literals(measurement, r),
            }
            for r in sorted(
                (r for r in tables["indicator-values"] if r["indicator_id"] == indicator_id),
                key=lambda r: r["fiscal_year"],
            )
        ],
    )
    return node
