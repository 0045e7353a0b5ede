"""Source tables -> the compact JSON-LD document of one progress report.

The document is compact JSON-LD under the published context, with the package's base
IRI as `@base` so that ids read like paths (`plan/chiiki-fukushi-2/goal/g1`).
Organisations (actors, their departments, confirmation bodies) and the plans are described
once under `included` and referred to by id everywhere else. Every list is in a stable
order (by number, then by file order) so the document depends only on the tables.

Links are written both ways (goal <-> initiative <-> entry, broader <-> narrower, initiative
<-> goals of other lists), so that a query can walk either direction; the vocabulary
declares each pair as owl:inverseOf. Every node has an rdfs:label (see labels.py).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from plan_progress.core.standard import CONTEXT_IRI
from plan_progress.model import iris, labels
from plan_progress.model.labels import label
from plan_progress.model.mapping import INDICATOR_POINTS, ClassMap, class_map, point_columns
from plan_progress.model.profiles import ExtensionField, Profile
from plan_progress.model.scope import Scope, report_of
from plan_progress.model.tables import Row, Tables

Node = dict[str, Any]


def build_document(tables: Tables, base_iri: str, profiles: Sequence[Profile] = ()) -> Node:
    return _Builder(tables).document(base_iri, profiles)


def text_facts(progress: str | None, issue: str | None) -> Node:
    """Facts counted from an entry's texts, so that a question about how much is written
    sums integers instead of reading every text: the length in code points (what SPARQL's
    STRLEN counts) and the progress text's paragraphs (a single line feed separates two:
    the text rules refuse an empty line and spaces around a break). The texts themselves
    are unchanged; an absent text has no facts."""
    facts: Node = {}
    if progress is not None:
        facts["progressLength"] = len(progress)
        facts["progressParagraphs"] = progress.count("\n") + 1
    if issue is not None:
        facts["issueLength"] = len(issue)
    return facts


def node_iri(table: str, row: Row | dict[str, Any], tables: Tables) -> str:
    """The IRI (relative to the base) of the node a row of `table` describes."""
    return Scope(tables).node_iri(table, row)


class _Builder:
    """One report's tables, indexed once, and the nodes made from them."""

    def __init__(self, tables: Tables) -> None:
        self.tables = tables
        self.scope = Scope(tables)
        self.report_row = report_of(tables)  # None: a plan published on its own
        self.plan_id, self.report_id = self.scope.plan_id, self.scope.report_id
        self.plans = {r["plan_id"]: r for r in tables["plans"]}
        self.goals = {r["goal_id"]: r for r in tables["basic-goals"]}
        self.initiatives_by_id = {r["initiative_id"]: r for r in tables["initiatives"]}
        self.actors = {r["actor_id"]: r for r in tables["actors"]}
        self.departments = {r["department_id"]: r for r in tables["departments"]}
        self.scales = {r["scale_id"]: r for r in tables["grade-scales"]}
        self.indicators = {r["indicator_id"]: r for r in tables["indicators"]}
        goal_lists = self.goal_lists = {r["goal_list_id"]: r for r in tables["goal-lists"]}
        # The report's plan first, then its sub-plans in file order; within a plan, goals by
        # list and by their numbers from the top; initiatives without a goal after the goals.
        plan_rank = {
            p: i for i, p in enumerate(sorted(self.plans, key=lambda p: p != self.plan_id))
        }
        self.goal_key = {
            g: (
                plan_rank[r["plan_id"]],
                goal_lists[r["goal_list_id"]]["number"] if r["goal_list_id"] in goal_lists else 0,
                _path(self.goals, g, "goal_id", "parent_goal_id", "number"),
            )
            for g, r in self.goals.items()
        }

        def initiative_key(r: Row) -> tuple:
            goal = self.goal_key.get(r["goal_id"])
            plan = plan_rank[self.scope.initiative_plan[r["initiative_id"]]]
            numbering = _path(
                self.initiatives_by_id, r["initiative_id"], "initiative_id",
                "parent_initiative_id", "number",
            )  # fmt: skip
            return (plan, goal is None, goal or (), numbering)

        self.initiative_order = sorted(tables["initiatives"], key=initiative_key)
        rank = {row["initiative_id"]: i for i, row in enumerate(self.initiative_order)}
        actor_rank = {a: i for i, a in enumerate(self.actors)}
        self.entries = sorted(
            tables["progress-entries"],
            key=lambda r: (
                rank[r["initiative_id"]],
                actor_rank[r["actor_id"]],
                r["fiscal_year"] or 0,
            ),
        )
        self.children: dict[str, list[Row]] = defaultdict(list)
        for row in self.initiative_order:
            if row["parent_initiative_id"] is not None:
                self.children[row["parent_initiative_id"]].append(row)
        self.links = tables["initiative-goals"]

    def document(self, base_iri: str, profiles: Sequence[Profile]) -> Node:
        local_context = {"@base": base_iri, **{p.prefix: p.namespace for p in profiles}}
        row = self.report_row
        if row is None:
            return self._plan_document(local_context, profiles)
        report: Node = {
            "@context": [CONTEXT_IRI, local_context],
            "id": iris.report(self.plan_id, self.report_id),
            "type": "ProgressReport",
            "label": label(row["title"]),
        }
        report.update(literals(class_map("ProgressReport"), row))
        report["plan"] = iris.plan(self.plan_id)
        confirmation = self._confirmation()
        if confirmation:
            report["confirmation"] = confirmation
        _put(report, "entries", [self._entry(r) for r in self.entries])
        scales = sorted(self.tables["grade-scales"], key=lambda r: r["number"])
        _put(report, "gradeScales", [self._grade_scale(r) for r in scales])
        _put(report, "grades", [self._grade(r) for r in self.tables["grades"]])
        _put(report, "gradeCounts", [self._count(r) for r in self.tables["grade-counts"]])
        _put(report, "indicators", [self._indicator(r) for r in self.tables["indicators"]])
        _put(report, "reportNotes", [self._note(r) for r in self.tables["report-notes"]])
        plans = sorted(self.plans.values(), key=lambda r: r["plan_id"] != self.plan_id)
        report["included"] = [
            *(self._plan(r) for r in plans),
            *(self._initiative(r) for r in self.initiative_order if r["goal_id"] is None),
            *(_actor(r) for r in self.tables["actors"]),
            *(_department(r) for r in self.tables["departments"]),
            *(self._body(r) for r in self.tables["confirmation-bodies"]),
            *self._extension_nodes(profiles),
        ]
        return report

    def _plan_document(self, local_context: Node, profiles: Sequence[Profile]) -> Node:
        """A plan published before (or without) a report: the document is the plan itself,
        with its sub-plans and the rest of what it names included, as in a report's."""
        plans = sorted(self.plans.values(), key=lambda r: r["plan_id"] != self.plan_id)
        document: Node = {"@context": [CONTEXT_IRI, local_context], **self._plan(plans[0])}
        included = [
            *(self._plan(r) for r in plans[1:]),
            *(self._initiative(r) for r in self.initiative_order if r["goal_id"] is None),
            *(_actor(r) for r in self.tables["actors"]),
            *(_department(r) for r in self.tables["departments"]),
            *(self._body(r) for r in self.tables["confirmation-bodies"]),
            *self._extension_nodes(profiles),
        ]
        _put(document, "included", included)
        return document

    def _extension_nodes(self, profiles: Sequence[Profile]) -> list[Node]:
        """Profile columns as extra node objects: JSON-LD merges them into the node with the
        same id, so the standard's nodes stay exactly as the JSON Schema describes them.
        A column that refers to another table's rows (`references`) becomes a link."""
        nodes = []
        for profile in profiles:
            by_table: dict[str, list[ExtensionField]] = {}
            for field in profile.fields:
                by_table.setdefault(field.table, []).append(field)
            for table, fields in by_table.items():
                for row in self.tables[table]:
                    values = {
                        profile.key(f): self._extension_value(f, row[f.column])
                        for f in fields
                        if row[f.column] is not None
                    }
                    if values:
                        nodes.append({"id": self.scope.node_iri(table, row), **values})
        return nodes

    def _extension_value(self, field: ExtensionField, value: Any) -> Any:
        if field.references is not None:
            target = self.target_row(field.references, value)
            return {"id": self.scope.node_iri(field.references, target)}
        if isinstance(value, Decimal):
            return {"@value": decimal_text(value), "@type": "xsd:decimal"}
        return _json_value(value)

    def target_row(self, table: str, key: str) -> Row:
        from plan_progress.model.profiles import primary_key

        column = primary_key(table)
        return next(r for r in self.tables[table] if r[column] == key)

    def _plan(self, row: Row) -> Node:
        plan_id = row["plan_id"]
        node: Node = {"id": iris.plan(plan_id), "type": "Plan", "label": labels.of_plan(row)}
        node.update(literals(class_map("Plan"), row))
        if row["parent_plan_id"] is not None:
            node["parentPlan"] = iris.plan(row["parent_plan_id"])
        area = iris.estat_standard_area(row["municipality_code"])
        if area is not None:
            node["standardAreaCode"] = area
        period = literals(class_map("PlanPeriod"), row)
        if period:
            node["period"] = {
                "id": iris.period(plan_id),
                "type": "PlanPeriod",
                "label": label(f"{labels.of_plan(row)['ja']}の計画期間"),
                **period,
            }
        _put(
            node,
            "authors",
            [iris.actor(r["actor_id"]) for r in self.tables["plan-authors"]
             if r["plan_id"] == plan_id],
        )  # fmt: skip
        _put(
            node,
            "goalLists",
            [
                self._goal_list(r)
                for r in sorted(self.tables["goal-lists"], key=lambda r: r["number"])
                if r["plan_id"] == plan_id
            ],
        )
        goals = sorted(
            (g for g in self.goals.values() if g["plan_id"] == plan_id),
            key=lambda g: self.goal_key[g["goal_id"]],
        )
        _put(node, "basicGoals", [self._goal(g) for g in goals])
        _put(
            node,
            "planRevisions",
            [self._revision(r) for r in self.tables["plan-revisions"] if r["plan_id"] == plan_id],
        )
        return node

    def _revision(self, row: Row) -> Node:
        """A declared revision (or difference in wording) of the plan or of a part of it."""
        subject, name = self._revised(row)
        return {
            "id": iris.plan_revision(row["plan_id"], row["revision_id"]),
            "type": "PlanRevision",
            "label": labels.of_revision(name, row),
            "revisionOf": subject,
            **literals(class_map("PlanRevision"), row),
        }

    def _revised(self, row: Row) -> tuple[str, str]:
        """The IRI and name of what a revision is about: the part named, else the plan."""
        if row["goal_id"] is not None:
            return self.scope.goal(row["goal_id"]), labels.of_goal(self.goals[row["goal_id"]])
        if row["initiative_id"] is not None:
            initiative = self.initiatives_by_id[row["initiative_id"]]
            return self.scope.initiative(row["initiative_id"]), labels.of_initiative(initiative)
        if row["goal_list_id"] is not None:
            goal_list = self.goal_lists[row["goal_list_id"]]
            return iris.goal_list(goal_list["plan_id"], row["goal_list_id"]), goal_list["title"]
        if row["actor_id"] is not None:
            return iris.actor(row["actor_id"]), self.actors[row["actor_id"]]["name"]
        if row["department_id"] is not None:
            department = self.departments[row["department_id"]]
            return iris.department(department["actor_id"], row["department_id"]), department[
                "name"
            ]
        if row["body_id"] is not None:
            body = next(b for b in self.tables["confirmation-bodies"]
                        if b["body_id"] == row["body_id"])  # fmt: skip
            return iris.body(self.plan_id, row["body_id"]), body["name"]
        return iris.plan(row["plan_id"]), labels.of_plan(self.plans[row["plan_id"]])["ja"]

    def _goal_list(self, row: Row) -> Node:
        node: Node = {
            "id": iris.goal_list(row["plan_id"], row["goal_list_id"]),
            "type": "GoalList",
            "label": label(row["title"]),
            **literals(class_map("GoalList"), row),
        }
        if row["owner_actor_id"] is not None:
            node["owner"] = iris.actor(row["owner_actor_id"])
        return node

    def _goal(self, goal: Row) -> Node:
        goal_id = goal["goal_id"]
        node: Node = {
            "id": self.scope.goal(goal_id),
            "type": "BasicGoal",
            "label": label(labels.of_goal(goal)),
            **literals(class_map("BasicGoal"), goal),
        }
        if goal["goal_list_id"] is not None:
            node["goalList"] = iris.goal_list(goal["plan_id"], goal["goal_list_id"])
        if goal["parent_goal_id"] is not None:
            node["parentGoal"] = self.scope.goal(goal["parent_goal_id"])
        narrower = sorted(
            (g for g in self.goals.values() if g["parent_goal_id"] == goal_id),
            key=lambda g: self.goal_key[g["goal_id"]],
        )
        _put(node, "narrowerGoals", [self.scope.goal(g["goal_id"]) for g in narrower])
        _put(
            node,
            "initiatives",
            [self._initiative(r) for r in self.initiative_order if r["goal_id"] == goal_id],
        )
        _put(
            node,
            "relatedInitiatives",
            [self.scope.initiative(r["initiative_id"]) for r in self._links(goal_id=goal_id)],
        )
        return node

    def _links(self, **match: str) -> list[Row]:
        """initiative-goals rows matching, in the order of initiatives then goals."""
        rank = {r["initiative_id"]: i for i, r in enumerate(self.initiative_order)}
        rows = [r for r in self.links if all(r[k] == v for k, v in match.items())]
        return sorted(rows, key=lambda r: (rank[r["initiative_id"]], self.goal_key[r["goal_id"]]))

    def _initiative(self, row: Row) -> Node:
        initiative_id = row["initiative_id"]
        node: Node = {
            "id": self.scope.initiative(initiative_id),
            "type": "Initiative",
            "label": label(row["title"]),
            **literals(class_map("Initiative"), row),
            "plan": iris.plan(self.scope.initiative_plan[initiative_id]),
        }
        if row["goal_id"] is not None:
            node["goal"] = self.scope.goal(row["goal_id"])
        if row["parent_initiative_id"] is not None:
            node["parentInitiative"] = self.scope.initiative(row["parent_initiative_id"])
        _put(
            node,
            "narrowerInitiatives",
            [self.scope.initiative(r["initiative_id"]) for r in self.children[initiative_id]],
        )
        _put(
            node,
            "relatedGoals",
            [self.scope.goal(r["goal_id"]) for r in self._links(initiative_id=initiative_id)],
        )
        _put(
            node,
            "progressEntries",
            [iris.entry(self.plan_id, self.report_id, e["entry_id"]) for e in self.entries
             if e["initiative_id"] == initiative_id],
        )  # fmt: skip
        _put(
            node,
            "responsibilities",
            [
                self._responsibility(row, r)
                for r in self.tables["responsibilities"]
                if r["initiative_id"] == initiative_id
            ],
        )
        return node

    def _responsibility(self, initiative: Row, row: Row) -> Node:
        department = self.departments[row["department_id"]]
        return {
            "id": iris.responsibility(
                self.scope.initiative(initiative["initiative_id"]), row["department_id"]
            ),
            "type": "Responsibility",
            "label": label(f"{initiative['title']}：{department['name']}"),
            "department": iris.department(department["actor_id"], row["department_id"]),
            **literals(class_map("Responsibility"), row),
        }

    def _confirmation(self) -> Node | None:
        row = self.report_row
        if row["confirmed_by"] is None:
            return None
        return {
            "id": iris.confirmation(self.plan_id, self.report_id),
            "type": "Confirmation",
            "label": label(f"{row['title']}の確定"),
            "confirmedBy": iris.body(self.plan_id, row["confirmed_by"]),
            **literals(class_map("Confirmation"), row),
        }

    def _entry(self, row: Row) -> Node:
        initiative = self.initiatives_by_id[row["initiative_id"]]
        return {
            "id": iris.entry(self.plan_id, self.report_id, row["entry_id"]),
            "type": "ProgressEntry",
            "label": labels.of_entry(initiative["title"], self.actors[row["actor_id"]], row),
            "initiative": self.scope.initiative(row["initiative_id"]),
            "actor": iris.actor(row["actor_id"]),
            **literals(class_map("ProgressEntry"), row),
            **text_facts(row["progress"], row["issue"]),
        }

    def _body(self, row: Row) -> Node:
        return {
            "id": iris.body(self.plan_id, row["body_id"]),
            "type": "ConfirmationBody",
            "label": label(row["name"]),
            **literals(class_map("ConfirmationBody"), row),
        }

    def _grade_scale(self, row: Row) -> Node:
        scale_id = row["scale_id"]
        node: Node = {
            "id": iris.grade_scale(self.plan_id, self.report_id, scale_id),
            "type": "GradeScale",
            "label": label(row["title"]),
            **literals(class_map("GradeScale"), row),
        }
        if row["assessed_by"] is not None:
            node["assessedBy"] = iris.body(self.plan_id, row["assessed_by"])
        levels = [r for r in self.tables["grade-levels"] if r["scale_id"] == scale_id]
        # Ranked levels in rank order; unranked (nominal) ones in file order after them.
        levels.sort(key=lambda r: (r["rank"] is None, r["rank"] or 0))
        _put(
            node,
            "levels",
            [
                {
                    "id": iris.grade_level(self.plan_id, self.report_id, scale_id, level["code"]),
                    "type": "GradeLevel",
                    "label": labels.of_level(level),
                    **literals(class_map("GradeLevel"), level),
                }
                for level in levels
            ],
        )
        return node

    def _subject_label(self, row: Row) -> str:
        if row["initiative_id"] is not None:
            return self.initiatives_by_id[row["initiative_id"]]["title"]
        if row["goal_id"] is not None:
            return labels.of_goal(self.goals[row["goal_id"]])
        if row["indicator_id"] is not None:
            return self._indicator_label(self.indicators[row["indicator_id"]])["ja"]
        return labels.of_plan(self.plans[self.scope.plan_of(row, "grades")])["ja"]

    def _grade(self, row: Row) -> Node:
        scale = self.scales[row["scale_id"]]
        node: Node = {
            "id": iris.grade(self.plan_id, self.report_id, row["grade_id"]),
            "type": "Grade",
            "label": labels.of_grade(self._subject_label(row), scale, row),
            "scale": iris.grade_scale(self.plan_id, self.report_id, row["scale_id"]),
            "subject": self.scope.subject(row, "grades"),
            "plan": iris.plan(self.scope.plan_of(row, "grades")),
        }
        if row["code"] is not None:
            node["level"] = iris.grade_level(
                self.plan_id, self.report_id, row["scale_id"], row["code"]
            )
        if row["actor_id"] is not None:
            node["actor"] = iris.actor(row["actor_id"])
        node.update(literals(class_map("Grade"), row))
        return node

    def _count(self, row: Row) -> Node:
        scale = self.scales[row["scale_id"]]
        goal = self.goals.get(row["goal_id"])
        node: Node = {
            "id": iris.grade_count(self.plan_id, self.report_id, row["count_id"]),
            "type": "GradeCount",
            "label": labels.of_count(goal and labels.of_goal(goal), scale, row),
            "scale": iris.grade_scale(self.plan_id, self.report_id, row["scale_id"]),
            "subject": self.scope.goal(row["goal_id"]) if goal else iris.plan(self.plan_id),
        }
        if row["code"] is not None:  # else the total over all levels
            node["level"] = iris.grade_level(
                self.plan_id, self.report_id, row["scale_id"], row["code"]
            )
        node.update(literals(class_map("GradeCount"), row))
        return node

    def _note(self, row: Row) -> Node:
        return {
            "id": iris.report_note(self.plan_id, self.report_id, row["note_id"]),
            "type": "ReportNote",
            "label": labels.of_note(row),
            **literals(class_map("ReportNote"), row),
        }

    def _indicator_label(self, row: Row) -> dict[str, str]:
        return labels.of_indicator(row, self.indicators.get(row["parent_indicator_id"]))

    def _indicator(self, row: Row) -> Node:
        indicator_id = row["indicator_id"]
        title = self._indicator_label(row)["ja"]
        node: Node = {
            "id": self.scope.indicator(indicator_id),
            "type": "Indicator",
            "label": label(title),
            **literals(class_map("Indicator"), row),
            "subject": self.scope.subject(row, "indicators"),
            "plan": iris.plan(self.scope.indicator_plan[indicator_id]),
        }
        if row["parent_indicator_id"] is not None:
            node["parentIndicator"] = self.scope.indicator(row["parent_indicator_id"])
        measurement = class_map("Measurement")
        for point in INDICATOR_POINTS:
            values = literals(measurement, row, point_columns(point))
            if values:
                node[point] = {
                    "id": iris.indicator_point(self.plan_id, self.report_id, indicator_id, point),
                    "type": "Measurement",
                    "label": labels.of_point(title, point, row[f"{point}_heading"]),
                    **values,
                }
        series = sorted(
            (r for r in self.tables["indicator-values"] if r["indicator_id"] == indicator_id),
            key=lambda r: r["fiscal_year"],
        )
        _put(
            node,
            "series",
            [
                {
                    "id": iris.indicator_year(
                        self.plan_id, self.report_id, indicator_id, r["fiscal_year"]
                    ),
                    "type": "Measurement",
                    "label": labels.of_year_value(title, r),
                    **literals(measurement, r),
                }
                for r in series
            ],
        )
        return node


