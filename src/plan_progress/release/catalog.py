"""DCAT 3 description of the dataset and each distribution, built with rdflib.

No blank nodes: every auxiliary node (period, checksum, location, rights) gets a hash IRI
under its dataset or distribution, so the Turtle and JSON-LD texts depend only on the
triples and two releases of the same package are byte-identical.
"""

from __future__ import annotations

import datetime
import json
import os
from dataclasses import dataclass
from typing import Any

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, RDFS, XSD

from plan_progress.core import standard
from plan_progress.release.files import ReleaseFile, split_bilingual

SPDX = Namespace("http://spdx.org/rdf/terms#")
IANA_MEDIA = "https://www.iana.org/assignments/media-types/"
# rdflib's DCAT namespace predates DCAT 3, which added dcat:version.
DCAT_VERSION = URIRef(str(DCAT) + "version")
PREFIXES = {"dcat": DCAT, "dct": DCTERMS, "foaf": FOAF, "spdx": SPDX, "xsd": XSD, "rdfs": RDFS}


@dataclass(frozen=True)
class DatasetFacts:
    """What the catalog says about the dataset, read from the validated package."""

    iri: str
    identifier: str
    title: str  # "日本語 / English"
    description: str
    version: str
    keywords: tuple[str, ...]
    license: str
    attribution: str
    municipality_code: str
    municipality_name: str
    publisher_iri: str
    publisher_name: str
    source_iri: str
    source_title: str
    start_fiscal_year: int | None
    end_fiscal_year: int | None


def fiscal_year_start(year: int) -> datetime.date:
    """A Japanese fiscal year N runs from 1 April N to 31 March N+1 (地方自治法 第208条)."""
    return datetime.date(year, 4, 1)


def fiscal_year_end(year: int) -> datetime.date:
    return datetime.date(year + 1, 3, 31)


