"""Grades of one report against the next, each on its own scale's order.

A grade moves up or down only on an ordinal scale, by its levels' rank (1 is the best),
and only when both years use the same scale (same id, type and levels with the same
ranks): codes are never compared as strings. Otherwise the grade is "same", "changed"
(a nominal scale, or no known direction) or "not-comparable" with the reason.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from plan_progress.diff.years import ReportYears
from plan_progress.model.tables import Row, Tables

Subject = tuple[str, str]  # ("plan" | "goal" | "initiative", id)


@dataclass(frozen=True)
class Scale:
    scale_id: str
    title: str
    scale_type: str
    lower_is_better: bool | None
    levels: tuple[tuple[str, int | None], ...]  # (code, rank) in the table's order
    level_titles: dict[str, str | None]

    def rank(self, code: str | None) -> int | None:
        return dict(self.levels).get(code) if code is not None else None

    def same_as(self, other: Scale) -> bool:
        """Whether grades on the two can be set side by side (the title may be reworded)."""
        return (
            self.scale_id == other.scale_id
            and self.scale_type == other.scale_type
            and sorted(self.levels, key=str) == sorted(other.levels, key=str)
            and self.lower_is_better == other.lower_is_better
        )


def scales_of(tables: Tables) -> dict[str, Scale]:
    levels: dict[str, list[Row]] = {}
    for row in tables["grade-levels"]:
        levels.setdefault(row["scale_id"], []).append(row)
    return {
        row["scale_id"]: Scale(
            row["scale_id"],
            row["title"],
            row["scale_type"],
            row["lower_is_better"],
            tuple((lv["code"], lv["rank"]) for lv in levels.get(row["scale_id"], [])),
            {lv["code"]: lv["title_ja"] for lv in levels.get(row["scale_id"], [])},
        )
        for row in tables["grade-scales"]
    }


def subject_of(row: Row) -> Subject | None:
    """What a grade is about; None for an indicator's grade (indicators are compared by
    their values)."""
    if row["indicator_id"] is not None:
        return None
    if row["initiative_id"] is not None:
        return ("initiative", row["initiative_id"])
    if row["goal_id"] is not None:
        return ("goal", row["goal_id"])
    return ("plan", row["plan_id"] or "")


GradeKey = tuple[Subject, str | None]  # subject, actor


def own_grades(tables: Tables, years: ReportYears) -> dict[GradeKey, list[Row]]:
    """The report's own grades (of its own fiscal year, or without one) by subject and
    actor, in the table's order; a grade restated from an earlier year is not its own."""
    out: dict[GradeKey, list[Row]] = {}
    for row in tables["grades"]:
        subject = subject_of(row)
        if subject is None or not years.own(row["fiscal_year"]):
            continue
        out.setdefault((subject, row["actor_id"]), []).append(row)
    return out


def _given(row: Row, scale: Scale | None) -> dict[str, Any]:
    value = row["value"]
    return {
        "scale_id": row["scale_id"],
        "scale_title": scale.title if scale else None,
        "code": row["code"],
        "value": format(value, "f") if isinstance(value, Decimal) else None,
        "level_title": scale.level_titles.get(row["code"]) if scale and row["code"] else None,
        "rank": scale.rank(row["code"]) if scale else None,
        "reason": row["reason"],
    }


def compare_grades(
    old_rows: Iterable[Row],
    new_rows: Iterable[Row],
    old_scales: dict[str, Scale],
    new_scales: dict[str, Scale],
) -> list[dict[str, Any]]:
    """The grades of one subject and actor: matched by scale, then a leftover pair on two
    different scales set side by side as not comparable; the rest added or dropped."""
    old_by = {r["scale_id"]: r for r in old_rows}
    new_by = {r["scale_id"]: r for r in new_rows}
    out = []
    for scale_id in [s for s in new_by if s in old_by]:
        out.append(_pair(old_by.pop(scale_id), new_by.pop(scale_id), old_scales, new_scales))
    if len(old_by) == 1 and len(new_by) == 1:
        out.append(_pair(old_by.popitem()[1], new_by.popitem()[1], old_scales, new_scales))
    for row in new_by.values():
        out.append(_change(None, _given(row, new_scales.get(row["scale_id"])), "added", None))
    for row in old_by.values():
        out.append(_change(_given(row, old_scales.get(row["scale_id"])), None, "dropped", None))
    return out


def _change(
    old: dict[str, Any] | None, new: dict[str, Any] | None, movement: str, reason: str | None
) -> dict[str, Any]:
    return {"old": old, "new": new, "movement": movement, "reason": reason}


def _pair(
    old_row: Row, new_row: Row, old_scales: dict[str, Scale], new_scales: dict[str, Scale]
) -> dict[str, Any]:
    old_scale, new_scale = old_scales.get(old_row["scale_id"]), new_scales.get(new_row["scale_id"])
    old, new = _given(old_row, old_scale), _given(new_row, new_scale)
    if old_scale is None or new_scale is None or old_row["scale_id"] != new_row["scale_id"]:
        return _change(old, new, "not-comparable", "different-scales")
    if not old_scale.same_as(new_scale):
        return _change(old, new, "not-comparable", "scale-changed")
    scale = new_scale
    if scale.scale_type == "numeric":
        return _numeric(old, new, old_row["value"], new_row["value"], scale)
    if old_row["code"] == new_row["code"]:
        return _change(old, new, "same", None)
    if scale.scale_type != "ordinal":
        return _change(old, new, "changed", "nominal-scale")
    before, after = scale.rank(old_row["code"]), scale.rank(new_row["code"])
    if before is None or after is None:
        return _change(old, new, "not-comparable", "unranked-level")
    # rank 1 is the best level: a smaller rank is a better grade
    return _change(old, new, "up" if after < before else "down", None)


def _numeric(
    old: dict[str, Any], new: dict[str, Any], before: Any, after: Any, scale: Scale
) -> dict[str, Any]:
    if before is None or after is None:
        return _change(old, new, "not-comparable", "no-value")
    if before == after:
        return _change(old, new, "same", None)
    if scale.lower_is_better is None:
        return _change(old, new, "changed", "no-direction")
    better = after < before if scale.lower_is_better else after > before
    return _change(old, new, "up" if better else "down", None)
