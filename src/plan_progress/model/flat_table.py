"""The flat table a portal user wants: one row per progress entry, joined with its context."""

from __future__ import annotations

import csv
import io
from typing import Any

from plan_progress.model.tables import Tables


def flat_rows(tables: Tables, entry_order: list[str]) -> list[dict[str, Any]]:
    """Rows in the order of the JSON-LD document's entries (goal, initiative, actor)."""
    (report,) = tables["reports"]
    (plan,) = tables["plans"]
    goals = {r["goal_id"]: r for r in tables["basic-goals"]}
    initiatives = {r["initiative_id"]: r for r in tables["initiatives"]}
    actors = {r["actor_id"]: r for r in tables["actors"]}
    entries = {r["entry_id"]: r for r in tables["progress-entries"]}
    rows = []
    for entry_id in entry_order:
        entry = entries[entry_id]
        initiative = initiatives[entry["initiative_id"]]
        goal = goals[initiative["goal_id"]]
        actor = actors[entry["actor_id"]]
        rows.append(
            {
                "entry_id": entry_id,
                "municipality_code": plan["municipality_code"],
                "municipality_name": plan["municipality_name"],
                "plan_title": plan["title"],
                "report_title": report["title"],
                "goal_number": goal["number"],
                "goal_title": goal["title"],
                "initiative_number": initiative["number"],
                "initiative_title": initiative["title"],
                "actor_id": actor["actor_id"],
                "actor_short_name": actor["short_name"],
                "actor_name": actor["name"],
                "progress": entry["progress"],
                "issue": entry["issue"],
            }
        )
    return rows


def to_csv(rows: list[dict[str, Any]], columns: list[str]) -> str:
    """RFC 4180 CSV with LF line ends, the canonical form of every table in the package."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()
