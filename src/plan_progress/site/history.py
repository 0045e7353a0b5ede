"""A plan's history across its yearly reports (the packages of one series): the plan's page
with its reports year by year, the grades of every item per report and each indicator's
values over the years (chart and table); and a page per initiative (or graded goal) with
its texts and grades in each report.

Each report's parts are read as its own report page reads them (`ReportReader`), so texts,
grades and labels are shown the same way, from the report that printed them. Items are the
same across reports because the reports share the plan's IRIs.

An indicator's value for a year comes from that year's own report when it states one, else
from the latest report that does (as in the release's yearly table); the table beside the
chart names the report of every value.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from plan_progress.diff.compare import diff_tables
from plan_progress.diff.packages import read_side, refusals
from plan_progress.site import paths
from plan_progress.site.chart import Chart, indicator_chart
from plan_progress.site.diff_page import item_part
from plan_progress.site.report import (
    GoalView,
    GradeView,
    InitiativeView,
    Link,
    ReportReader,
    format_number,
    report_path,
)
from plan_progress.site.resources import DataGraph, Text
from plan_progress.site.sources import SitePackage
from plan_progress.site.text import Lang, ui


@dataclass(frozen=True)
class ReportLink:
    year: Text | None
    title: Text
    href: str
    status: str | None


@dataclass(frozen=True)
class GradeRow:
    """One item's grades, one cell per report (in the order of the plan's reports)."""

    label: str
    title: Text
    href: str | None  # the item's page
    cells: tuple[tuple[GradeView, ...], ...]


@dataclass(frozen=True)
class ValueRow:
    kind: str  # baseline | yearly | target
    year: Text | None
    planned: str | None
    actual: str | None
    report: Text | None


@dataclass(frozen=True)
class IndicatorHistory:
    anchor: str
    title: Text
    unit: Text | None
    direction: str | None
    chart: Chart | None
    rows: tuple[ValueRow, ...]


@dataclass(frozen=True)
class ItemLink:
    anchor: str
    label: str
    title: Text
    href: str
    depth: int


@dataclass(frozen=True)
class PlanHistoryView:
    lang: Lang
    t: dict[str, str]
    title: Text
    facts: tuple[tuple[str, list[Link]], ...]
    reports: tuple[ReportLink, ...]
    items: tuple[ItemLink, ...]
    grade_rows: tuple[GradeRow, ...]
    indicators: tuple[IndicatorHistory, ...]
    other_language_href: str


@dataclass(frozen=True)
class YearSection:
    """What one report says of the item."""

    report: ReportLink
    actors: tuple[tuple[Link, str | None], ...]
    initiative: InitiativeView | None  # the report page's own view of it
    goal: GoalView | None
    anchor: str


@dataclass(frozen=True)
class ItemHistoryView:
    lang: Lang
    t: dict[str, str]
    label: str
    title: Text
    kind: str  # 取組 / 基本目標
    plan: Link
    years: tuple[YearSection, ...]
    # What changed from one report to the next (`plan-progress diff`): one part (HTML) per
    # pair of consecutive reports that has the item, rendered by item.html's "changes".
    changes: tuple[Any, ...]
    other_language_href: str


def plan_folder(package: SitePackage) -> str:
    """`plans/{code}-{plan_id}/`: one folder per plan, for its pages of history."""
    place = package.place
    assert place is not None
    return f"plans/{place.municipality_code}-{place.plan_id}/"


def plan_page(package: SitePackage, lang: Lang) -> str:
    return plan_folder(package) + ("index.html" if lang == "ja" else "index.en.html")


def item_page(package: SitePackage, anchor: str, lang: Lang) -> str:
    """The item's page, named after its anchor on the report page (i-g1-1, g-area1)."""
    return plan_folder(package) + anchor + (".html" if lang == "ja" else ".en.html")


class _Member:
    """One report of the series, read for the plan's pages."""

    def __init__(self, package: SitePackage, data: DataGraph, lang: Lang, here: str) -> None:
        self.package = package
        self.reader = ReportReader(package, data, lang, here)
        self.goals: dict[str, GoalView] = {}
        self.initiatives: dict[str, InitiativeView] = {}
        for goal_list in self.reader.goal_lists():
            for goal in goal_list.goals:
                self.goals[goal.anchor] = goal
                for initiative in goal.initiatives:
                    self.initiatives[initiative.anchor] = initiative
        doc = package.document
        self.link = ReportLink(
            year=self.reader.fiscal_year(doc.get("fiscalYearLabel"), doc.get("fiscalYear")),
            title=self.reader.ja(doc.get("title")) or Text(package.name),
            href=paths.href(here, report_path(package, lang)),
            status=self.reader.code("status", doc.get("status")),
        )
        self.actors = tuple(
            (
                Link(self.reader.actor_short(a) or Text(a), self.reader.href_of(a)),
                self.reader.code("actorType", self.reader.nodes.get(a, {}).get("actorType")),
            )
            for a in self.reader.actor_ids
        )


