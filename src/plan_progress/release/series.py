"""A plan's reports as a DCAT 3 dataset series.

Each report's release is a `dcat:Dataset` `dcat:inSeries` the plan's `dcat:DatasetSeries`
(`{baseIri}plan/{plan_id}/series`), with `dcat:prev` the previous fiscal year's report; the
series states its `dcat:first` and `dcat:last` report and every `dcat:seriesMember`.

The other reports of the series appear in a catalogue only by their IRI, identifier (the
portal's dataset name) and title: they are not typed `dcat:Dataset` there, because a
harvester (ckanext-dcat's RDFParser) makes a portal dataset of every `dcat:Dataset` it
finds, and each report's own catalogue describes it in full.
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF

from plan_progress.model import iris
from plan_progress.release.files import split_bilingual

# DCAT 3 terms rdflib's namespace (DCAT 2) does not have.
DATASET_SERIES = URIRef(str(DCAT) + "DatasetSeries")
IN_SERIES = URIRef(str(DCAT) + "inSeries")
SERIES_MEMBER = URIRef(str(DCAT) + "seriesMember")
FIRST = URIRef(str(DCAT) + "first")
LAST = URIRef(str(DCAT) + "last")
PREV = URIRef(str(DCAT) + "prev")
# The series' title is the plan's as printed, with this label the tool composes.
TITLE_SUFFIX = "（年度ごとの報告）"


def series_iri(base_iri: str, plan_id: str) -> str:
    return f"{base_iri}{iris.plan(plan_id)}/series"


@dataclass(frozen=True)
class Member:
    """One report of the series, as another report's catalogue names it."""

    iri: str
    identifier: str  # the package's name: the dataset's name on a portal
    title: str  # "日本語 / English", as the package's descriptor


@dataclass(frozen=True)
class SeriesFacts:
    iri: str
    title_ja: str
    plan_iri: str
    members: tuple[Member, ...]  # in fiscal-year order
    position: int  # this report's index in `members`

    @property
    def this(self) -> Member:
        return self.members[self.position]

    @property
    def prev(self) -> Member | None:
        return self.members[self.position - 1] if self.position > 0 else None


def add_series(g: Graph, series: SeriesFacts, publisher: URIRef | None) -> None:
    """The series and this report's place in it (dcat:inSeries, dcat:prev)."""
    node = URIRef(series.iri)
    ds = URIRef(series.this.iri)
    g.add((ds, IN_SERIES, node))
    if series.prev is not None:
        g.add((ds, PREV, URIRef(series.prev.iri)))
    g.add((node, RDF.type, DATASET_SERIES))
    g.add((node, DCTERMS.title, Literal(series.title_ja, lang="ja")))
    g.add((node, DCTERMS.subject, URIRef(series.plan_iri)))
    if publisher is not None:
        g.add((node, DCTERMS.publisher, publisher))
    g.add((node, FIRST, URIRef(series.members[0].iri)))
    g.add((node, LAST, URIRef(series.members[-1].iri)))
    for member in series.members:
        g.add((node, SERIES_MEMBER, URIRef(member.iri)))
        if member is series.this:
            continue
        other = URIRef(member.iri)
        g.add((other, DCTERMS.identifier, Literal(member.identifier)))
        title_ja, _ = split_bilingual(member.title)
        g.add((other, DCTERMS.title, Literal(title_ja, lang="ja")))
