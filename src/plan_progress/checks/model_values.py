"""Rules of the model about values: points and their statuses, names, finite numbers, fiscal
years, confirmation, scales and grades, printed counts, and rows nothing uses (the structure
rules are in model.py, which runs these after its own)."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from plan_progress.core.problems import Problem
from plan_progress.model.mapping import INDICATOR_POINTS
from plan_progress.model.tables import Row, Tables


def _values_and_statuses(tables: Tables, paths: dict[str, str]) -> list[Problem]:
    """A point has a number, or else text (words, or the mark printed for no value) and a status
    saying why there is no number: a number never comes with either."""
    groups = [
        ("indicators", [(f"{p}_value", f"{p}_text", f"{p}_status") for p in INDICATOR_POINTS]),
        ("indicator-values", [("actual_value", "actual_text", "actual_status"),
                              ("planned_value", "planned_text", None)]),
    ]  # fmt: skip
    problems = []
    for table, points in groups:
        for row in tables[table]:
            for value, *others in points:
                given = [c for c in others if c is not None and row[c] is not None]
                if row[value] is not None and given:
                    problems.append(
                        Problem("model.value-and-status", paths[table], row.number, given[0],
                                {"given": [value, *given]})
                    )  # fmt: skip
    return problems


def _names(tables: Tables, paths: dict[str, str]) -> list[Problem]:
    """A goal printed without a title still has its printed number; an indicator without a
    title is a breakdown of another or the values of a goal or initiative."""
    problems = [
        Problem("model.unnamed", paths["basic-goals"], row.number, "title",
                {"value": row["goal_id"], "columns": ["title", "notation"]})
        for row in tables["basic-goals"]
        if row["title"] is None and row["notation"] is None
    ]  # fmt: skip
    columns = ["title", "parent_indicator_id", "goal_id", "initiative_id"]
    problems += [
        Problem("model.unnamed", paths["indicators"], row.number, "title",
                {"value": row["indicator_id"], "columns": columns})
        for row in tables["indicators"]
        if all(row[c] is None for c in columns)
    ]  # fmt: skip
    return problems


def _finite_numbers(tables: Tables, paths: dict[str, str]) -> list[Problem]:
    """NaN and Infinity read as numbers but are no printed value (and no xsd:decimal)."""
    problems = []
    for table, rows in tables.items():
        for row in rows:
            for column, value in row.cells.items():
                if isinstance(value, Decimal) and not value.is_finite():
                    problems.append(
                        Problem("table.type", paths[table], row.number, column,
                                {"value": str(value), "type": "number"})
                    )  # fmt: skip
    return problems


def _fiscal_years(tables: Tables, paths: dict[str, str]) -> list[Problem]:
    problems = []
    for row in tables["reports"]:
        first, last = row["fiscal_year"], row["fiscal_year_end"]
        if last is not None and (first is None or last <= first):
            detail = {
                "ja": f"最初の年度 {first or '（空欄）'}、最後の年度 {last}",
                "en": f"first year {first or '(empty)'}, last year {last}",
            }
            problems.append(
                Problem("model.fiscal-years", paths["reports"], row.number, "fiscal_year_end",
                        {"detail": detail})
            )  # fmt: skip
    return problems


def _confirmation(tables: Tables, paths: dict[str, str]) -> list[Problem]:
    problems = []
    for row in tables["reports"]:
        dated = row["confirmation_date"] is not None or row["confirmation_date_label"] is not None
        if dated and row["confirmed_by"] is None:
            problems.append(
                Problem(
                    "table.required",
                    paths["reports"],
                    row.number,
                    "confirmed_by",
                    {"detail": "confirmation_date without confirmed_by"},
                )
            )
    return problems


def _scale_types(tables: Tables, paths: dict[str, str]) -> list[Problem]:
    """Ordinal levels are ranked, nominal ones not; a numeric scale has no levels, and only
    a numeric scale has a range and a direction."""
    scales = {s["scale_id"]: s for s in tables["grade-scales"]}
    problems = []

    def problem(path: str, row: Row, column: str, scale: Row, ja: str, en: str) -> None:
        problems.append(
            Problem("model.scale-type", path, row.number, column,
                    {"value": scale["scale_id"], "scale_type": scale["scale_type"],
                     "detail": {"ja": ja, "en": en}})
        )  # fmt: skip

    for scale in tables["grade-scales"]:
        if scale["scale_type"] != "numeric":
            for column in ("minimum", "maximum", "lower_is_better"):
                if scale[column] is not None:
                    problem(paths["grade-scales"], scale, column, scale,
                            f"{column} は数値尺度にだけ書けます", f"{column} is for numeric scales")  # fmt: skip
        low, high = scale["minimum"], scale["maximum"]
        if low is not None and high is not None and low >= high:
            problem(paths["grade-scales"], scale, "maximum", scale,
                    "最大値が最小値以下です", "the maximum is not above the minimum")  # fmt: skip
    for level in tables["grade-levels"]:
        scale = scales.get(level["scale_id"])
        if scale is None:
            continue  # the foreign key check reports it
        path = paths["grade-levels"]
        if scale["scale_type"] == "numeric":
            problem(path, level, "scale_id", scale,
                    "数値尺度に段階は作れません", "a numeric scale has no levels")  # fmt: skip
        elif scale["scale_type"] == "nominal" and level["rank"] is not None:
            problem(path, level, "rank", scale,
                    "名義尺度の段階には順位を付けません", "a level of a nominal scale has no rank")  # fmt: skip
    return problems


def _grade_values(tables: Tables, paths: dict[str, str]) -> list[Problem]:
    """A grade on a numeric scale is a value (within the range, if stated); on the others a
    code of the scale's levels."""
    scales = {s["scale_id"]: s for s in tables["grade-scales"]}
    levels = {(r["scale_id"], r["code"]) for r in tables["grade-levels"]}
    path = paths["grades"]
    problems = []
    for row in tables["grades"]:
        scale = scales.get(row["scale_id"])
        if scale is None:
            continue  # the foreign key check reports it
        numeric = scale["scale_type"] == "numeric"
        reason = None
        if numeric and row["value"] is None:
            column, reason = (
                "value",
                ("数値尺度の評価には value が必要です", "a grade on a numeric scale needs a value"),
            )
        elif numeric and row["code"] is not None:
            column, reason = (
                "code",
                ("数値尺度の評価に code は使いません", "a grade on a numeric scale has no code"),
            )
        elif not numeric and row["code"] is None:
            column, reason = (
                "code",
                ("この尺度の評価には code が必要です", "a grade on this scale needs a code"),
            )
        elif not numeric and row["value"] is not None:
            column, reason = (
                "value",
                ("value は数値尺度にだけ使います", "value is for numeric scales"),
            )
        elif numeric and not _within(row["value"], scale["minimum"], scale["maximum"]):
            column, reason = "value", ("尺度の範囲の外です", "outside the scale's range")
        if reason is not None:
            problems.append(
                Problem("model.grade-value", path, row.number, column,
                        {"value": row["grade_id"], "scale": scale["scale_id"],
                         "scale_type": scale["scale_type"],
                         "detail": {"ja": reason[0], "en": reason[1]}})
            )  # fmt: skip
        elif row["code"] is not None and (row["scale_id"], row["code"]) not in levels:
            problems.append(_level_missing(path, row))
    for row in tables["grade-counts"]:
        if row["code"] is not None and (row["scale_id"], row["code"]) not in levels:
            problems.append(_level_missing(paths["grade-counts"], row))
    return problems


