"""RDF graph -> source tables: the inverse of the build, to prove it loses nothing.

Every column of every source table is recovered from the graph alone (ids from the last
segment of each node's IRI, parents from the properties that point at a node), so
`tables_from_graph(graph of build(tables)) == tables` for any valid package.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from rdflib import RDF, Graph, Literal, Namespace, URIRef

from plan_progress.core.standard import VOCAB_NS, context_document
from plan_progress.model import iris
from plan_progress.model.mapping import INDICATOR_POINTS, ClassMap, class_map, point_columns
from plan_progress.model.profiles import Profile
from plan_progress.model.scope import Scope
from plan_progress.model.tables import Row, Tables

PP = Namespace(VOCAB_NS)
Record = dict[str, Any]


def _key_iris() -> dict[str, tuple[URIRef, str | None]]:
    """JSON key -> (property IRI, language) from the published context."""
    context = context_document()["@context"]
    prefixes = {k: v for k, v in context.items() if isinstance(v, str) and v.endswith(("#", "/"))}
    result = {}
    for key, value in context.items():
        if isinstance(value, dict) and "@id" in value:
            prefix, _, local = value["@id"].partition(":")
            result[key] = (URIRef(prefixes[prefix] + local), value.get("@language"))
    return result


KEYS = _key_iris()
# The class of what a plan revision is about -> the plan-revisions column naming it.
REVISED_TYPES = {
    PP.BasicGoal: "goal_id",
    PP.Initiative: "initiative_id",
    PP.GoalList: "goal_list_id",
    PP.Actor: "actor_id",
    PP.Department: "department_id",
    PP.ConfirmationBody: "body_id",
}


def last_segment(node: URIRef) -> str:
    return str(node).rsplit("/", 1)[-1]


class _Reader:
    def __init__(self, graph: Graph) -> None:
        self.graph = graph

    def of_type(self, cls: str) -> list[URIRef]:
        return sorted(s for s in self.graph.subjects(RDF.type, PP[cls]) if isinstance(s, URIRef))

    def value(self, node: URIRef, key: str) -> Any:
        prop, language = KEYS[key]
        for obj in self.graph.objects(node, prop):
            if isinstance(obj, Literal):
                if obj.language == language or (language is None and obj.language is None):
                    return obj.toPython()
            else:
                return obj
        return None

    def parent(self, node: URIRef, key: str) -> URIRef:
        prop, _ = KEYS[key]
        return next(self.graph.subjects(prop, node))

    def literals(
        self, mapping: ClassMap, node: URIRef, columns: dict[str, str] | None = None
    ) -> Record:
        record = {}
        for key, column in (columns or mapping.literals).items():
            value = self.value(node, key)
            if value is not None:
                record[column] = value
        return record

    def ref(self, node: URIRef, key: str) -> str | None:
        target = self.value(node, key)
        return None if target is None else last_segment(target)


def tables_from_graph(
    graph: Graph, base_iri: str = "", profiles: Sequence[Profile] = ()
) -> dict[str, list[Record]]:
    """The source tables as the graph states them; profile columns need the base IRI."""
    tables = _standard_tables(_Reader(graph), graph)
    if profiles:
        _add_extension_columns(tables, graph, base_iri, profiles)
    return tables


def _add_extension_columns(
    tables: dict[str, list[Record]], graph: Graph, base_iri: str, profiles: Sequence[Profile]
) -> None:
    scope = Scope({name: [Row(0, r) for r in rows] for name, rows in tables.items()} | {
        name: [] for name in ("basic-goals", "initiatives", "indicators") if name not in tables
    })  # fmt: skip
    for profile in profiles:
        for field in profile.fields:
            prop = URIRef(profile.namespace + field.property)
            for record in tables.get(field.table, []):
                subject = URIRef(base_iri + scope.node_iri(field.table, Row(0, record)))
                value = graph.value(subject, prop)
                if isinstance(value, URIRef):  # a column referring to another table's row
                    record[field.column] = last_segment(value)
                elif value is not None:
                    record[field.column] = value.toPython()


def _standard_tables(read: _Reader, graph: Graph) -> dict[str, list[Record]]:
    tables: dict[str, list[Record]] = {}

    def add(table: str, record: Record) -> None:
        tables.setdefault(table, []).append(record)

    for node in read.of_type("ProgressReport"):
        record = {
            "report_id": last_segment(node),
            **read.literals(class_map("ProgressReport"), node),
        }
        record["plan_id"] = read.ref(node, "plan")
        for note in sorted(graph.objects(node, KEYS["reportNotes"][0])):
            add("report-notes", {
                "note_id": last_segment(note),
                "report_id": record["report_id"],
                **read.literals(class_map("ReportNote"), note),
            })  # fmt: skip
        confirmation = read.value(node, "confirmation")
        if confirmation is not None:
            record["confirmed_by"] = read.ref(confirmation, "confirmedBy")
            record.update(read.literals(class_map("Confirmation"), confirmation))
        add("reports", record)
    for node in read.of_type("Plan"):
        plan_id = last_segment(node)
        record = {"plan_id": plan_id, **read.literals(class_map("Plan"), node)}
        _set(record, "parent_plan_id", read.ref(node, "parentPlan"))
        period = read.value(node, "period")
        if period is not None:
            record.update(read.literals(class_map("PlanPeriod"), period))
        add("plans", record)
        for actor in sorted(graph.objects(node, KEYS["authors"][0])):
            add("plan-authors", {"plan_id": plan_id, "actor_id": last_segment(actor)})
        for revision in sorted(graph.objects(node, KEYS["planRevisions"][0])):
            record = {
                "revision_id": last_segment(revision),
                "plan_id": plan_id,
                **read.literals(class_map("PlanRevision"), revision),
            }
            subject = read.value(revision, "revisionOf")
            column = REVISED_TYPES.get(graph.value(subject, RDF.type))
            if column is not None:  # else the plan itself
                record[column] = last_segment(subject)
            add("plan-revisions", record)
    for node in read.of_type("Actor"):
        add("actors", {"actor_id": last_segment(node), **read.literals(class_map("Actor"), node)})
    for node in read.of_type("ConfirmationBody"):
        add(
            "confirmation-bodies",
            {"body_id": last_segment(node), **read.literals(class_map("ConfirmationBody"), node)},
        )
    for node in read.of_type("BasicGoal"):
        record = {"goal_id": last_segment(node), **read.literals(class_map("BasicGoal"), node)}
        record["plan_id"] = last_segment(read.parent(node, "basicGoals"))
        _set(record, "goal_list_id", read.ref(node, "goalList"))
        _set(record, "parent_goal_id", read.ref(node, "parentGoal"))
        add("basic-goals", record)
    for node in read.of_type("Initiative"):
        record = {
            "initiative_id": last_segment(node),
            **read.literals(class_map("Initiative"), node),
        }
        _set(record, "goal_id", read.ref(node, "goal"))
        _set(record, "plan_id", read.ref(node, "plan"))
        _set(record, "parent_initiative_id", read.ref(node, "parentInitiative"))
        add("initiatives", record)
        for goal in sorted(graph.objects(node, KEYS["relatedGoals"][0])):
            add("initiative-goals", {
                "initiative_id": record["initiative_id"], "goal_id": last_segment(goal)
            })  # fmt: skip
        for resp in sorted(graph.objects(node, KEYS["responsibilities"][0])):
            add(
                "responsibilities",
                {
                    "initiative_id": record["initiative_id"],
                    "department_id": read.ref(resp, "department"),
                    **read.literals(class_map("Responsibility"), resp),
                },
            )
    for node in read.of_type("ProgressEntry"):
        record = {"entry_id": last_segment(node), **read.literals(class_map("ProgressEntry"), node)}
        record["report_id"] = last_segment(read.parent(node, "entries"))
        record["initiative_id"] = read.ref(node, "initiative")
        record["actor_id"] = read.ref(node, "actor")
        add("progress-entries", record)
    for node in read.of_type("GoalList"):
        record = {"goal_list_id": last_segment(node), **read.literals(class_map("GoalList"), node)}
        record["plan_id"] = last_segment(read.parent(node, "goalLists"))
        _set(record, "owner_actor_id", read.ref(node, "owner"))
        add("goal-lists", record)
    for node in read.of_type("Department"):
        add(
            "departments",
            {
                "department_id": last_segment(node),
                "actor_id": read.ref(node, "unitOf"),
                **read.literals(class_map("Department"), node),
            },
        )
    for node in read.of_type("GradeScale"):
        scale_id = last_segment(node)
        record = {"scale_id": scale_id, **read.literals(class_map("GradeScale"), node)}
        record["report_id"] = last_segment(read.parent(node, "gradeScales"))
        _set(record, "assessed_by", read.ref(node, "assessedBy"))
        add("grade-scales", record)
        for level in sorted(graph.objects(node, KEYS["levels"][0])):
            add(
                "grade-levels",
                {"scale_id": scale_id, **read.literals(class_map("GradeLevel"), level)},
            )
    for node in read.of_type("Grade"):
        record = {"grade_id": last_segment(node), **read.literals(class_map("Grade"), node)}
        record["scale_id"] = read.ref(node, "scale")
        level = read.value(node, "level")
        _set(record, "code", None if level is None else iris.grade_level_code(str(level)))
        record.update(_subject_columns(graph, read.value(node, "subject")))
        _set(record, "plan_id", read.ref(node, "plan"))
        _set(record, "actor_id", read.ref(node, "actor"))
        add("grades", record)
    for node in read.of_type("GradeCount"):
        record = {"count_id": last_segment(node), **read.literals(class_map("GradeCount"), node)}
        record["scale_id"] = read.ref(node, "scale")
        level = read.value(node, "level")
        _set(record, "code", None if level is None else iris.grade_level_code(str(level)))
        subject = _subject_columns(graph, read.value(node, "subject"))
        _set(record, "goal_id", subject.get("goal_id"))
        add("grade-counts", record)
    for node in read.of_type("Indicator"):
        indicator_id = last_segment(node)
        record = {"indicator_id": indicator_id, **read.literals(class_map("Indicator"), node)}
        record["report_id"] = last_segment(read.parent(node, "indicators"))
        record.update(_subject_columns(graph, read.value(node, "subject")))
        _set(record, "plan_id", read.ref(node, "plan"))
        _set(record, "parent_indicator_id", read.ref(node, "parentIndicator"))
        for point in INDICATOR_POINTS:
            measurement = read.value(node, point)
            if measurement is not None:
                record.update(
                    read.literals(class_map("Measurement"), measurement, point_columns(point))
                )
        add("indicators", record)
        for year in sorted(graph.objects(node, KEYS["series"][0])):
            add(
                "indicator-values",
                {"indicator_id": indicator_id, **read.literals(class_map("Measurement"), year)},
            )
    return tables


def _set(record: Record, column: str, value: Any) -> None:
    if value is not None:
        record[column] = value


def _subject_columns(graph: Graph, subject: URIRef) -> Record:
    if (subject, RDF.type, PP.Initiative) in graph:
        return {"initiative_id": last_segment(subject)}
    if (subject, RDF.type, PP.BasicGoal) in graph:
        return {"goal_id": last_segment(subject)}
    if (subject, RDF.type, PP.Indicator) in graph:
        return {"indicator_id": last_segment(subject)}
    return {}


def canonical(tables: Tables | dict[str, list[Record]]) -> dict[str, list[Record]]:
    """Tables as comparable values: empty cells dropped, numbers as the digits printed, rows
    sorted. A plan_id that only repeats the plan the row would have anyway (its goal's, or
    the report's) is dropped, since the graph always states the plan."""
    implied = _implied_plans(tables)
    result = {}
    for name, rows in tables.items():
        records = []
        for row in rows:
            cells = dict(row.cells if hasattr(row, "cells") else row)
            if name in implied and cells.get("plan_id") == implied[name](cells):
                cells.pop("plan_id")
            records.append({k: _plain(v) for k, v in cells.items() if v is not None})
        if records:
            result[name] = sorted(records, key=lambda r: sorted((k, str(v)) for k, v in r.items()))
    return result


def _implied_plans(tables: Tables | dict[str, list[Record]]) -> dict[str, Any]:
    """Table -> the plan a row has when its plan_id is empty (see scope.py)."""
    rows = {
        name: [Row(0, dict(r.cells if hasattr(r, "cells") else r)) for r in tables.get(name, [])]
        for name in ("reports", "basic-goals", "initiatives", "indicators")
    }
    if len(rows["reports"]) != 1:
        return {}
    scope = Scope({**rows, "grade-scales": []})

    def of(table: str):
        def implied(cells: Record) -> str:
            row = Row(0, {**cells, "plan_id": None})
            if table == "initiatives":
                goal = cells.get("goal_id")
                return scope.goal_plan.get(goal, scope.plan_id) if goal else scope.plan_id
            return scope.plan_of(row, table)

        return implied

    return {name: of(name) for name in ("initiatives", "indicators", "grades")}


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return value
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value if not isinstance(value, URIRef) else str(value)
