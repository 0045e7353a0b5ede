"""A series: the packages of one plan (its yearly reports, and the plan on its own), together.

Packages of the same plan (the same municipality code and plan id) share the plan's IRIs
(iris.py: the plan, its period, goals, goal lists, initiatives, responsibilities, bodies,
actors and departments), so their graphs join; everything of one year sits under its report.
A series is sound when:

- the plan's shared facts agree: where two packages state the same column of the same row
  (an empty cell states nothing), the values are equal, unless the later package declares,
  in `plan-revisions`, a revision (or a difference in wording) of that plan, goal, ... in a
  fiscal year after the earlier package's and not after its own (`series.plan-conflict`);
  so a merged graph never holds two titles for one IRI without saying why;
- each report has a fiscal year (`series.fiscal-year-missing`), the years of two reports never
  overlap (`series.fiscal-year`), at most one package holds the plan without a report
  (`series.plan-only`), report ids differ (`series.report-id`: else the reports share an IRI),
  and every package has the same base IRI (`series.base-iri`: else nothing joins);
- a report that restates an earlier year's grade (佐世保市's H27 answer prints the H26 grades
  beside its own) agrees with the report of that year, or the difference is reported
  (`series.restated-grade`, a warning: a later report may correct an earlier one).

Every problem is at the later package's file, row and column, and names the earlier one.

Use: `Member.of(...)` for each package's (valid) tables, `group_series(members)` for the
series among them (each ordered: the plan on its own first, then by fiscal year), and
`check_series(series)` for the problems of one.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from plan_progress.core.problems import Problem
from plan_progress.model import report_series
from plan_progress.model.mapping import REVISION_SUBJECTS
from plan_progress.model.tables import Row, Tables

# The tables whose rows are the plan's (shared IRIs), each with its key columns; every other
# column of the standard is compared. (Profile columns are not: see docs/migration-0.3.md.)
SHARED_KEYS: dict[str, tuple[str, ...]] = {
    "plans": ("plan_id",),
    "basic-goals": ("goal_id",),
    "goal-lists": ("goal_list_id",),
    "initiatives": ("initiative_id",),
    "responsibilities": ("initiative_id", "department_id"),
    "actors": ("actor_id",),
    "departments": ("department_id",),
    "confirmation-bodies": ("body_id",),
    "plan-revisions": ("revision_id",),
}

# The plan-revisions column that may declare a revision of a row of each shared table
# (None: the plan's own row; responsibilities are revised with their initiative).
_REVISED_BY = {table: column for column, table in REVISION_SUBJECTS.items()}
_REVISED_BY["plans"] = None
_REVISED_BY["responsibilities"] = "initiative_id"

# What a shared row is called in a message.
WHAT = {
    "plans": {"ja": "計画", "en": "Plan"},
    "basic-goals": {"ja": "目標", "en": "Goal"},
    "goal-lists": {"ja": "目標の一覧", "en": "Goal list"},
    "initiatives": {"ja": "取組", "en": "Initiative"},
    "responsibilities": {"ja": "担当", "en": "Responsibility"},
    "actors": {"ja": "主体", "en": "Actor"},
    "departments": {"ja": "部署", "en": "Department"},
    "confirmation-bodies": {"ja": "会議体", "en": "Body"},
    "plan-revisions": {"ja": "計画の改定", "en": "Plan revision"},
}


@dataclass(frozen=True)
class Fact:
    """The filled columns of one shared row, and the row they are on."""

    row: int
    values: tuple[tuple[str, Any], ...]


@dataclass(frozen=True)
class Revision:
    """A declared revision: what it is about (table and key) and from which fiscal year."""

    row: int
    table: str
    key: str
    fiscal_year: int


@dataclass(frozen=True)
class Grade:
    """A grade as the series compares it: on what, by whom, for which year, on which scale."""

    row: int
    subject: tuple[str, str]  # ("goal" | "initiative" | "plan", id)
    actor_id: str | None
    fiscal_year: int
    scale_id: str
    given: str  # the level's code, or the number as printed
    column: str  # where it is given: code or value


@dataclass(frozen=True)
class Member:
    """One package of a series: what the series check compares (picklable, small)."""

    directory: str
    code: str
    plan_id: str
    base_iri: str
    paths: Mapping[str, str]
    report_id: str | None  # None: the plan on its own, without a report
    report_row: int | None
    first_year: int | None
    last_year: int | None
    facts: Mapping[tuple[str, str], Fact]
    revisions: tuple[Revision, ...]
    grades: tuple[Grade, ...]

    @classmethod
    def of(cls, tables: Tables, directory: str, base_iri: str, paths: Mapping[str, str]) -> Member:
        """The member made of one package's tables (valid, single-plan: `check_model` passed)."""
        report = tables["reports"][0] if tables["reports"] else None
        plans = {p["plan_id"]: p for p in tables["plans"]}
        if report is not None:
            plan = plans[report["plan_id"]]
        else:  # a plan on its own: its one plan without a parent
            plan = next(p for p in tables["plans"] if p["parent_plan_id"] is None)
        facts = {}
        for table, keys in SHARED_KEYS.items():
            for row in tables[table]:
                values = tuple(
                    (column, value)
                    for column, value in row.cells.items()
                    if column not in keys and value is not None
                )
                facts[(table, _key(row, keys))] = Fact(row.number, values)
        revisions = tuple(_revision(row) for row in tables["plan-revisions"])
        first = report["fiscal_year"] if report is not None else None
        last = (report["fiscal_year_end"] or first) if report is not None else None
        return cls(
            directory=directory,
            code=plan["municipality_code"],
            plan_id=plan["plan_id"],
            base_iri=base_iri,
            paths=dict(paths),
            report_id=report["report_id"] if report is not None else None,
            report_row=report.number if report is not None else None,
            first_year=first,
            last_year=last,
            facts=facts,
            revisions=revisions,
            grades=tuple(_grades(tables)),
        )

    @property
    def series_place(self) -> report_series.SeriesPlace:
        """Where this package stands in its plan's series (the one order of model/report_series)."""
        return report_series.SeriesPlace(
            self.code,
            self.plan_id,
            self.report_id is not None,
            self.first_year is None,
            self.first_year or 0,
            self.last_year or self.first_year or 0,
            self.report_id or "",
        )

    @property
    def key(self) -> tuple[str, str]:
        """What makes packages one series: the municipality code and the plan id."""
        return (self.code, self.plan_id)

    def file(self, table: str) -> str:
        """The file of a table, with the package directory before it."""
        return f"{self.directory.rstrip('/')}/{self.paths[table]}"

    def place(self, table: str, row: int | None, column: str | None = None) -> str:
        """`DIR/data/x.csv:row:column`, for naming this package in another's message."""
        return ":".join([self.file(table), str(row or ""), column or ""]).rstrip(":")

    def years(self) -> str:
        if self.first_year is None:
            return "—"
        if self.last_year is None or self.last_year == self.first_year:
            return str(self.first_year)
        return f"{self.first_year}–{self.last_year}"


