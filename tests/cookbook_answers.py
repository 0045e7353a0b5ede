"""Expected answers of the cookbook queries, computed from the source CSV tables.

They are derived here with the csv module, independently of the RDF and of the queries,
so a query that drifts from its question (or data that drifts from its source) fails.
"""

from __future__ import annotations

import csv
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rdflib import Graph, URIRef
from rdflib.namespace import RDFS

from cookbook_trend_answers import TREND_EXPECTED

Row = tuple[Any, ...]


@dataclass(frozen=True)
class Source:
    """The source tables of one package, as plain strings and ints."""

    tables: dict[str, list[dict[str, str]]]
    ntriples: Path

    @classmethod
    def read(cls, root: Path) -> Source:
        tables = {}
        for path in sorted((root / "data").glob("*.csv")):
            with path.open(encoding="utf-8", newline="") as f:
                tables[path.stem] = list(csv.DictReader(f))
        return cls(tables, root / "data" / "generated" / "report.nt")

    @property
    def plan(self) -> dict[str, str]:
        """The plan the report is on (a package may also hold its sub-plans)."""
        (report,) = self.tables["reports"]
        return next(p for p in self.tables["plans"] if p["plan_id"] == report["plan_id"])

    @property
    def code(self) -> str:
        return self.plan["municipality_code"]

    def goals(self) -> dict[str, dict[str, str]]:
        return {g["goal_id"]: g for g in self.tables["basic-goals"]}

    def initiatives(self) -> dict[str, dict[str, str]]:
        return {i["initiative_id"]: i for i in self.tables["initiatives"]}

    def actors(self) -> dict[str, dict[str, str]]:
        return {a["actor_id"]: a for a in self.tables["actors"]}

    def entries(
        self,
    ) -> list[tuple[dict[str, str], dict[str, str], dict[str, str], dict[str, str]]]:
        """(entry, initiative, goal, actor) for every progress entry on an initiative under a
        goal (the queries walk plan -> goal -> initiative; since 0.2 an initiative may have no
        goal). Optional columns a file leaves out read as empty."""
        goals, initiatives, actors = self.goals(), self.initiatives(), self.actors()
        out = []
        for entry in self.tables["progress-entries"]:
            initiative = initiatives[entry["initiative_id"]]
            if not initiative.get("goal_id"):
                continue
            out.append((entry, initiative, goals[initiative["goal_id"]], actors[entry["actor_id"]]))
        return out


def _int(text: str) -> int | None:
    return int(text) if text else None


def _none(text: str) -> str | None:
    return text or None


def _number(text: str) -> int | float:
    """A number as the RDF has it: xsd:integer when whole in the CSV, else xsd:double."""
    value = float(text)
    return int(value) if value.is_integer() and "." not in text else value


def _order(rows: list[Row]) -> list[Row]:
    """Rows in the order of an ORDER BY over every column; unbound sorts first in SPARQL."""
    return sorted(
        rows, key=lambda row: tuple((v is not None, v if v is not None else 0) for v in row)
    )


def plans(sources: list[Source]) -> list[Row]:
    rows = [
        (
            p["municipality_code"],
            p["municipality_name"],
            p["title"],
            _int(p["period_number"]),
            _int(p["end_fiscal_year"]),
        )
        for s in sources
        for p in s.tables["plans"]
        if p.get("title")  # the query asks for the title: an unnamed plan has no row
    ]
    return sorted(rows)


def goals_by_municipality(sources: list[Source]) -> list[Row]:
    rows = [
        (s.code, s.plan["municipality_name"], int(g["number"]), g["title"])
        for s in sources
        for g in s.tables["basic-goals"]
        if g.get("title")
    ]
    return _order(rows)


def initiatives(sources: list[Source]) -> list[Row]:
    rows = []
    for s in sources:
        goals = s.goals()
        for i in s.tables["initiatives"]:
            if i.get("goal_id"):
                rows.append(
                    (s.code, int(goals[i["goal_id"]]["number"]), int(i["number"]), i["title"])
                )
    return _order(rows)


def council_issues_goal_2(sources: list[Source]) -> list[Row]:
    rows = [
        (s.code, int(i["number"]), i["title"], e["issue"])
        for s in sources
        for e, i, g, a in s.entries()
        if g["number"] == "2" and a["actor_type"] == "social-welfare-council" and e["issue"]
    ]
    return _order(rows)


