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
from plan_progress.model.jsonld_document import node_iri
from plan_progress.model.mapping import INDICATOR_POINTS, ClassMap, class_map, point_columns
from plan_progress.model.profiles import Profile
from plan_progress.model.tables import Tables

PP = Namespace(VOCAB_NS)
Record = dict[str, Any]


def _key_iris() -> dict[str, tuple[URIRef, str | None]]:
    """JSON key -> (property IRI, language) from the published context."""
    result = {}
    for key, value in context_document()["@context"].items():
        if isinstance(value, dict) and "@id" in value:
            result[key] = (URIRef(value["@id"].replace("pp:", VOCAB_NS)), value.get("@language"))
    return result


KEYS = _key_iris()


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
    (report,) = tables["reports"]
    for profile in profiles:
        for field in profile.fields:
            prop = URIRef(profile.namespace + field.property)
            for record in tables.get(field.table, []):
                subject = URIRef(
                    base_iri + node_iri(field.table, record, report["plan_id"], report["report_id"])
                )
                value = graph.value(subject, prop)
                if value is not None:
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
        confirmation = read.value(node, "confirmation")
        if confirmation is not None:
            record["confirmed_by"] = read.ref(confirmation, "confirmedBy")
            record.update(read.literals(class_map("Confirmation"), confirmation))
        add("reports", record)
    for node in read.of_type("Plan"):
        plan_id = last_segment(node)
        record = {"plan_id": plan_id, **read.literals(class_map("Plan"), node)}
        period = read.value(node, "period")
        if period is not None:
            record.update(read.literals(class_map("PlanPeriod"), period))
        add("plans", record)
        for actor in sorted(graph.objects(node, KEYS["authors"][0])):
            add("plan-authors", {"plan_id": plan_id, "actor_id": last_segment(actor)})
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
        add("basic-goals", record)
    for node in read.of_type("Initiative"):
        record = {
            "initiative_id": last_segment(node),
            **read.literals(class_map("Initiative"), node),
        }
        record["goal_id"] = last_segment(read.parent(node, "initiatives"))
        _set(record, "parent_initiative_id", read.ref(node, "parentInitiative"))
        add("initiatives", record)
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
        record["code"] = iris.grade_level_code(str(read.value(node, "level")))
        record.update(_subject_columns(graph, read.value(node, "subject")))
        _set(record, "actor_id", read.ref(node, "actor"))
        add("grades", record)
    for node in read.of_type("Indicator"):
        indicator_id = last_segment(node)
        record = {"indicator_id": indicator_id, **read.literals(class_map("Indicator"), node)}
        record["report_id"] = last_segment(read.parent(node, "indicators"))
        record.update(_subject_columns(graph, read.value(node, "subject")))
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
    return {}


def canonical(tables: Tables | dict[str, list[Record]]) -> dict[str, list[Record]]:
    """Tables as comparable values: empty cells dropped, numbers as floats, rows sorted."""
    result = {}
    for name, rows in tables.items():
        records = []
        for row in rows:
            cells = row.cells if hasattr(row, "cells") else row
            records.append({k: _plain(v) for k, v in cells.items() if v is not None})
        if records:
            result[name] = sorted(records, key=lambda r: sorted((k, str(v)) for k, v in r.items()))
    return result


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return value
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value if not isinstance(value, URIRef) else str(value)
