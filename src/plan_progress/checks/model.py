"""Rules of the model that a Table Schema cannot state.

Every problem points at the source CSV row and column it is about, so that a person can
mend it where they typed it; no rule needs the generated files.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from decimal import Decimal
from urllib.parse import urlsplit

from plan_progress.core.package import DESCRIPTOR, PlanPackage
from plan_progress.core.problems import Problem
from plan_progress.model.mapping import INDICATOR_POINTS, REVISION_SUBJECTS
from plan_progress.model.tables import Row, Tables


def check_model(
    tables: Tables, paths: dict[str, str], *, multi_plan: bool = False
) -> list[Problem]:
    """One package holds one report, on one plan and its sub-plans; a multi-plan package
    (declared in its descriptor, e.g. the merged corpus) holds one report on each plan tree."""
    problems = _per_plan_cardinality(tables, paths) if multi_plan else _cardinality(tables, paths)
    if problems:
        return problems  # the other rules assume the report and its plan
    checks = (
        _plan_tree,
        _report_content,
        _empty_entries,
        _duplicate_entries,
        _duplicate_goal_numbers,
        _duplicate_initiative_numbers,
        _parent_goals,
        _parents_in_same_goal,
        _subjects,
        _plans_agree,
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
    for check in checks:
        problems += check(tables, paths)
    return problems


def _per_plan_cardinality(tables: Tables, paths: dict[str, str]) -> list[Problem]:
    reports = Counter(row["plan_id"] for row in tables["reports"])
    problems = []
    if not tables["plans"]:
        problems.append(
            Problem("model.cardinality", paths["plans"], None, None,
                    {"table": "plans", "expected": "1+", "actual": 0})
        )  # fmt: skip
    for row in tables["plans"]:
        if row["parent_plan_id"] is None and reports[row["plan_id"]] != 1:
            problems.append(
                Problem(
                    "model.cardinality",
                    paths["plans"],
                    row.number,
                    "plan_id",
                    {"table": "reports", "expected": 1, "actual": reports[row["plan_id"]]},
                )
            )
    return problems


def _cardinality(tables: Tables, paths: dict[str, str]) -> list[Problem]:
    """At most one report (none: a plan published on its own, before its first report) and at
    least one plan."""
    problems = []
    for table, expected in (("reports", "0..1"), ("plans", "1+")):
        count = len(tables[table])
        if (expected == "1+" and count == 0) or (expected == "0..1" and count > 1):
            problems.append(
                Problem(
                    "model.cardinality",
                    paths[table],
                    None,
                    None,
                    {"table": table, "expected": expected, "actual": count},
                )
            )
    if not problems and tables["reports"]:
        (report,) = tables["reports"]
        if report["plan_id"] not in {p["plan_id"] for p in tables["plans"]}:
            return []  # the foreign key check has said so
    return problems


def _plan_tree(tables: Tables, paths: dict[str, str]) -> list[Problem]:
    """Every plan is in the report's plan tree (the report's plan, a sub-plan under it, or a
    plan it is part of), without loops. (In a multi-plan package each tree has its report.)"""
    plans = {p["plan_id"]: p for p in tables["plans"]}

    def root_of(row: Row) -> tuple[Row, bool]:
        root, seen = row, {row["plan_id"]}
        while root["parent_plan_id"] in plans and root["parent_plan_id"] not in seen:
            root = plans[root["parent_plan_id"]]
            seen.add(root["plan_id"])
        return root, root["parent_plan_id"] in seen

    reported = {
        root_of(plans[r["plan_id"]])[0]["plan_id"]
        for r in tables["reports"]
        if r["plan_id"] in plans
    }
    if not tables["reports"]:
        # A plan on its own: its first plan without a parent stands where the report's would.
        top = next((p for p in tables["plans"] if p["parent_plan_id"] is None), None)
        reported = {top["plan_id"]} if top is not None else set()
    (main, *_) = sorted(reported) or [tables["plans"][0]["plan_id"]]
    problems = []
    for row in tables["plans"]:
        root, looped = root_of(row)
        if looped or root["plan_id"] not in reported:
            problems.append(
                Problem(
                    "model.plan-tree",
                    paths["plans"],
                    row.number,
                    "parent_plan_id",
                    {"value": row["plan_id"], "plan": main},
                )
            )
    return problems


def _report_content(tables: Tables, paths: dict[str, str]) -> list[Problem]:
    """A report holds some mix of entries, grades, indicators and counts: any may be absent,
    not all."""
    scale_report = {s["scale_id"]: s["report_id"] for s in tables["grade-scales"]}
    has = {r["report_id"] for t in ("progress-entries", "indicators") for r in tables[t]}
    has |= {scale_report.get(r["scale_id"]) for t in ("grades", "grade-counts") for r in tables[t]}
    return [
        Problem("model.report-empty", paths["reports"], row.number, "report_id",
                {"value": row["report_id"]})
        for row in tables["reports"]
        if row["report_id"] not in has
    ]  # fmt: skip


def _empty_entries(tables: Tables, paths: dict[str, str]) -> list[Problem]:
    return [
        Problem("model.entry-empty", paths["progress-entries"], row.number, "progress",
                {"value": row["entry_id"]})
        for row in tables["progress-entries"]
        if row["progress"] is None and row["issue"] is None
    ]  # fmt: skip


def _unique(rows: Iterable[Row], columns: tuple[str, ...], path: str) -> list[Problem]:
    """Rows whose values in `columns` repeat, an empty cell counting as a value: a key a
    Table Schema unique key cannot state, because there an empty cell never repeats."""
    seen: set[tuple] = set()
    problems = []
    for row in rows:
        key = tuple(row[c] for c in columns)
        if key in seen:
            problems.append(
                Problem("table.unique", path, row.number, ",".join(columns),
                        {"value": ",".join("" if v is None else str(v) for v in key)})
            )  # fmt: skip
        seen.add(key)
    return problems


def _duplicate_entries(tables: Tables, paths: dict[str, str]) -> list[Problem]:
    """One entry per initiative, actor and fiscal year (yearly entries stand side by side)."""
    columns = ("report_id", "initiative_id", "actor_id", "fiscal_year")
    return _unique(tables["progress-entries"], columns, paths["progress-entries"])


def _duplicate_goal_numbers(tables: Tables, paths: dict[str, str]) -> list[Problem]:
    """Goals are numbered within their plan, goal list and parent goal (those printed without
    a number are told apart by their ids)."""
    columns = ("plan_id", "goal_list_id", "parent_goal_id", "number")
    numbered = (r for r in tables["basic-goals"] if r["number"] is not None)
    return _unique(numbered, columns, paths["basic-goals"])


def _duplicate_initiative_numbers(tables: Tables, paths: dict[str, str]) -> list[Problem]:
    """Initiatives are numbered within their goal (or plan), sub-measures within their parent
    (those printed without a number are told apart by their ids)."""
    columns = ("goal_id", "plan_id", "parent_initiative_id", "number")
    numbered = (r for r in tables["initiatives"] if r["number"] is not None)
    return _unique(numbered, columns, paths["initiatives"])


def _parent_goals(tables: Tables, paths: dict[str, str]) -> list[Problem]:
    """A goal sits under a goal of its own plan, and parents never loop back."""
    return _parent_problems(
        tables["basic-goals"], "goal_id", "parent_goal_id", lambda r: r["plan_id"],
        "model.parent-goal", paths["basic-goals"],
    )  # fmt: skip


def _parents_in_same_goal(tables: Tables, paths: dict[str, str]) -> list[Problem]:
    """A sub-measure sits under its parent's goal and plan, and parents never loop back."""
    plans = _Plans(tables)
    return _parent_problems(
        tables["initiatives"], "initiative_id", "parent_initiative_id",
        lambda r: (r["goal_id"], plans.of_initiative(r)),
        "model.parent-initiative", paths["initiatives"],
    )  # fmt: skip