def _level_missing(path: str, row: Row) -> Problem:
    """The composite key (scale_id, code) -> grade-levels, checked here because a Table Schema
    foreign key fails on a row whose code is empty (a numeric grade, a total count)."""
    return Problem("table.foreign-key", path, row.number, "scale_id,code",
                   {"value": f"{row['scale_id']},{row['code']}",
                    "target": "grade-levels.scale_id,code"})  # fmt: skip


def _within(value: Decimal, low: Decimal | None, high: Decimal | None) -> bool:
    return (low is None or value >= low) and (high is None or value <= high)


def _goal_per_list(tables: Tables, paths: dict[str, str]) -> list[Problem]:
    """An initiative sits under at most one goal of each goal list: its own goal and the goals
    it is linked to in initiative-goals (goals outside any list count as one list)."""
    goal_list = {r["goal_id"]: r["goal_list_id"] for r in tables["basic-goals"]}
    goals_of: dict[str, list[str]] = defaultdict(list)
    for row in tables["initiatives"]:
        if row["goal_id"] is not None:
            goals_of[row["initiative_id"]].append(row["goal_id"])
    problems = []
    for row in tables["initiative-goals"]:
        if row["goal_id"] not in goal_list:
            continue  # the foreign key check reports it
        same = [g for g in goals_of[row["initiative_id"]]
                if goal_list.get(g) == goal_list[row["goal_id"]]]  # fmt: skip
        if same:
            problems.append(
                Problem("model.goal-per-list", paths["initiative-goals"], row.number, "goal_id",
                        {"value": row["initiative_id"],
                         "goal_list": goal_list[row["goal_id"]] or "—",
                         "goals": [*same, row["goal_id"]]})
            )  # fmt: skip
        goals_of[row["initiative_id"]].append(row["goal_id"])
    return problems