@dataclass(frozen=True)
class Series:
    """The packages of one plan: the plan on its own first (if any), then by fiscal year."""

    code: str
    plan_id: str
    members: tuple[Member, ...]


def _key(row: Row, keys: tuple[str, ...]) -> str:
    return "/".join(str(row[k]) for k in keys)


def _revision(row: Row) -> Revision:
    for column, table in REVISION_SUBJECTS.items():
        if row[column] is not None:
            return Revision(row.number, table, row[column], row["fiscal_year"])
    return Revision(row.number, "plans", row["plan_id"], row["fiscal_year"])


def _grades(tables: Tables) -> Iterable[Grade]:
    """Grades of a goal, an initiative or a plan in a given year (an indicator's grade is about
    an indicator of its own report, which no other report shares)."""
    for row in tables["grades"]:
        if row["fiscal_year"] is None or row["indicator_id"] is not None:
            continue
        if row["initiative_id"] is not None:
            subject = ("initiative", row["initiative_id"])
        elif row["goal_id"] is not None:
            subject = ("goal", row["goal_id"])
        else:
            subject = ("plan", row["plan_id"] or "")
        coded = row["code"] is not None
        given = row["code"] if coded else format(row["value"], "f")
        yield Grade(row.number, subject, row["actor_id"], row["fiscal_year"], row["scale_id"],
                    given, "code" if coded else "value")  # fmt: skip


def group_series(members: Iterable[Member]) -> list[Series]:
    """The series among `members` (packages of the same plan), each ordered: the plan on its
    own first, then by first fiscal year (a report without one last); series in the order
    their first package was given. A plan with one package is a series of one."""
    groups = report_series.group(list(members), lambda m: m.series_place)
    return [Series(found[0].code, found[0].plan_id, tuple(found)) for found in groups]


def check_series(series: Series) -> list[Problem]:
    """The problems of one series (none for a series of one package)."""
    members = series.members
    if len(members) < 2:
        return []
    problems = _identities(members)
    # Years order reports: a plan on its own beside one report needs none.
    reports = [m for m in members if m.report_id is not None]
    missing = [m for m in reports if m.first_year is None] if len(reports) > 1 else []
    for member in missing:
        problems.append(
            Problem("series.fiscal-year-missing", member.file("reports"), member.report_row,
                    "fiscal_year", {"plan": series.plan_id})
        )  # fmt: skip
    if missing:
        return problems  # without the years, neither order nor restated years can be told
    overlapping = _overlapping_years(members)
    if overlapping:
        return problems + overlapping  # which report is the later one cannot be told
    problems += _conflicts(members)
    problems += _restated_grades(members)
    return problems