def _parent_problems(
    rows: list[Row], id_column: str, parent_column: str, place: Callable[[Row], object],
    rule: str, path: str,
) -> list[Problem]:  # fmt: skip
    """Rows whose parent is in another place (goal, plan) or whose parents loop."""
    by_id = {r[id_column]: r for r in rows}
    problems = []
    for row in rows:
        parent_id = row[parent_column]
        if parent_id is None or parent_id not in by_id:
            continue  # a dangling parent is the foreign key check's to report
        seen = {row[id_column]}
        ancestor = by_id[parent_id]
        while ancestor[id_column] not in seen and ancestor[parent_column] in by_id:
            seen.add(ancestor[id_column])
            ancestor = by_id[ancestor[parent_column]]
        cyclic = ancestor[id_column] in seen
        if cyclic or place(by_id[parent_id]) != place(row):
            problems.append(Problem(rule, path, row.number, parent_column, {"value": parent_id}))
    return problems


class _Plans:
    """The plan of goals, initiatives and indicators as stated in their own rows (None when
    it is left to the report's plan)."""

    def __init__(self, tables: Tables) -> None:
        self.goal = {r["goal_id"]: r["plan_id"] for r in tables["basic-goals"]}
        self.initiative = {r["initiative_id"]: self.of_initiative(r) for r in tables["initiatives"]}
        self.indicator = {
            r["indicator_id"]: r["plan_id"]
            or self.initiative.get(r["initiative_id"])
            or self.goal.get(r["goal_id"])
            for r in tables["indicators"]
        }

    def of_initiative(self, row: Row) -> str | None:
        return row["plan_id"] or self.goal.get(row["goal_id"])