def pinned_date() -> datetime.date | None:
    """The release date only when the caller pins it (reproducible builds' SOURCE_DATE_EPOCH)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch.isdigit():
        return None
    return datetime.datetime.fromtimestamp(int(epoch), tz=datetime.UTC).date()


def _lang(text: str) -> str:
    """Keywords carry no language in the package: ASCII-only ones are English, others Japanese."""
    return "en" if text.isascii() else "ja"


def distribution_iri(dataset_iri: str, path: str) -> URIRef:
    return URIRef(f"{dataset_iri}/distribution/{path}")


def catalog_graph(facts: DatasetFacts, files: list[ReleaseFile]) -> Graph:
    g = Graph()
    for prefix, namespace in PREFIXES.items():
        g.bind(prefix, namespace)
    ds = URIRef(facts.iri)
    g.add((ds, RDF.type, DCAT.Dataset))
    _bilingual(g, ds, DCTERMS.title, facts.title)
    _bilingual(g, ds, DCTERMS.description, facts.description)
    g.add((ds, DCTERMS.identifier, Literal(facts.identifier)))
    g.add((ds, DCAT_VERSION, Literal(facts.version)))
    for keyword in facts.keywords:
        g.add((ds, DCAT.keyword, Literal(keyword, lang=_lang(keyword))))
    g.add((ds, DCTERMS.license, URIRef(facts.license)))
    g.add((ds, DCTERMS.conformsTo, URIRef(standard.SCHEMA_IRI)))
    g.add((URIRef(standard.SCHEMA_IRI), RDF.type, DCTERMS.Standard))

    rights = URIRef(f"{facts.iri}#rights")
    g.add((ds, DCTERMS.rights, rights))
    g.add((rights, RDF.type, DCTERMS.RightsStatement))
    _bilingual(g, rights, RDFS.label, facts.attribution)

    publisher = URIRef(facts.publisher_iri)
    g.add((ds, DCTERMS.publisher, publisher))
    g.add((publisher, RDF.type, FOAF.Agent))
    g.add((publisher, FOAF.name, Literal(facts.publisher_name, lang="ja")))

    place = URIRef(f"{facts.iri}#spatial")
    g.add((ds, DCTERMS.spatial, place))
    g.add((place, RDF.type, DCTERMS.Location))
    g.add((place, RDFS.label, Literal(facts.municipality_name, lang="ja")))
    # 全国地方公共団体コード (6 digits with check digit), as the portal's own lists use it.
    g.add((place, DCTERMS.identifier, Literal(facts.municipality_code)))

    source = URIRef(facts.source_iri)
    g.add((ds, DCTERMS.source, source))
    g.add((source, DCTERMS.title, Literal(facts.source_title, lang="ja")))

    # Only the ends that the source states: an unknown start stays unstated.
    if facts.start_fiscal_year is not None or facts.end_fiscal_year is not None:
        period = URIRef(f"{facts.iri}#temporal")
        g.add((ds, DCTERMS.temporal, period))
        g.add((period, RDF.type, DCTERMS.PeriodOfTime))
        if facts.start_fiscal_year is not None:
            start = fiscal_year_start(facts.start_fiscal_year)
            g.add((period, DCAT.startDate, Literal(start, datatype=XSD.date)))
        if facts.end_fiscal_year is not None:
            end = fiscal_year_end(facts.end_fiscal_year)
            g.add((period, DCAT.endDate, Literal(end, datatype=XSD.date)))

    issued = pinned_date()
    if issued is not None:
        g.add((ds, DCTERMS.modified, Literal(issued, datatype=XSD.date)))

    for file in files:
        _distribution(g, ds, facts, file)
    return g


def _distribution(g: Graph, ds: URIRef, facts: DatasetFacts, file: ReleaseFile) -> None:
    dist = distribution_iri(facts.iri, file.path)
    g.add((ds, DCAT.distribution, dist))
    g.add((dist, RDF.type, DCAT.Distribution))
    g.add((dist, DCTERMS.identifier, Literal(file.path)))
    g.add((dist, DCTERMS.title, Literal(file.title_ja, lang="ja")))
    g.add((dist, DCTERMS.title, Literal(file.title_en, lang="en")))
    g.add((dist, DCTERMS.description, Literal(file.description_ja, lang="ja")))
    g.add((dist, DCTERMS.description, Literal(file.description_en, lang="en")))
    g.add((dist, DCAT.mediaType, URIRef(IANA_MEDIA + file.media_type)))
    g.add((dist, DCTERMS.format, Literal(file.format)))
    g.add((dist, DCAT.byteSize, Literal(file.size, datatype=XSD.nonNegativeInteger)))
    g.add((dist, DCTERMS.license, URIRef(facts.license)))
    if file.conforms_to:
        g.add((dist, DCTERMS.conformsTo, URIRef(file.conforms_to)))
    checksum = URIRef(f"{dist}#sha256")
    g.add((dist, SPDX.checksum, checksum))
    g.add((checksum, RDF.type, SPDX.Checksum))
    g.add((checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256))
    g.add((checksum, SPDX.checksumValue, Literal(file.sha256, datatype=XSD.hexBinary)))


def _bilingual(g: Graph, node: URIRef, prop: URIRef, text: str) -> None:
    ja, en = split_bilingual(text)
    g.add((node, prop, Literal(ja, lang="ja")))
    if en != ja:
        g.add((node, prop, Literal(en, lang="en")))


def turtle(g: Graph) -> bytes:
    return g.serialize(format="turtle").encode("utf-8")


def jsonld(g: Graph) -> bytes:
    """JSON-LD with short prefixes; arrays sorted (they are unordered sets in JSON-LD) so the
    text does not depend on rdflib's internal iteration order."""
    context = {prefix: str(ns) for prefix, ns in PREFIXES.items()}
    document = json.loads(g.serialize(format="json-ld", context=context, auto_compact=True))
    return (
        json.dumps(_sorted(document), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    ).encode()


def _sorted(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: (v if k == "@list" else _sorted(v)) for k, v in value.items()}
    if isinstance(value, list):
        items = [_sorted(v) for v in value]
        return sorted(items, key=lambda v: json.dumps(v, ensure_ascii=False, sort_keys=True))
    return value
