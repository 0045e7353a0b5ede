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

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from plan_progress.core.standard import CONTEXT_IRI
from plan_progress.model import iris, labels
from plan_progress.model.jsonld_values import Node, decimal_text, json_value, literals, put
from plan_progress.model.jsonld_year_nodes import YearNodes
from plan_progress.model.labels import label
from plan_progress.model.mapping import class_map
from plan_progress.model.profiles import ExtensionField, Profile
from plan_progress.model.scope import Scope
from plan_progress.model.tables import Row, Tables

__all__ = ["build_document", "decimal_text", "literals", "node_iri", "text_facts"]


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


class _Builder(YearNodes):
    """One report's tables, indexed once, and the nodes made from them."""

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
        put(report, "entries", [self._entry(r) for r in self.entries])
        scales = sorted(self.tables["grade-scales"], key=lambda r: r["number"])
        put(report, "gradeScales", [self._grade_scale(r) for r in scales])
        put(report, "grades", [self._grade(r) for r in self.tables["grades"]])
        put(report, "gradeCounts", [self._count(r) for r in self.tables["grade-counts"]])
        put(report, "indicators", [self._indicator(r) for r in self.tables["indicators"]])
        put(report, "reportNotes", [self._note(r) for r in self.tables["report-notes"]])
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
        put(document, "included", included)
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
        return json_value(value)

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
        put(
            node,
            "authors",
            [iris.actor(r["actor_id"]) for r in self.tables["plan-authors"]
             if r["plan_id"] == plan_id],
        )  # fmt: skip
        put(
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
        put(node, "basicGoals", [self._goal(g) for g in goals])
        put(
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
            return iris.department(department["actor_id"], row["department_id"]), department["name"]
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
        narrower = self.narrower_goals[goal_id]
        put(node, "narrowerGoals", [self.scope.goal(g["goal_id"]) for g in narrower])
        put(node, "initiatives", [self._initiative(r) for r in self.initiatives_of_goal[goal_id]])
        put(
            node,
            "relatedInitiatives",
            [self.scope.initiative(r["initiative_id"]) for r in self.links_of_goal[goal_id]],
        )
        return node

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
        put(
            node,
            "narrowerInitiatives",
            [self.scope.initiative(r["initiative_id"]) for r in self.children[initiative_id]],
        )
        put(
            node,
            "relatedGoals",
            [self.scope.goal(r["goal_id"]) for r in self.links_of_initiative[initiative_id]],
        )
        put(
            node,
            "progressEntries",
            [iris.entry(self.plan_id, self.report_id, e["entry_id"])
             for e in self.entries_of[initiative_id]],
        )  # fmt: skip
        put(
            node,
            "responsibilities",
            [self._responsibility(row, r) for r in self.responsibilities_of[initiative_id]],
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
