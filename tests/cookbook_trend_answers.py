"""Expected answers of the cookbook's trend queries (20-22), computed from the source CSV
tables of the loaded packages with the csv module, independently of the RDF and the queries.

Packages of one plan (the same municipality code and plan id) are taken together, as their
graphs join: a goal, initiative or actor is the same row in every package of the plan."""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cookbook_answers import Source

Row = tuple[Any, ...]


def _sorted(rows: set[Row]) -> list[Row]:
    """ORDER BY over the columns; unbound (None) sorts first in SPARQL."""
    return sorted(rows, key=lambda row: tuple((v is not None, v if v is not None else 0) for v in row))


def _plan_id(source: Source) -> str:
    (report,) = source.tables["reports"]
    return report["plan_id"]


def _titles(sources: list[Source]) -> dict[tuple[str, str, str], set[str]]:
    """Every title of every goal, initiative and plan of each plan, keyed by (code, plan, id)."""
    titles: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    for s in sources:
        for table, key in (("basic-goals", "goal_id"), ("initiatives", "initiative_id"), ("plans", "plan_id")):
            for row in s.tables.get(table, []):
                plan = row["plan_id"] if table != "initiatives" else (row.get("plan_id") or _plan_id(s))
                if row.get("title"):
                    titles[(s.code, plan, row[key])].add(row["title"])
    return titles


def _actor_names(sources: list[Source]) -> dict[tuple[str, str], str]:
    return {(s.code, a["actor_id"]): a["name"] for s in sources for a in s.tables["actors"]}


def grades_that_fell(sources: list[Source]) -> list[Row]:
    titles, names = _titles(sources), _actor_names(sources)
    given: dict[tuple, set[tuple[str, str, int]]] = defaultdict(set)
    for s in sources:
        scales = {r["scale_id"]: r["title"] for r in s.tables["grade-scales"]}
        ranks = {(r["scale_id"], r["code"]): r["rank"] for r in s.tables["grade-levels"]}
        for g in s.tables["grades"]:
            rank = ranks.get((g["scale_id"], g["code"]))
            subject = g["goal_id"] or g["initiative_id"] or g.get("plan_id")
            if not (rank and g["fiscal_year"] and subject and scales[g["scale_id"]]):
                continue
            plan = g.get("plan_id") or _plan_id(s)
            key = (s.code, plan, subject, g["actor_id"], scales[g["scale_id"]])
            given[key].add((int(g["fiscal_year"]), g["code"], int(rank)))
    rows = set()
    for (code, plan, subject, actor, _), grades in given.items():
        for year, before, rank_before in grades:
            for later, now, rank_now in grades:
                if later == year + 1 and rank_now > rank_before:
                    title = min(titles.get((code, plan, subject), {""}))
                    rows.add((code, title, names.get((code, actor)), year, before, later, now))
    return _sorted(rows)


def issues_unchanged(sources: list[Source]) -> list[Row]:
    titles, names = _titles(sources), _actor_names(sources)
    issues: dict[tuple, set[tuple[int, str]]] = defaultdict(set)
    for s in sources:
        plans = {i["initiative_id"]: i.get("plan_id") or _plan_id(s) for i in s.tables["initiatives"]}
        for e in s.tables["progress-entries"]:
            if e["issue"] and e["fiscal_year"]:
                key = (s.code, plans[e["initiative_id"]], e["initiative_id"], e["actor_id"])
                issues[key].add((int(e["fiscal_year"]), e["issue"]))
    rows = set()
    for (code, plan, initiative, actor), texts in issues.items():
        for year, text in texts:
            if (year + 1, text) in texts:
                title = min(titles.get((code, plan, initiative), {""}))
                rows.add((code, title, names[(code, actor)], year, year + 1, text))
    return _sorted(rows)


def indicators_moving_away(sources: list[Source]) -> list[Row]:
    values: dict[tuple, set[tuple[int, float]]] = defaultdict(set)
    # The target with the value it is compared with: both as one report states them.
    targets: dict[tuple, set[tuple[int, float, float]]] = defaultdict(set)
    for s in sources:
        yearly = defaultdict(set)
        for v in s.tables["indicator-values"]:
            if v["actual_value"]:
                yearly[v["indicator_id"]].add((int(v["fiscal_year"]), float(v["actual_value"])))
        for ind in s.tables["indicators"]:
            if not ind.get("title"):
                continue
            key = (s.code, ind.get("plan_id") or _plan_id(s), ind["title"])
            values[key] |= yearly[ind["indicator_id"]]
            if ind["target_value"]:
                for year, value in yearly[ind["indicator_id"]]:
                    targets[key].add((year, float(ind["target_value"]), value))
    rows = set()
    for key, points in values.items():
        for later, target, value in targets[key]:
            for year, before in points:
                if later == year + 1 and abs(value - target) > abs(before - target):
                    rows.add((key[0], key[2], target, year, before, later, value))
    return _sorted(rows)


TREND_EXPECTED = {
    "20-grades-that-fell.rq": grades_that_fell,
    "21-issues-unchanged.rq": issues_unchanged,
    "22-indicators-moving-away.rq": indicators_moving_away,
}