def _says(view: InitiativeView | GoalView) -> bool:
    """Whether a report says anything of the item its page shows (texts or grades; the
    indicators have the plan page's charts)."""
    if isinstance(view, GoalView):
        return bool(view.grades)
    return bool(view.grades or any(c.entries or c.grades for c in view.cells))


def history_pages(
    series: list[SitePackage], data: DataGraph, lang: Lang
) -> dict[str, tuple[str, Any]]:
    """Site path -> (template, view) of the plan's page and its items' pages."""
    t = ui(lang)
    other: Lang = "en" if lang == "ja" else "ja"
    latest = series[-1]
    here = plan_page(latest, lang)
    members = [_Member(p, data, lang, here) for p in series]
    items = _items(members)
    pairs = _diffs(members)
    out: dict[str, tuple[str, Any]] = {}
    item_links = []
    for anchor, (label, title, depth, is_goal) in items.items():
        views = [(m, (m.goals if is_goal else m.initiatives).get(anchor)) for m in members]
        said = [(m, v) for m, v in views if v is not None and _says(v)]
        if not said:
            continue
        path = item_page(latest, anchor, lang)
        item_links.append(ItemLink(anchor, label, title, paths.href(here, path), depth))
        years = tuple(
            YearSection(
                report=m.link,
                actors=m.actors,
                initiative=None if is_goal else v,  # type: ignore[arg-type]
                goal=v if is_goal else None,  # type: ignore[arg-type]
                anchor=f"r-{i}",
            )
            for i, (m, v) in enumerate(said, start=1)
        )
        out[path] = (
            "item.html",
            ItemHistoryView(
                lang=lang,
                t=t,
                label=label,
                title=title,
                kind=t["goal" if is_goal else "initiative"],
                plan=Link(
                    members[-1].reader.ja(_plan(latest).get("title")) or Text(""),
                    paths.href(path, here),
                ),
                years=years,
                changes=_changes(pairs, anchor, is_goal, lang),
                other_language_href=paths.href(path, item_page(latest, anchor, other)),
            ),
        )
    hrefs = {link.anchor: link.href for link in item_links}
    out[here] = (
        "plan.html",
        PlanHistoryView(
            lang=lang,
            t=t,
            title=members[-1].reader.ja(_plan(latest).get("title")) or Text(latest.name),
            facts=_facts(members[-1], t),
            reports=tuple(m.link for m in members),
            items=tuple(item_links),
            grade_rows=_grade_rows(members, items, hrefs),
            indicators=_indicators(members, lang, t),
            other_language_href=paths.href(here, plan_page(latest, other)),
        ),
    )
    return out


def _diffs(members: list[_Member]) -> list[tuple[str, str, dict[str, Any]]]:
    """The diff of each two consecutive reports, with how the page names them (their years);
    a pair `diff` refuses (a report without a fiscal year, say) is left out."""
    out = []
    sides = [read_side(m.package.directory) for m in members]
    for i in range(1, len(members)):
        old_member, new_member, old, new = members[i - 1], members[i], sides[i - 1], sides[i]
        if refusals(old, new) or old.tables is None or new.tables is None:
            continue
        result = diff_tables(old.tables, new.tables, old.directory, new.directory)
        out.append((_name(old_member), _name(new_member), result))
    return out


def _name(member: _Member) -> str:
    link = member.link
    return (link.year or link.title).text


def _changes(
    pairs: list[tuple[str, str, dict[str, Any]]], anchor: str, is_goal: bool, lang: Lang
) -> tuple[Any, ...]:
    """The item's part of each pair's diff (anchors are g-{goal_id} and i-{initiative_id})."""
    kind, item_id = ("goal" if is_goal else "initiative"), anchor.split("-", 1)[1]
    parts = (
        item_part(result, kind, item_id, lang, old, new, number)
        for number, (old, new, result) in enumerate(pairs, start=1)
    )
    return tuple(part for part in parts if part is not None)


def _plan(package: SitePackage) -> dict[str, Any]:
    return package.plan