SUBJECT_COLUMNS = {
    "grades": ("goal_id", "initiative_id", "indicator_id"),
    "indicators": ("goal_id", "initiative_id"),
    "plan-revisions": tuple(REVISION_SUBJECTS),
}


def _subjects(tables: Tables, paths: dict[str, str]) -> list[Problem]:
    problems = []
    for table, columns in SUBJECT_COLUMNS.items():
        for row in tables[table]:
            given = [c for c in columns if row[c] is not None]
            if len(given) > 1:
                problems.append(
                    Problem("model.subject", paths[table], row.number, ",".join(given),
                            {"columns": list(columns)})
                )  # fmt: skip
    return problems


def _plans_agree(tables: Tables, paths: dict[str, str]) -> list[Problem]:
    """A plan_id beside a goal, initiative or indicator must be that one's plan."""
    plans = _Plans(tables)
    subjects = {
        "initiatives": (("goal_id", plans.goal),),
        "indicators": (("goal_id", plans.goal), ("initiative_id", plans.initiative)),
        "grades": (
            ("goal_id", plans.goal),
            ("initiative_id", plans.initiative),
            ("indicator_id", plans.indicator),
        ),
        "plan-revisions": (
            ("goal_id", plans.goal),
            ("initiative_id", plans.initiative),
            ("goal_list_id", {r["goal_list_id"]: r["plan_id"] for r in tables["goal-lists"]}),
        ),
    }
    problems = []
    for table, columns in subjects.items():
        for row in tables[table]:
            for column, plan_of in columns:
                expected = plan_of.get(row[column]) if row[column] is not None else None
                if row["plan_id"] is not None and expected not in (None, row["plan_id"]):
                    problems.append(
                        Problem("model.plan-mismatch", paths[table], row.number, "plan_id",
                                {"value": row["plan_id"], "expected": expected,
                                 "subject": f"{column} {row[column]}"})
                    )  # fmt: skip
    return problems


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


def check_base_iri(package: PlanPackage) -> list[Problem]:
    base = package.base_iri
    parts = urlsplit(base)
    if (
        parts.scheme in ("http", "https")
        and parts.netloc
        and base.endswith("/")
        and not parts.query
    ):
        return []
    return [
        Problem(
            "model.base-iri",
            DESCRIPTOR,
            None,
            "planProgress.baseIri",
            {
                "value": base,
                "detail": {
                    "ja": "/ で終わる http(s) の絶対 IRI ではありません",
                    "en": "not an absolute http(s) IRI ending in /",
                },
            },
        )
    ]
