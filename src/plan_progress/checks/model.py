"""Rules of the model that a Table Schema cannot state.

Every problem points at the source CSV row and column it is about, so that a person can
mend it where they typed it; no rule needs the generated files.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from urllib.parse import urlsplit

from plan_progress.checks.model_values import VALUE_CHECKS
from plan_progress.core.package import DESCRIPTOR, PlanPackage
from plan_progress.core.problems import Problem
from plan_progress.model.mapping import REVISION_SUBJECTS
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
        *VALUE_CHECKS,
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