def _path(rows: dict[str, Row], key: str, id_column: str, parent_column: str, number: str):
    """(1,) for ①, (1, 2) for the 2nd sub-measure of ①: the order the report prints them in.
    A row printed without a number keeps its place in the file (after numbered siblings)."""
    row, path = rows[key], [_place(rows[key], number)]
    seen = {key}  # a cycle of parents must not loop forever (the model check reports it)
    while row[parent_column] in rows and row[parent_column] not in seen:
        row = rows[row[parent_column]]
        seen.add(row[id_column])
        path.insert(0, _place(row, number))
    return tuple(path)


def _place(row: Row, number: str) -> tuple[bool, int, int]:
    return (row[number] is None, row[number] or 0, row.number)


def literals(mapping: ClassMap, row: Row, columns: dict[str, str] | None = None) -> Node:
    """The literal keys of `mapping` that have a value in `row` (empty cells are left out)."""
    node: Node = {}
    for key, column in (columns or mapping.literals).items():
        value = row[column]
        if value is None:
            continue
        node[key] = _json_value(value)
    return node


def decimal_text(value: Decimal) -> str:
    """A `number` cell as the xsd:decimal lexical form of the digits as printed: 45.0 stays
    45.0 (a JSON float would lose the trailing zero); an exponent is written out."""
    return format(value, "f")


def _json_value(value: Any) -> Any:
    """Table Schema types -> JSON: dates as ISO text, `number` cells as decimal text (the
    context types them xsd:decimal)."""
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return decimal_text(value)
    return value


def _put(node: Node, key: str, values: list[Any]) -> None:
    """Optional lists are left out when empty, so a report without them reads as before."""
    if values:
        node[key] = values


def _actor(row: Row) -> Node:
    node: Node = {
        "id": iris.actor(row["actor_id"]),
        "type": "Actor",
        "label": label(row["name"]),
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
        "label": label(row["name"]),
        **literals(class_map("Department"), row),
        "unitOf": iris.actor(row["actor_id"]),
    }