def progress_mentions_volunteer(sources: list[Source]) -> list[Row]:
    rows = [
        (s.code, int(g["number"]), int(i["number"]), i["title"], a["short_name"])
        for s in sources
        for e, i, g, a in s.entries()
        if "ボランティア" in e["progress"] and a.get("short_name")
    ]
    return _order(rows)


def entries_per_actor_and_goal(sources: list[Source]) -> list[Row]:
    counts: Counter[tuple[str, str, int, str]] = Counter()
    for s in sources:
        for _, _, g, a in s.entries():
            if a.get("short_name") and g.get("title"):
                counts[(s.code, a["short_name"], int(g["number"]), g["title"])] += 1
    return _order([(*key, n) for key, n in counts.items()])


def side_by_side(sources: list[Source]) -> list[Row]:
    rows = []
    for s in sources:
        for goal in s.tables["basic-goals"]:
            if goal["number"] != "3":
                continue
            for ini in s.tables["initiatives"]:
                if ini["goal_id"] != goal["goal_id"] or ini["number"] != "5":
                    continue
                texts: dict[str, tuple[str | None, str | None]] = defaultdict(lambda: (None, None))
                for e, i, _, a in s.entries():
                    if i["initiative_id"] == ini["initiative_id"]:
                        texts[a["actor_type"]] = (e["progress"], _none(e["issue"]))
                city, council = texts["municipality"], texts["social-welfare-council"]
                rows.append((s.code, ini["title"], city[0], council[0], city[1], council[1]))
    return sorted(rows, key=lambda r: (r[0], r[1]))


def report(sources: list[Source]) -> list[Row]:
    rows = []
    for s in sources:
        (r,) = s.tables["reports"]
        if not r.get("status") or not s.plan.get("title"):
            continue  # the query asks for both
        bodies = {b["body_id"]: b["name"] for b in s.tables["confirmation-bodies"]}
        body = bodies.get(r["confirmed_by"]) if r["confirmed_by"] else None
        rows.append((s.code, r["title"], r["status"], body, s.plan["title"]))
    return sorted(rows)


def plan_authors(sources: list[Source]) -> list[Row]:
    rows = []
    for s in sources:
        actors = s.actors()
        for author in s.tables["plan-authors"]:
            a = actors[author["actor_id"]]
            if not a.get("short_name"):
                continue
            rows.append(
                (s.code, a["short_name"], a["name"], _none(a["legal_form"]), a["actor_type"])
            )
    return _order(rows)


def text_length_per_goal(sources: list[Source]) -> list[Row]:
    totals: dict[tuple[str, int, str], list[int]] = defaultdict(lambda: [0, 0, 0])
    for s in sources:
        for e, _, g, _ in s.entries():
            if not (e["progress"] and g.get("title")):
                continue  # the query needs the progress text and the goal's title
            t = totals[(s.code, int(g["number"]), g["title"])]
            t[0] += 1
            t[1] += len(e["progress"])
            t[2] += len(e["issue"])  # an entry without an issue adds 0
    return _order([(*key, *t) for key, t in totals.items()])


def issues_mentioning_ageing(sources: list[Source]) -> list[Row]:
    rows = []
    for s in sources:
        n = sum(1 for e, _, _, _ in s.entries() if "高齢" in e["issue"])
        if n:  # GROUP BY gives no row to a municipality without any
            rows.append((s.code, s.plan["municipality_name"], n))
    return sorted(rows)


def links_to_estat(sources: list[Source]) -> list[Row]:
    # The documented rule: e-Stat's current standard area code is the local government
    # code without its check digit (http://data.e-stat.go.jp/lod/sac/C + 5 digits), stated
    # only for a real prefecture (01-47): the fictional examples (99) get no link.
    return sorted(
        (
            p["municipality_code"],
            p["municipality_name"],
            f"http://data.e-stat.go.jp/lod/sac/C{p['municipality_code'][:5]}",
        )
        for s in sources
        for p in s.tables["plans"]
        if 1 <= int(s.code[:2]) <= 47
    )


def multi_paragraph_progress(sources: list[Source]) -> list[Row]:
    rows = [
        (s.code, int(g["number"]), int(i["number"]), a["short_name"])
        for s in sources
        for e, i, g, a in s.entries()
        if "\n" in e["progress"] and a.get("short_name")
    ]
    return _order(rows)