def _identities(members: tuple[Member, ...]) -> list[Problem]:
    """One base IRI, distinct report ids, at most one package without a report."""
    problems = []
    first = members[0]
    for member in members[1:]:
        if member.base_iri != first.base_iri:
            problems.append(
                Problem("series.base-iri", "/".join([member.directory.rstrip("/"),
                        "datapackage.json"]), None, "planProgress.baseIri",
                        {"value": member.base_iri, "expected": first.base_iri,
                         "other": f"{first.directory.rstrip('/')}/datapackage.json"})
            )  # fmt: skip
    seen: dict[str, Member] = {}
    plan_only: Member | None = None
    for member in members:
        if member.report_id is None:
            if plan_only is not None:
                problems.append(
                    Problem("series.plan-only", member.file("plans"), None, None,
                            {"other": plan_only.file("plans")})
                )  # fmt: skip
            plan_only = plan_only or member
            continue
        other = seen.get(member.report_id)
        if other is not None:
            problems.append(
                Problem("series.report-id", member.file("reports"), member.report_row,
                        "report_id", {"value": member.report_id,
                                      "other": other.place("reports", other.report_row)})
            )  # fmt: skip
        seen.setdefault(member.report_id, member)
    return problems


def _overlapping_years(members: tuple[Member, ...]) -> list[Problem]:
    problems = []
    reports = [m for m in members if m.report_id is not None]
    for i, later in enumerate(reports):
        for earlier in reports[:i]:
            if _overlap(earlier, later):
                problems.append(
                    Problem("series.fiscal-year", later.file("reports"), later.report_row,
                            "fiscal_year", {"value": later.years(), "other_years": earlier.years(),
                                            "other": earlier.place("reports", earlier.report_row,
                                                                   "fiscal_year")})
                )  # fmt: skip
                break  # one problem per report is enough to find it
    return problems


def _overlap(one: Member, other: Member) -> bool:
    """Whether two reports' fiscal years (each first to last) overlap."""
    assert one.first_year is not None and other.first_year is not None  # checked before
    one_last, other_last = one.last_year or one.first_year, other.last_year or other.first_year
    return one.first_year <= other_last and other.first_year <= one_last


def _conflicts(members: tuple[Member, ...]) -> list[Problem]:
    """Each shared column against the last earlier package that states it."""
    problems = []
    # (table, key, column) -> (member, value) as last stated
    stated: dict[tuple[str, str, str], tuple[Member, Any]] = {}
    for member in members:
        declared: dict[tuple[str, str], list[Revision]] = defaultdict(list)
        for revision in member.revisions:
            declared[(revision.table, revision.key)].append(revision)
        for (table, key), fact in member.facts.items():
            for column, value in fact.values:
                before = stated.get((table, key, column))
                stated[(table, key, column)] = (member, value)
                if before is None or before[1] == value:
                    continue
                earlier, old = before
                if _declared(table, key, member, earlier, declared):
                    continue
                problems.append(
                    Problem("series.plan-conflict", member.file(table), fact.row, column,
                            {"what": WHAT[table], "key": key, "column": column,
                             "value": _shown(value),
                             "other_value": _shown(old),
                             "other": earlier.place(table, earlier.facts[(table, key)].row,
                                                    column)})
                )  # fmt: skip
    return problems


def _declared(
    table: str,
    key: str,
    member: Member,
    earlier: Member,
    declared: Mapping[tuple[str, str], list[Revision]],
) -> bool:
    """Whether `member` declares a revision of this row in a year after `earlier`'s and not
    after its own (a package without a report has no year to bound it)."""
    if table not in _REVISED_BY:
        return False  # plan-revisions themselves are never revised: they must agree
    if table == "responsibilities":
        key, table = key.split("/", 1)[0], "initiatives"
    for revision in declared.get((table, key), []):
        after_earlier = earlier.last_year is None or revision.fiscal_year > earlier.last_year
        not_after_own = member.last_year is None or revision.fiscal_year <= member.last_year
        if after_earlier and not_after_own:
            return True
    return False


def _restated_grades(members: tuple[Member, ...]) -> list[Problem]:
    """A grade for a year another report covers, against that report's grade of the same
    subject, actor and scale in that year."""
    problems = []
    reports = [m for m in members if m.report_id is not None]
    own_grades = {
        id(m): {(g.subject, g.actor_id, g.fiscal_year, g.scale_id): g for g in m.grades}
        for m in reports
    }
    for member in reports:
        for grade in member.grades:
            if _covers(member, grade.fiscal_year):
                continue  # the report's own year
            match = (grade.subject, grade.actor_id, grade.fiscal_year, grade.scale_id)
            for other in reports:
                own = own_grades[id(other)].get(match)
                if other is member or own is None or not _covers(other, grade.fiscal_year):
                    continue
                if own.given != grade.given:
                    problems.append(
                        Problem("series.restated-grade", member.file("grades"), grade.row,
                                grade.column, {"value": grade.given, "other_value": own.given,
                                               "year": grade.fiscal_year,
                                               "subject": "/".join(grade.subject),
                                               "other": other.place("grades", own.row,
                                                                    own.column)})
                    )  # fmt: skip
    return problems


def _covers(member: Member, fiscal_year: int) -> bool:
    return member.first_year is not None and member.first_year <= fiscal_year <= (
        member.last_year or member.first_year
    )


def _shown(value: Any) -> str:
    return format(value, "f") if isinstance(value, Decimal) else str(value)


def check_members(members: Iterable[Member]) -> list[Problem]:
    """The problems of every series among `members`."""
    return [p for series in group_series(members) for p in check_series(series)]
