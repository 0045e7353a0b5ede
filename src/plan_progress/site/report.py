"""The report page for citizens, in Japanese or English, from the package's report document
(the JSON-LD the model builds from the typed tables) and its release.

The page shows what the data says and nothing more: an unknown start year or confirmation
date is shown as unknown; texts are the source's own (in English they stay Japanese, marked
`lang="ja"`); codes are shown by their codelist titles in the reader's language."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import urljoin

from rdflib import Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF

from plan_progress.core.standard import codelist
from plan_progress.release.bundle import CATALOG_JSONLD, CATALOG_TTL, OPENDATA_LIST, SUMS
from plan_progress.release.catalog import SPDX
from plan_progress.release.files import PORTAL_ORDER
from plan_progress.site import paths
from plan_progress.site.chart import Chart, indicator_chart
from plan_progress.site.resources import DataGraph, Text
from plan_progress.site.sources import CITATION_FILE, SitePackage
from plan_progress.site.text import Lang, split_bilingual, ui

# Document keys whose values are codes of a codelist of the standard.
_CODELISTS = {
    "status": "report-status",
    "itemType": "item-type",
    "actorType": "actor-type",
    "assessor": "assessor-type",
    "role": "responsibility-role",
    "valueStatus": "value-status",
}
# Release files that the DCAT catalog does not list as distributions (it describes them).
_RELEASE_EXTRAS = {
    SUMS: "checksums",
    CATALOG_TTL: "catalog",
    CATALOG_JSONLD: "catalog",
    OPENDATA_LIST: "opendata_list",
}
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
POINTS = ("baseline", "current", "target")


def code_title(key: str, code: str | None, lang: Lang) -> str | None:
    if code is None:
        return None
    for row in codelist(_CODELISTS[key]):
        if row["code"] == code:
            return row[f"title_{lang}"] or row["title_ja"]
    return code


@dataclass(frozen=True)
class Link:
    text: Text
    href: str | None = None


@dataclass(frozen=True)
class GradeView:
    scale: Text
    code: str
    level: Text
    reason: Text | None
    actor: Text | None
    href: str | None
    legend_anchor: str
    year: Text | None = None  # the fiscal year the grade is for, when stated


@dataclass(frozen=True)
class PointView:
    name: str  # heading: 基準値 / Baseline ...
    value: Text | None  # a number, or a target stated in words
    status: str | None
    year: Text | None


@dataclass(frozen=True)
class IndicatorView:
    anchor: str
    number: int | None
    title: Text
    unit: Text | None
    direction: str | None
    cumulative: bool
    points: tuple[PointView, ...]
    series: tuple[dict[str, Any], ...]
    chart: Chart | None
    href: str | None
    note: Text | None = None


@dataclass(frozen=True)
class EntryView:
    year: Text | None  # the fiscal year, when the entry states one
    progress: Text | None
    issue: Text | None


@dataclass(frozen=True)
class Cell:
    """One actor's column of an initiative: what it reported (one entry, or one per fiscal
    year), and its grades."""

    entries: tuple[EntryView, ...]
    grades: tuple[GradeView, ...]


@dataclass(frozen=True)
class InitiativeView:
    anchor: str
    label: str
    title: Text
    depth: int
    item_type: str | None
    departments: tuple[tuple[Text, str | None], ...]
    cells: tuple[Cell, ...]
    grades: tuple[GradeView, ...]  # given without an actor
    indicators: tuple[IndicatorView, ...]
    extensions: tuple[tuple[str, str], ...]
    href: str | None


@dataclass(frozen=True)
class GoalView:
    anchor: str
    label: str
    title: Text
    grades: tuple[GradeView, ...]
    indicators: tuple[IndicatorView, ...]
    initiatives: tuple[InitiativeView, ...]
    href: str | None


@dataclass(frozen=True)
class GoalListView:
    title: Text | None
    goals: tuple[GoalView, ...]


@dataclass(frozen=True)
class CountView:
    """A count printed in the report: how many items got one level (or, without a level,
    all items counted), over the plan or one goal, perhaps in one fiscal year."""

    year: Text | None
    subject: Link | None
    subset: Text | None
    code: str
    level: Text | None
    count: str
    share: str | None


@dataclass(frozen=True)
class ScaleView:
    anchor: str
    title: Text
    assessor: str | None
    assessed_by: Text | None
    levels: tuple[tuple[str, Text, Text | None], ...]
    counts: tuple[CountView, ...] = ()


@dataclass(frozen=True)
class Download:
    path: str
    href: str
    title: str
    format: str
    size: int


@dataclass(frozen=True)
class ReportView:
    lang: Lang
    t: dict[str, str]
    title: Text
    facts: tuple[tuple[str, list[Link]], ...]
    footnote: Text | None
    footnotes: tuple[Text, ...]  # notes printed in the report, each with its mark
    actors: tuple[tuple[Link, str | None], ...]  # the actor, and its kind (actor-type)
    goal_lists: tuple[GoalListView, ...]
    plan_grades: tuple[GradeView, ...]
    plan_indicators: tuple[IndicatorView, ...]
    scales: tuple[ScaleView, ...]
    downloads: tuple[Download, ...]
    licence: Link
    attribution: Text
    citation: Text
    citation_href: str | None
    linked_data: tuple[Link, ...]
    other_language_href: str


def report_path(package: SitePackage, lang: Lang) -> str:
    return f"reports/{package.name}/" + ("index.html" if lang == "ja" else "index.en.html")


def files_path(package: SitePackage, release_path: str) -> str:
    return f"reports/{package.name}/files/{release_path}"


class ReportReader:
    """Reads the document once; `view(lang)` makes the page in one language."""

    def __init__(
        self, package: SitePackage, data: DataGraph, lang: Lang, here: str | None = None
    ) -> None:
        self.package, self.data, self.lang = package, data, lang
        self.t = ui(lang)
        # The page the links are made for (another page's parts, e.g. the plan's history).
        self.here = here or report_path(package, lang)
        doc = package.document
        self.doc = doc
        self.base = next(
            (c["@base"] for c in doc["@context"] if isinstance(c, dict) and "@base" in c),
            package.base_iri,
        )
        included = doc.get("included", [])
        self.nodes: dict[str, dict[str, Any]] = {}
        for node in included:
            # Extension nodes share the id of a standard node: keep the standard one whole.
            self.nodes.setdefault(node["id"], {}).update(node)
        self.plan = package.plan
        self.nodes.setdefault(self.plan.get("id", ""), {}).update(self.plan)
        self.levels = {
            level["id"]: (scale, level)
            for scale in doc.get("gradeScales", [])
            for level in scale.get("levels", [])
        }
        self.grades_by_subject: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for grade in doc.get("grades", []):
            self.grades_by_subject[grade.get("subject", "")].append(grade)
        self.indicators_by_subject: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for indicator in doc.get("indicators", []):
            self.indicators_by_subject[indicator.get("subject", "")].append(indicator)
        # An initiative's entries per actor (one, or one per fiscal year).
        self.entries: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
        for e in doc.get("entries", []):
            self.entries[(e["initiative"], e["actor"])].append(e)
        reporting = {actor for _, actor in self.entries}
        self.actor_ids = [
            n["id"] for n in included if n.get("type") == "Actor" and n["id"] in reporting
        ]
        self.extension_titles = {
            f"{p.prefix}:{f.property}": split_bilingual(f.descriptor.get("title", f.column))
            for p in package.profiles
            for f in p.fields
        }

    # -- small helpers -------------------------------------------------------------------

    def ja(self, value: Any) -> Text | None:
        return None if value is None else Text(str(value), "ja")

    def href_of(self, relative_id: str | None) -> str | None:
        if not relative_id:
            return None
        target = self.data.page_of(urljoin(self.base, relative_id))
        return paths.href(self.here, *target) if target else None

    def name_of(self, relative_id: str | None) -> Text | None:
        node = self.nodes.get(relative_id or "")
        if node is None:
            return None
        return self.ja(node.get("name") or node.get("title") or node.get("shortName"))

    def code(self, key: str, value: str | None) -> str | None:
        return code_title(key, value, self.lang)

    def extensions(self, node_id: str) -> tuple[tuple[str, str], ...]:
        node = self.nodes.get(node_id, {})
        found = []
        for key in sorted(k for k in node if ":" in k):
            ja, en = self.extension_titles.get(key, (key, key))
            found.append(((en or ja) if self.lang == "en" else ja, str(node[key])))
        return tuple(found)

    # -- parts ---------------------------------------------------------------------------

    def grade(self, grade: dict[str, Any]) -> GradeView:
        scale, level = self.levels.get(grade.get("level", ""), ({}, {}))
        level_title = (
            Text(level["titleEn"], "en")
            if self.lang == "en" and level.get("titleEn")
            else self.ja(level.get("title")) or Text("")
        )
        return GradeView(
            scale=self.ja(scale.get("title")) or Text(""),
            code=str(level.get("code", "")),
            level=level_title,
            reason=self.ja(grade.get("reason")),
            actor=self.actor_short(grade.get("actor")),
            href=self.href_of(grade.get("id")),
            legend_anchor=_scale_anchor(scale.get("id", "")),
            year=self.fiscal_year(grade.get("fiscalYearLabel"), grade.get("fiscalYear")),
        )

    def actor_short(self, actor_id: str | None) -> Text | None:
        node = self.nodes.get(actor_id or "")
        if node is None:
            return None
        return self.ja(node.get("shortName") or node.get("name"))

    def grades_of(self, subject: str, with_actor: bool | None = None) -> tuple[GradeView, ...]:
        return tuple(
            self.grade(g)
            for g in self.grades_by_subject.get(subject, [])
            if with_actor is None or (g.get("actor") is not None) == with_actor
        )

    def indicator(self, indicator: dict[str, Any]) -> IndicatorView:
        t = self.t
        points = []
        for point in POINTS:
            measurement = indicator.get(point) or {}
            points.append(
                PointView(
                    name=t[point],
                    value=self.value(measurement),
                    status=self.code("valueStatus", measurement.get("valueStatus")),
                    year=self.fiscal_year(
                        measurement.get("fiscalYearLabel"), measurement.get("fiscalYear")
                    ),
                )
            )
        lower = indicator.get("lowerIsBetter")
        direction = None if lower is None else t["lower_is_better" if lower else "higher_is_better"]
        anchor = "ind-" + indicator["id"].rstrip("/").rsplit("/", 1)[-1]
        title = self.ja(indicator.get("title")) or Text("")
        return IndicatorView(
            anchor=anchor,
            number=indicator.get("number"),
            title=title,
            unit=self.ja(indicator.get("unit")),
            direction=direction,
            cumulative=bool(indicator.get("cumulative")),
            points=tuple(points),
            series=tuple(
                {
                    "year": self.fiscal_year(m.get("fiscalYearLabel"), m.get("fiscalYear")),
                    "planned": format_number(m.get("plannedValue")),
                    "actual": format_number(m.get("value")),
                    "status": self.code("valueStatus", m.get("valueStatus")),
                }
                for m in indicator.get("series", [])
            ),
            chart=indicator_chart(indicator, self.lang, t),
            href=self.href_of(indicator.get("id")),
            note=self.ja(indicator.get("note")),
        )

    def value(self, measurement: dict[str, Any]) -> Text | None:
        number = format_number(measurement.get("value"))
        if number is not None:
            return Text(number)
        return self.ja(measurement.get("valueText"))

    def indicators_of(self, subject: str) -> tuple[IndicatorView, ...]:
        return tuple(
            self.indicator(i)
            for i in sorted(
                self.indicators_by_subject.get(subject, []), key=lambda i: i.get("number", 0)
            )
        )

    def fiscal_year(self, label: str | None, year: int | None) -> Text | None:
        """The year as the source prints it (和暦), with the Western year in English."""
        if label is None and year is None:
            return None
        if label is None:
            return Text(f"{year}年度" if self.lang == "ja" else f"FY{year}")
        if self.lang == "en" and year is not None:
            return Text(f"{label} (FY{year})", "ja")
        return Text(label, "ja")

    def initiatives(self, goal: dict[str, Any]) -> tuple[InitiativeView, ...]:
        items = goal.get("initiatives", [])
        by_id = {i["id"]: i for i in items}
        views = []
        for item in items:
            chain, parent = [item], item.get("parentInitiative")
            while parent in by_id and by_id[parent] not in chain:
                chain.insert(0, by_id[parent])
                parent = by_id[parent].get("parentInitiative")
            views.append(self.initiative(item, chain))
        return tuple(views)

    def initiative(self, item: dict[str, Any], chain: list[dict[str, Any]]) -> InitiativeView:
        numbers = [c.get("number") for c in chain]
        first = numbers[0]
        # The source prints ①②…; in English the plain number reads better.
        circled = self.lang == "ja" and isinstance(first, int) and 1 <= first <= len(_CIRCLED)
        label = _CIRCLED[first - 1] if circled else str(first)
        label += "".join(f"-{n}" for n in numbers[1:])
        if None in numbers:  # printed without a number: no number is made up for it
            label = ""
        if item.get("notation") and (self.lang == "ja" or None in numbers):
            label = str(item["notation"])  # as the source prints it
        cells = []
        for actor in self.actor_ids:
            entries = sorted(
                self.entries.get((item["id"], actor), []),
                key=lambda e: e.get("fiscalYear") or 0,
            )
            cells.append(
                Cell(
                    entries=tuple(
                        EntryView(
                            year=self.fiscal_year(e.get("fiscalYearLabel"), e.get("fiscalYear"))
                            if len(entries) > 1
                            else None,
                            progress=self.ja(e.get("progress")),
                            issue=self.ja(e.get("issue")),
                        )
                        for e in entries
                    ),
                    grades=tuple(
                        self.grade(g)
                        for g in self.grades_by_subject.get(item["id"], [])
                        if g.get("actor") == actor
                    ),
                )
            )
        departments = tuple(
            (
                self.name_of(r.get("department")) or Text(""),
                self.code("role", r.get("role")),
            )
            for r in item.get("responsibilities", [])
        )
        return InitiativeView(
            anchor="i-" + item["id"].rstrip("/").rsplit("/", 1)[-1],
            label=label,
            title=self.ja(item.get("title")) or Text(""),
            depth=len(chain) - 1,
            item_type=self.code("itemType", item.get("itemType")),
            departments=departments,
            cells=tuple(cells),
            grades=self.grades_of(item["id"], with_actor=False),
            indicators=self.indicators_of(item["id"]),
            extensions=self.extensions(item["id"]),
            href=self.href_of(item["id"]),
        )

    def goal_lists(self) -> tuple[GoalListView, ...]:
        goals = self.plan.get("basicGoals", [])
        lists = self.plan.get("goalLists", [])
        views = []
        for goal_list in lists or [None]:
            wanted = goal_list["id"] if goal_list else None
            chosen = [g for g in goals if not lists or g.get("goalList") == wanted]
            title = None
            if goal_list:
                title = self.ja(goal_list.get("title"))
            views.append(GoalListView(title, tuple(self.goal(g) for g in chosen)))
        if lists:  # goals that name no list still belong on the page
            rest = [g for g in goals if g.get("goalList") not in {gl["id"] for gl in lists}]
            if rest:
                views.append(GoalListView(None, tuple(self.goal(g) for g in rest)))
        return tuple(views)

    def goal(self, goal: dict[str, Any]) -> GoalView:
        return GoalView(
            anchor="g-" + goal["id"].rstrip("/").rsplit("/", 1)[-1],
            label=str(goal["notation"])
            if goal.get("notation") and (self.lang == "ja" or goal.get("number") is None)
            else self.t["goal_n"].format(n=goal["number"])
            if goal.get("number") is not None
            else "",
            title=self.ja(goal.get("title")) or Text(""),
            grades=self.grades_of(goal["id"]),
            indicators=self.indicators_of(goal["id"]),
            initiatives=self.initiatives(goal),
            href=self.href_of(goal["id"]),
        )

    def count(self, count: dict[str, Any]) -> CountView:
        _, level = self.levels.get(count.get("level", ""), ({}, {}))
        subject = count.get("subject")
        node = self.nodes.get(subject or "") or _find_node(self.plan, subject)
        name = self.ja(node.get("title") or node.get("name")) if node else None
        return CountView(
            year=self.fiscal_year(count.get("fiscalYearLabel"), count.get("fiscalYear")),
            subject=Link(name, self.href_of(subject)) if name else None,
            subset=self.ja(count.get("subset")),
            code=str(level.get("code", "")),
            level=self.level_title(level) if level else None,
            count=format_number(count.get("count")) or "",
            share=format_number(count.get("share")),
        )

    def level_title(self, level: dict[str, Any]) -> Text | None:
        if self.lang == "en" and level.get("titleEn"):
            return Text(level["titleEn"], "en")
        return self.ja(level.get("title"))

    def scales(self) -> tuple[ScaleView, ...]:
        views = []
        counts: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for count in self.doc.get("gradeCounts", []):
            counts[count.get("scale", "")].append(count)
        for scale in self.doc.get("gradeScales", []):
            levels = []
            for level in scale.get("levels", []):
                if self.lang == "en" and level.get("titleEn"):
                    title = Text(level["titleEn"], "en")
                else:
                    title = self.ja(level.get("title")) or Text("")
                if self.lang == "en" and level.get("descriptionEn"):
                    description = Text(level["descriptionEn"], "en")
                else:
                    description = self.ja(level.get("description"))
                levels.append((str(level.get("code", "")), title, description))
            views.append(
                ScaleView(
                    anchor=_scale_anchor(scale["id"]),
                    title=self.ja(scale.get("title")) or Text(""),
                    assessor=self.code("assessor", scale.get("assessor")),
                    assessed_by=self.name_of(scale.get("assessedBy")),
                    levels=tuple(levels),
                    counts=tuple(self.count(c) for c in counts.get(scale["id"], [])),
                )
            )
        return tuple(views)

    def facts(self) -> tuple[tuple[str, list[Link]], ...]:
        t, plan, doc = self.t, self.plan, self.doc
        period = plan.get("period", {})
        unknown = [Link(Text(t["unknown"]))]

        def year(key: str) -> list[Link]:
            found = self.fiscal_year(
                period.get(f"{key}FiscalYearLabel"), period.get(f"{key}FiscalYear")
            )
            return [Link(found)] if found else unknown

        authors = [
            Link(self.name_of(a) or Text(a), self.href_of(a)) for a in plan.get("authors", [])
        ]
        confirmation = doc.get("confirmation") or {}
        body = confirmation.get("confirmedBy")
        facts: list[tuple[str, list[Link]]] = [
            (
                t["plan"],
                [Link(self.ja(plan.get("title")) or Text(""), self.href_of(plan.get("id")))],
            ),
            (
                t["municipality"],
                [Link(self.ja(plan.get("municipalityName")) or Text(""))],
            ),
            (t["municipality_code"], [Link(Text(str(plan.get("municipalityCode", ""))))]),
        ]
        if plan.get("periodNumber") is not None:
            number = plan["periodNumber"]
            facts.append(
                (
                    t["period_number"],
                    [Link(Text(f"第{number}期" if self.lang == "ja" else str(number)))],
                )
            )
        facts += [
            (f"{t['plan_period']}{t['lp']}{t['start']}{t['rp']}", year("start")),
            (f"{t['plan_period']}{t['lp']}{t['end']}{t['rp']}", year("end")),
            (t["authors"], authors),
        ]
        if doc.get("type") == "Plan":  # a plan on its own: there is no report to describe
            return (*facts, (t["report_title"], [Link(Text(t["no_report"]))]))
        facts += [
            (
                t["report_title"],
                [Link(self.ja(doc.get("title")) or Text(""), self.href_of(doc.get("id")))],
            ),
            (t["status"], [Link(Text(self.code("status", doc.get("status")) or t["unknown"]))]),
            (
                t["confirmed_by"],
                [Link(self.name_of(body) or Text(body), self.href_of(body))] if body else unknown,
            ),
            (
                t["confirmation_date"],
                [Link(Text(confirmation["confirmationDate"]))]
                if confirmation.get("confirmationDate")
                else unknown,
            ),
            (
                t["source"],
                [Link(Text(doc["sourceUrl"]), _web(doc["sourceUrl"]))]
                if doc.get("sourceUrl")
                else [Link(Text(t["source_unknown"]))],
            ),
        ]
        return tuple(facts)

    def downloads(self) -> tuple[Download, ...]:
        """The files a portal publishes first, in the order people need them (the catalog's
        distributions: workbook, main tables, Linked Data, archives), then the catalogue
        files, then every other file of the release by path."""
        catalog = self.package.catalog
        release = self.package.release
        rank = {key: i for i, key in enumerate(PORTAL_ORDER)}
        found = []
        for dist in catalog.subjects(RDF.type, DCAT.Distribution):
            # the file's path in the release (spdx:fileName); its ID is the 一覧's ファイル_ID
            path = str(
                catalog.value(dist, SPDX.fileName) or catalog.value(dist, DCTERMS.identifier)
            )
            if path not in release:
                continue
            titles = {
                t.language: str(t)
                for t in catalog.objects(dist, DCTERMS.title)
                if isinstance(t, Literal)
            }
            key = str(catalog.value(dist, DCTERMS.identifier) or "").rsplit("_", 1)[-1]
            found.append(
                (
                    rank.get(key, len(rank)),
                    Download(
                        path=path,
                        href=paths.href(self.here, files_path(self.package, path)),
                        title=titles.get(self.lang) or titles.get("ja") or path,
                        format=str(catalog.value(dist, DCTERMS.format) or ""),
                        size=len(release[path]),
                    ),
                )
            )
        out = [d for _, d in sorted(found, key=lambda x: (x[0], x[1].path))]
        described = {d.path for d in out}
        for path, key in _RELEASE_EXTRAS.items():
            if path in release and path not in described:
                out.append(self._download(path, self.t[key]))
                described.add(path)
        out += [self._download(path, path) for path in sorted(release) if path not in described]
        return tuple(out)

    def _download(self, path: str, title: str) -> Download:
        return Download(
            path=path,
            href=paths.href(self.here, files_path(self.package, path)),
            title=title,
            format=path.rsplit(".", 1)[-1].upper() if "." in path else "TEXT",
            size=len(self.package.release[path]),
        )

    def view(self, other_language_href: str) -> ReportView:
        descriptor = self.package.descriptor
        licence = next(iter(descriptor.get("licenses", [])), {})
        licence_ja, licence_en = split_bilingual(str(licence.get("title", licence.get("name", ""))))
        attribution_ja, attribution_en = split_bilingual(
            str(descriptor.get("planProgress", {}).get("attribution", ""))
        )
        attribution = (
            Text(attribution_en, "en")
            if self.lang == "en" and attribution_en
            else Text(attribution_ja, "ja")
        )
        title_ja, title_en = split_bilingual(str(descriptor.get("title", self.package.name)))
        dataset_iri = str(descriptor.get("id", ""))
        citation = ", ".join(
            part
            for part in (
                attribution.text,
                title_en if self.lang == "en" and title_en else title_ja,
                f"{self.t['version']} {descriptor.get('version', '')}".strip(),
                dataset_iri,
                str(licence.get("name", "")),
            )
            if part
        )
        citation_href = (
            paths.href(self.here, files_path(self.package, CITATION_FILE))
            if self.package.citation is not None
            else None
        )
        linked = [
            Link(self.ja(self.doc.get("title")) or Text(""), self.href_of(self.doc.get("id"))),
            Link(self.ja(self.plan.get("title")) or Text(""), self.href_of(self.plan.get("id"))),
        ]
        dataset_page = self.data.page_of(dataset_iri) if dataset_iri else None
        if dataset_page:
            linked.append(
                Link(
                    self.data.name(URIRef(dataset_iri), self.lang),
                    paths.href(self.here, *dataset_page),
                )
            )
        plan_id = self.plan.get("id", "")
        return ReportView(
            lang=self.lang,
            t=self.t,
            title=self.ja(self.doc.get("title")) or Text(""),
            facts=self.facts(),
            footnote=self.ja(self.doc.get("footnote")),
            footnotes=tuple(
                Text(
                    " ".join(str(p) for p in (n.get("mark"), n.get("heading"), n.get("text")) if p),
                    "ja",
                )
                for n in self.doc.get("reportNotes", [])  # the model's report-notes table
            ),
            actors=tuple(
                (
                    Link(self.actor_short(a) or Text(a), self.href_of(a)),
                    self.code("actorType", self.nodes.get(a, {}).get("actorType")),
                )
                for a in self.actor_ids
            ),
            goal_lists=self.goal_lists(),
            plan_grades=self.grades_of(plan_id),
            plan_indicators=self.indicators_of(plan_id),
            scales=self.scales(),
            downloads=self.downloads(),
            licence=Link(
                Text(licence_en if self.lang == "en" and licence_en else licence_ja),
                _web(str(licence.get("path", ""))),
            ),
            attribution=attribution,
            citation=Text(citation, self.lang),
            citation_href=citation_href,
            linked_data=tuple(link for link in linked if link.href),
            other_language_href=other_language_href,
        )


def _find_node(tree: Any, node_id: str | None) -> dict[str, Any] | None:
    """A node nested in the document (a goal under its plan or goal list)."""
    if isinstance(tree, dict):
        if tree.get("id") == node_id:
            return tree
        tree = list(tree.values())
    if isinstance(tree, list):
        for item in tree:
            found = _find_node(item, node_id)
            if found is not None:
                return found
    return None


def _scale_anchor(scale_id: str) -> str:
    return "scale-" + scale_id.rstrip("/").rsplit("/", 1)[-1]


def _web(url: str) -> str | None:
    """Only web addresses become links (a `javascript:` URL in the data stays text)."""
    return url if url.startswith(("http://", "https://")) else None


def format_number(value: Any) -> str | None:
    """60.0 -> "60", 23.5 -> "23.5": the value as printed, without a spurious ".0" (a value
    written as text, a decimal as printed, is shown as it is)."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def report_view(
    package: SitePackage, data: DataGraph, lang: Lang, history: str | None = None
) -> ReportView:
    """The report page; `history` the site path of its plan's page of reports by year."""
    other: Lang = "en" if lang == "ja" else "ja"
    here = report_path(package, lang)
    view = ReportReader(package, data, lang).view(paths.href(here, report_path(package, other)))
    if history is None:
        return view
    link = Link(Text(view.t["plan_history_link"]), paths.href(here, history))
    return replace(view, facts=(*view.facts, (view.t["plan_history"], [link])))