def _counts_match_grades(tables: Tables, paths: dict[str, str]) -> list[Problem]:
    """A printed count against the grades entered on the same scale, level and year (and goal:
    grades of the goal's initiatives, at any depth). Compared only when grades on that scale
    were entered; a difference is a warning, since printed totals may cover items left out."""
    graded_scales = {g["scale_id"] for g in tables["grades"]}
    initiatives = {r["initiative_id"]: r for r in tables["initiatives"]}
    goals = {r["goal_id"]: r for r in tables["basic-goals"]}

    def under_goal(grade: Row, goal_id: str) -> bool:
        goal = grade["goal_id"]
        if grade["initiative_id"] in initiatives:
            goal = initiatives[grade["initiative_id"]]["goal_id"]
        seen: set[str] = set()
        while goal is not None and goal not in seen:
            if goal == goal_id:
                return True
            seen.add(goal)
            goal = goals[goal]["parent_goal_id"] if goal in goals else None
        return False

    problems = []
    for row in tables["grade-counts"]:
        if row["scale_id"] not in graded_scales or row["subset"] is not None:
            continue  # nothing to compare with, or a part the grades do not say
        found = sum(
            1
            for g in tables["grades"]
            if g["scale_id"] == row["scale_id"]
            and (row["code"] is None or g["code"] == row["code"])
            and (row["fiscal_year"] is None or g["fiscal_year"] == row["fiscal_year"])
            and (row["goal_id"] is None or under_goal(g, row["goal_id"]))
        )
        if found != row["count"]:
            what = f"{row['scale_id']} {row['code'] or '*'}"
            if row["fiscal_year"] is not None:
                what += f" {row['fiscal_year']}"
            if row["goal_id"] is not None:
                what += f" {row['goal_id']}"
            problems.append(
                Problem("model.count-mismatch", paths["grade-counts"], row.number, "count",
                        {"count": row["count"], "found": found, "what": what})
            )  # fmt: skip
    return problems


def _unused(tables: Tables, paths: dict[str, str]) -> list[Problem]:
    """Rows nothing refers to (a warning: a legend may be printed without any grade entered)."""
    used_actors = (
        {r["actor_id"] for r in tables["plan-authors"]}
        | {r["actor_id"] for r in tables["progress-entries"]}
        | {r["actor_id"] for r in tables["grades"]}
        | {r["actor_id"] for r in tables["departments"]}
        | {r["owner_actor_id"] for r in tables["goal-lists"]}
    )
    used_bodies = {r["confirmed_by"] for r in tables["reports"]} | {
        r["assessed_by"] for r in tables["grade-scales"]
    }
    used_departments = {r["department_id"] for r in tables["responsibilities"]}
    used_lists = {r["goal_list_id"] for r in tables["basic-goals"]}
    used_scales = {r["scale_id"] for t in ("grades", "grade-counts") for r in tables[t]}
    unused = (
        ("actors", "actor_id", used_actors, {"ja": "主体", "en": "Actor"}),
        ("confirmation-bodies", "body_id", used_bodies, {"ja": "会議体", "en": "Body"}),
        ("departments", "department_id", used_departments, {"ja": "部署", "en": "Department"}),
        ("goal-lists", "goal_list_id", used_lists, {"ja": "目標の一覧", "en": "Goal list"}),
        ("grade-scales", "scale_id", used_scales, {"ja": "評価の尺度", "en": "Grade scale"}),
    )
    return [
        Problem("model.unused", paths[table], row.number, column,
                {"what": what, "value": row[column]})
        for table, column, used, what in unused
        for row in tables[table]
        if row[column] not in used
    ]  # fmt: skip


VALUE_CHECKS = (
    _values_and_statuses,
    _names,
    _finite_numbers,
    _fiscal_years,
    _confirmation,
    _scale_types,
    _grade_values,
    _goal_per_list,
    _counts_match_grades,
    _unused,
)