def missing_author_entry(sources: list[Source]) -> bool:
    for s in sources:
        reported = {(e["initiative_id"], e["actor_id"]) for e in s.tables["progress-entries"]}
        for author in s.tables["plan-authors"]:
            for ini in s.tables["initiatives"]:
                if (ini["initiative_id"], author["actor_id"]) not in reported:
                    return True
    return False


def indicators_behind_plan(sources: list[Source]) -> list[Row]:
    rows = []
    for s in sources:
        indicators = {i["indicator_id"]: i for i in s.tables.get("indicators", [])}
        for v in s.tables.get("indicator-values", []):
            if not (v["planned_value"] and v["actual_value"]):
                continue
            indicator = indicators[v["indicator_id"]]
            planned, actual = _number(v["planned_value"]), _number(v["actual_value"])
            lower_is_better = indicator["lower_is_better"] == "true"
            if (actual > planned) if lower_is_better else (actual < planned):
                rows.append((s.code, indicator["title"], int(v["fiscal_year"]), planned, actual))
    return _order(rows)


def entries_by_short_name(sources: list[Source]) -> list[Row]:
    rows = []
    for s in sources:
        n = sum(1 for _, _, _, a in s.entries() if a["short_name"] == "市")
        if n:  # GROUP BY gives no row to a municipality without any
            rows.append((s.code, n))
    return sorted(rows)


def ageing_issues_with_zeros(sources: list[Source]) -> list[Row]:
    return sorted(
        (
            s.code,
            s.plan["municipality_name"],
            sum(1 for e, *_ in s.entries() if "高齢" in e["issue"]),
        )
        for s in sources
    )


def text_length_without_line_breaks(sources: list[Source]) -> list[Row]:
    totals: dict[tuple[str, int], list[int]] = defaultdict(lambda: [0, 0])
    for s in sources:
        for e, _, g, _ in s.entries():
            t = totals[(s.code, int(g["number"]))]
            t[0] += len(e["progress"].replace("\n", ""))
            t[1] += len(e["progress"])
    return _order([(*key, *t) for key, t in totals.items()])


def vocabulary_labels(sources: list[Source], vocab: Path) -> list[Row]:
    used: set[URIRef] = set()
    for s in sources:
        used |= set(Graph().parse(s.ntriples, format="nt").predicates())
    terms = Graph().parse(vocab, format="turtle")
    rows = []
    for p in used:
        labels = {lit.language: str(lit) for lit in terms.objects(p, RDFS.label)}
        if "ja" in labels and "en" in labels:
            rows.append((str(p), labels["ja"], labels["en"]))
    return sorted(rows)


# Query file -> expected answer over the loaded packages (vocabulary_labels also needs the
# vocabulary file, see expected()).
EXPECTED = {
    "01-plans.rq": plans,
    "02-goals-by-municipality.rq": goals_by_municipality,
    "03-initiatives.rq": initiatives,
    "04-council-issues-goal-2.rq": council_issues_goal_2,
    "05-progress-mentions-volunteer.rq": progress_mentions_volunteer,
    "06-entries-per-actor-and-goal.rq": entries_per_actor_and_goal,
    "07-side-by-side.rq": side_by_side,
    "08-report.rq": report,
    "09-plan-authors.rq": plan_authors,
    "10-text-length-per-goal.rq": text_length_per_goal,
    "11-issues-mentioning-ageing.rq": issues_mentioning_ageing,
    "12-links-to-estat.rq": links_to_estat,
    "13-multi-paragraph-progress.rq": multi_paragraph_progress,
    "14-missing-author-entry.rq": missing_author_entry,
    "15-vocabulary-labels.rq": vocabulary_labels,
    "16-indicators-behind-plan.rq": indicators_behind_plan,
    "17-entries-by-short-name.rq": entries_by_short_name,
    "18-ageing-issues-with-zeros.rq": ageing_issues_with_zeros,
    "19-text-length-without-line-breaks.rq": text_length_without_line_breaks,
    **TREND_EXPECTED,
}


def expected(query_name: str, roots: list[Path], vocab: Path) -> list[Row] | bool:
    sources = [Source.read(r) for r in roots]
    if query_name == "15-vocabulary-labels.rq":
        return vocabulary_labels(sources, vocab)
    return EXPECTED[query_name](sources)
