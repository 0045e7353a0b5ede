"""One package's tables indexed once, in the order the documents print them: the package's
plan first, then its sub-plans; goals by list and by their numbers from the top; initiatives
under their goals (those without a goal after the goals); entries by initiative, actor and
year. A plan of tens of thousands of initiatives must not scan every row again for each goal
or initiative, so every lookup the document makes is a dictionary built here.
"""

from __future__ import annotations

from collections import defaultdict

from plan_progress.model.scope import Scope, report_of
from plan_progress.model.tables import Row, Tables


class PackageIndex:
    """The rows of one package's tables by id, in document order."""

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
        # Indexes built once: a plan of tens of thousands of initiatives must not scan every
        # initiative, entry or link again for each goal or initiative.
        rank = {row["initiative_id"]: i for i, row in enumerate(self.initiative_order)}
        links = sorted(
            tables["initiative-goals"],
            key=lambda r: (rank[r["initiative_id"]], self.goal_key[r["goal_id"]]),
        )
        self.links_of_goal: dict[str, list[Row]] = defaultdict(list)
        self.links_of_initiative: dict[str, list[Row]] = defaultdict(list)
        for link in links:
            self.links_of_goal[link["goal_id"]].append(link)
            self.links_of_initiative[link["initiative_id"]].append(link)
        self.initiatives_of_goal: dict[str, list[Row]] = defaultdict(list)
        for row in self.initiative_order:
            self.initiatives_of_goal[row["goal_id"]].append(row)
        self.entries_of: dict[str, list[Row]] = defaultdict(list)
        for entry in self.entries:
            self.entries_of[entry["initiative_id"]].append(entry)
        self.responsibilities_of: dict[str, list[Row]] = defaultdict(list)
        for responsibility in tables["responsibilities"]:
            self.responsibilities_of[responsibility["initiative_id"]].append(responsibility)
        self.narrower_goals: dict[str, list[Row]] = defaultdict(list)
        for goal_row in sorted(self.goals.values(), key=lambda g: self.goal_key[g["goal_id"]]):
            if goal_row["parent_goal_id"] is not None:
                self.narrower_goals[goal_row["parent_goal_id"]].append(goal_row)
        self.values_of_indicator: dict[str, list[Row]] = defaultdict(list)
        for value in sorted(tables["indicator-values"], key=lambda r: r["fiscal_year"]):
            self.values_of_indicator[value["indicator_id"]].append(value)
        self.levels_of_scale: dict[str, list[Row]] = defaultdict(list)
        for level in tables["grade-levels"]:
            self.levels_of_scale[level["scale_id"]].append(level)


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