def _items(members: list[_Member]) -> dict[str, tuple[str, Text, int, bool]]:
    """Every goal and initiative of the reports, in the latest report's order (then those
    only earlier reports have): anchor -> (label, title, depth, is a goal)."""
    found: dict[str, tuple[str, Text, int, bool]] = {}
    for member in reversed(members):
        for goal in member.goals.values():
            found.setdefault(goal.anchor, (goal.label, goal.title, 0, True))
            for initiative in goal.initiatives:
                found.setdefault(
                    initiative.anchor,
                    (initiative.label, initiative.title, initiative.depth + 1, False),
                )
    return found


def _facts(member: _Member, t: dict[str, str]) -> tuple[tuple[str, list[Link]], ...]:
    """The plan's facts as its latest report's page states them (municipality, period)."""
    keep = {t["plan"], t["municipality"], t["municipality_code"], t["period_number"]}
    keep |= {f"{t['plan_period']}{t['lp']}{t[k]}{t['rp']}" for k in ("start", "end")}
    return tuple((label, links) for label, links in member.reader.facts() if label in keep)


def _grade_rows(
    members: list[_Member],
    items: dict[str, tuple[str, Text, int, bool]],
    hrefs: dict[str, str],
) -> tuple[GradeRow, ...]:
    rows = []
    for anchor, (label, title, _depth, is_goal) in items.items():
        cells = []
        for member in members:
            if is_goal:
                goal = member.goals.get(anchor)
                cells.append(goal.grades if goal else ())
            else:
                initiative = member.initiatives.get(anchor)
                grades: tuple[GradeView, ...] = ()
                if initiative is not None:
                    grades = initiative.grades + tuple(
                        g for c in initiative.cells for g in c.grades
                    )
                cells.append(grades)
        if any(cells):
            rows.append(GradeRow(label, title, hrefs.get(anchor), tuple(cells)))
    return tuple(rows)


def _indicators(
    members: list[_Member], lang: Lang, t: dict[str, str]
) -> tuple[IndicatorHistory, ...]:
    """Each indicator (by its id, shared by the reports) over the years."""
    found: dict[str, list[tuple[_Member, dict[str, Any]]]] = {}
    for member in members:
        for indicator in member.package.document.get("indicators", []):
            key = indicator["id"].rstrip("/").rsplit("/", 1)[-1]
            found.setdefault(key, []).append((member, indicator))
    out = []
    for key, occurrences in found.items():
        latest_member, latest = occurrences[-1]
        reader = latest_member.reader
        # year -> (the measurement as its report states it, that report, its own year)
        values: dict[int, tuple[dict[str, Any], _Member, bool]] = {}
        for member, indicator in occurrences:
            own_year = member.package.document.get("fiscalYear")
            stated: dict[int, dict[str, Any]] = {}
            current = indicator.get("current") or {}
            if isinstance(current.get("fiscalYear"), int) and (
                current.get("value") is not None or current.get("valueStatus")
            ):
                stated[current["fiscalYear"]] = current
            for m in indicator.get("series", []):
                if isinstance(m.get("fiscalYear"), int):
                    stated[m["fiscalYear"]] = m
            for year, measurement in stated.items():
                own = year == own_year
                before = values.get(year)
                if before is None or own or not before[2]:
                    values[year] = (measurement, member, own)
        merged = {
            **latest,
            "current": None,
            "series": [m for _, (m, _, _) in sorted(values.items())],
        }
        view = reader.indicator(latest)
        rows = [_point_row("baseline", latest, reader, t)]
        rows += [
            ValueRow(
                "yearly",
                reader.fiscal_year(m.get("fiscalYearLabel"), year),
                format_number(m.get("plannedValue")),
                format_number(m.get("value"))
                or reader.code("valueStatus", m.get("valueStatus"))
                or m.get("valueText"),
                member.link.title,
            )
            for year, (m, member, _) in sorted(values.items())
        ]
        rows.append(_point_row("target", latest, reader, t))
        out.append(
            IndicatorHistory(
                anchor=f"ind-{key}",
                title=view.title,
                unit=view.unit,
                direction=view.direction,
                chart=indicator_chart(merged, lang, t),
                rows=tuple(r for r in rows if r is not None),
            )
        )
    return tuple(out)


def _point_row(
    point: str, indicator: dict[str, Any], reader: ReportReader, t: dict[str, str]
) -> ValueRow | None:
    measurement = indicator.get(point) or {}
    value = reader.value(measurement)
    if value is None and not measurement.get("fiscalYear"):
        return None
    return ValueRow(
        point,
        reader.fiscal_year(measurement.get("fiscalYearLabel"), measurement.get("fiscalYear")),
        None,
        value.text if value else reader.code("valueStatus", measurement.get("valueStatus")),
        None,
    )
