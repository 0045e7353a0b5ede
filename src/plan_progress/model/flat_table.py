"""The flat table a portal user wants: one row per progress entry, joined with its context.

Hierarchies of any depth (区分 I > 目標 1 > 施策 (1) > 事業) stay readable in the one table:
`goal_path` and `initiative_path` give the printed number of each level from the top down
(the order number where none is printed), and the `*_path_titles` columns the titles.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from plan_progress.model.scope import main_plan, report_of
from plan_progress.model.tables import Row, Tables

PATH_SEPARATOR = " > "


def flat_rows(tables: Tables, entry_order: list[str]) -> list[dict[str, Any]]:
    """Rows in the order of the JSON-LD document's entries (goal, initiative, actor, year)."""
    plan = main_plan(tables)
    report = report_of(tables)  # None only for a plan on its own, which has no entries
    goals = {r["goal_id"]: r for r in tables["basic-goals"]}
    initiatives = {r["initiative_id"]: r for r in tables["initiatives"]}
    actors = {r["actor_id"]: r for r in tables["actors"]}
    entries = {r["entry_id"]: r for r in tables["progress-entries"]}
    rows = []
    for entry_id in entry_order:
        entry = entries[entry_id]
        initiative = initiatives[entry["initiative_id"]]
        goal = goals.get(initiative["goal_id"])
        actor = actors[entry["actor_id"]]
        goal_path = _ancestry(goals, goal, "parent_goal_id") if goal else []
        initiative_path = _ancestry(initiatives, initiative, "parent_initiative_id")
        rows.append(
            {
                "entry_id": entry_id,
                "municipality_code": plan["municipality_code"],
                "municipality_name": plan["municipality_name"],
                "plan_title": plan["title"],
                "report_title": report["title"] if report is not None else None,
                "fiscal_year": entry["fiscal_year"],
                "fiscal_year_label": entry["fiscal_year_label"],
                "goal_number": goal and goal["number"],
                "goal_notation": goal and goal["notation"],
                "goal_path": _joined(_printed(r) for r in goal_path),
                # An untitled level (a printed "1-(1)" with no name) keeps its place as an empty part.
                "goal_path_titles": _joined(r["title"] or "" for r in goal_path),
                "goal_title": goal and goal["title"],
                "initiative_number": initiative["number"],
                "initiative_notation": initiative["notation"],
                "initiative_path": _joined(_printed(r) for r in initiative_path),
                "initiative_path_titles": _joined(r["title"] or "" for r in initiative_path),
                "initiative_title": initiative["title"],
                "actor_id": actor["actor_id"],
                "actor_short_name": actor["short_name"],
                "actor_name": actor["name"],
                "progress": entry["progress"],
                "issue": entry["issue"],
            }
        )
    return rows


def _ancestry(rows: dict[str, Row], row: Row, parent_column: str) -> list[Row]:
    """`row` and its parents, the top first (a loop of parents stops where it closes)."""
    path, seen = [row], {id(row)}
    while (parent := rows.get(path[0][parent_column])) is not None and id(parent) not in seen:
        path.insert(0, parent)
        seen.add(id(parent))
    return path


def _printed(row: Row) -> str:
    if row["notation"] is not None:
        return row["notation"]
    return "" if row["number"] is None else str(row["number"])  # printed without a number


def _joined(parts: Any) -> str | None:
    text = PATH_SEPARATOR.join(parts)
    return text or None


def to_csv(rows: list[dict[str, Any]], columns: list[str]) -> str:
    """RFC 4180 CSV with LF line ends, the canonical form of every table in the package."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


# Where each column's value comes from (`flat_rows` copies it unchanged), so that a check can
# tell which of the flat table's constraints the source tables' own checks already proved
# (checks/flat_implied.py). The path columns are made here: joined parts, or empty.
COLUMN_SOURCES = {
    "entry_id": ("progress-entries", "entry_id"),
    "municipality_code": ("plans", "municipality_code"),
    "municipality_name": ("plans", "municipality_name"),
    "plan_title": ("plans", "title"),
    "report_title": ("reports", "title"),
    "fiscal_year": ("progress-entries", "fiscal_year"),
    "fiscal_year_label": ("progress-entries", "fiscal_year_label"),
    "goal_number": ("basic-goals", "number"),
    "goal_notation": ("basic-goals", "notation"),
    "goal_title": ("basic-goals", "title"),
    "initiative_number": ("initiatives", "number"),
    "initiative_notation": ("initiatives", "notation"),
    "initiative_title": ("initiatives", "title"),
    "actor_id": ("actors", "actor_id"),
    "actor_short_name": ("actors", "short_name"),
    "actor_name": ("actors", "name"),
    "progress": ("progress-entries", "progress"),
    "issue": ("progress-entries", "issue"),
}
# `_joined` gives a non-empty text or None: never "", whatever the parts.
JOINED_COLUMNS = ("goal_path", "goal_path_titles", "initiative_path", "initiative_path_titles")
# Tables a row may have no match in (an initiative without a goal): their columns may be empty.
OPTIONAL_JOINS = ("basic-goals",)
