"""DCAT 3 catalogue of the dataset and each distribution a portal publishes, built with rdflib.

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
from rdflib.namespace import DCAT, DCTERMS, FOAF, PROV, RDF, RDFS, XSD

from plan_progress.core import standard
from plan_progress.release.files import ReleaseFile, split_bilingual
from plan_progress.release.series import SeriesFacts, add_series

SPDX = Namespace("http://spdx.org/rdf/terms#")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
IANA_MEDIA = "https://www.iana.org/assignments/media-types/"
# rdflib's DCAT namespace predates DCAT 3, which added dcat:version.
DCAT_VERSION = URIRef(str(DCAT) + "version")
PREFIXES = {
    "dcat": DCAT,
    "dct": DCTERMS,
    "foaf": FOAF,
    "spdx": SPDX,
    "xsd": XSD,
    "rdfs": RDFS,
    "vcard": VCARD,
    "prov": PROV,
}


@dataclass(frozen=True)
class Agent:
    iri: str
    name: str


@dataclass(frozen=True)
class Contact:
    """A contact point or maintainer, as the package states it (name required)."""

    name: str  # "日本語 / English" or Japanese only
    email: str = ""
    telephone: str = ""
    extension: str = ""
    url: str = ""


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
    license_title: str
    attribution: str
    municipality_code: str
    municipality_name: str
    plan_id: str
    publisher: Agent
    creators: tuple[Agent, ...]
    spatial_iri: str | None  # the e-Stat standard area (real prefectures only)
    source_iri: str
    source_title: str
    source_url: str
    start_fiscal_year: int | None
    end_fiscal_year: int | None
    contact: Contact | None = None
    maintainer: Contact | None = None
    update_frequency: str = ""  # codelist update-frequency
    issued: str = ""  # ISO dates, when the package states them
    modified: str = ""
    languages: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()  # codelist data-theme
    plan_title: str = ""  # as printed: the series' title starts with it


# The codelists' codes as the EU's authority tables name them (DCAT-AP uses these IRIs).
EU = "http://publications.europa.eu/resource/authority/"
FREQUENCIES = {
    "daily": "DAILY",
    "weekly": "WEEKLY",
    "monthly": "MONTHLY",
    "quarterly": "QUARTERLY",
    "semiannual": "ANNUAL_2",
    "annual": "ANNUAL",
    "irregular": "IRREG",
    "never": "NEVER",
}
LANGUAGES = {"ja": "JPN", "en": "ENG", "zh": "ZHO", "ko": "KOR"}
# ISO 19115 role of whoever keeps the data (DCAT 3 qualifies other agents' roles so).
CUSTODIAN = URIRef("http://inspire.ec.europa.eu/metadata-codelist/ResponsiblePartyRole/custodian")


def frequency_iri(code: str) -> URIRef:
    return URIRef(f"{EU}frequency/{FREQUENCIES[code]}")


def theme_iri(code: str) -> URIRef:
    return URIRef(f"{EU}data-theme/{code.upper()}")


def language_iri(code: str) -> URIRef:
    return URIRef(f"{EU}language/{LANGUAGES[code]}")


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


def distribution_iri(dataset_iri: str, key: str) -> URIRef:
    return URIRef(f"{dataset_iri}/distribution/{key}")


def catalog_iri(dataset_iri: str) -> URIRef:
    return URIRef(f"{dataset_iri}#catalog")


def catalog_graph(
    facts: DatasetFacts, files: list[ReleaseFile], series: SeriesFacts | None = None
) -> Graph:
    """dcat:Catalog → dcat:Dataset → one dcat:Distribution per file published to portals;
    the dataset in its plan's dcat:DatasetSeries (`series`, see release/series.py).

    Download and access URLs are not known until a portal holds the files: `publish` adds
    them to its own copy (`with_portal_urls`)."""
    g = Graph()
    for prefix, namespace in PREFIXES.items():
        g.bind(prefix, namespace)
    ds = URIRef(facts.iri)
    catalog = catalog_iri(facts.iri)
    g.add((catalog, RDF.type, DCAT.Catalog))
    _bilingual(g, catalog, DCTERMS.title, facts.title)
    _bilingual(g, catalog, DCTERMS.description, facts.description)
    g.add((catalog, DCTERMS.publisher, URIRef(facts.publisher.iri)))
    g.add((catalog, DCAT.dataset, ds))

    g.add((ds, RDF.type, DCAT.Dataset))
    _bilingual(g, ds, DCTERMS.title, facts.title)
    _bilingual(g, ds, DCTERMS.description, facts.description)
    g.add((ds, DCTERMS.identifier, Literal(facts.identifier)))
    g.add((ds, DCAT_VERSION, Literal(facts.version)))
    for keyword in facts.keywords:
        g.add((ds, DCAT.keyword, Literal(keyword, lang=_lang(keyword))))
    g.add((ds, DCTERMS.license, URIRef(facts.license)))
    _licence(g, facts)
    g.add((ds, DCTERMS.conformsTo, URIRef(standard.SCHEMA_IRI)))
    g.add((URIRef(standard.SCHEMA_IRI), RDF.type, DCTERMS.Standard))

    rights = URIRef(f"{facts.iri}#rights")
    g.add((ds, DCTERMS.rights, rights))
    g.add((rights, RDF.type, DCTERMS.RightsStatement))
    _bilingual(g, rights, RDFS.label, facts.attribution)

    publisher = _agent(g, facts.publisher)
    g.add((ds, DCTERMS.publisher, publisher))
    for creator in facts.creators:
        g.add((ds, DCTERMS.creator, _agent(g, creator)))
    if facts.contact is not None:
        g.add((ds, DCAT.contactPoint, _vcard(g, URIRef(f"{facts.iri}#contact"), facts.contact)))
    if facts.maintainer is not None:
        _maintainer(g, ds, facts)

    _spatial(g, ds, facts)
    source = URIRef(facts.source_iri)
    g.add((ds, DCTERMS.source, source))
    g.add((source, DCTERMS.title, Literal(facts.source_title, lang="ja")))
    if facts.source_url:
        g.add((source, FOAF.page, URIRef(facts.source_url)))

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

    if facts.update_frequency:
        g.add((ds, DCTERMS.accrualPeriodicity, frequency_iri(facts.update_frequency)))
    for code in facts.languages:
        g.add((ds, DCTERMS.language, language_iri(code)))
    for code in facts.themes:
        g.add((ds, DCAT.theme, theme_iri(code)))
    if facts.issued:
        g.add((ds, DCTERMS.issued, Literal(facts.issued, datatype=XSD.date)))
    modified = facts.modified or (pinned_date().isoformat() if pinned_date() else "")
    if modified:
        g.add((ds, DCTERMS.modified, Literal(modified, datatype=XSD.date)))

    for file in files:
        if file.key:
            _distribution(g, ds, facts, file)
    if series is not None:
        add_series(g, series, publisher)
    return g


def _licence(g: Graph, facts: DatasetFacts) -> None:
    licence = URIRef(facts.license)
    g.add((licence, RDF.type, DCTERMS.LicenseDocument))
    if facts.license_title:
        _bilingual(g, licence, RDFS.label, facts.license_title)


def _agent(g: Graph, agent: Agent) -> URIRef:
    node = URIRef(agent.iri)
    g.add((node, RDF.type, FOAF.Agent))
    g.add((node, FOAF.name, Literal(agent.name, lang="ja")))
    return node


def _vcard(g: Graph, node: URIRef, contact: Contact) -> URIRef:
    g.add((node, RDF.type, VCARD.Kind))
    ja, en = split_bilingual(contact.name)
    g.add((node, VCARD.fn, Literal(ja, lang="ja")))
    if en != ja:
        g.add((node, VCARD.fn, Literal(en, lang="en")))
    if contact.email:
        g.add((node, VCARD.hasEmail, URIRef(f"mailto:{contact.email}")))
    if contact.telephone:
        extension = f";ext={contact.extension}" if contact.extension else ""
        g.add((node, VCARD.hasTelephone, URIRef(f"tel:{contact.telephone}{extension}")))
    if contact.url:
        g.add((node, VCARD.hasURL, URIRef(contact.url)))
    return node


def _maintainer(g: Graph, ds: URIRef, facts: DatasetFacts) -> None:
    assert facts.maintainer is not None
    attribution = URIRef(f"{facts.iri}#maintainer")
    agent = _vcard(g, URIRef(f"{facts.iri}#maintainer-agent"), facts.maintainer)
    g.add((ds, PROV.qualifiedAttribution, attribution))
    g.add((attribution, RDF.type, PROV.Attribution))
    g.add((attribution, PROV.agent, agent))
    g.add((attribution, DCAT.hadRole, CUSTODIAN))


def _spatial(g: Graph, ds: URIRef, facts: DatasetFacts) -> None:
    """The e-Stat standard area the data itself links to; a local node for fictional codes."""
    place = URIRef(facts.spatial_iri or f"{facts.iri}#spatial")
    g.add((ds, DCTERMS.spatial, place))
    g.add((place, RDF.type, DCTERMS.Location))
    g.add((place, RDFS.label, Literal(facts.municipality_name, lang="ja")))
    # 全国地方公共団体コード (6 digits with check digit), as the portal's own lists use it.
    g.add((place, DCTERMS.identifier, Literal(facts.municipality_code)))


def _distribution(g: Graph, ds: URIRef, facts: DatasetFacts, file: ReleaseFile) -> None:
    assert file.key
    dist = distribution_iri(facts.iri, file.key)
    g.add((ds, DCAT.distribution, dist))
    g.add((dist, RDF.type, DCAT.Distribution))
    g.add((dist, DCTERMS.identifier, Literal(file_id(facts.identifier, file.key))))
    g.add((dist, SPDX.fileName, Literal(file.path)))
    g.add((dist, DCTERMS.title, Literal(file.title_ja, lang="ja")))
    g.add((dist, DCTERMS.title, Literal(file.title_en, lang="en")))
    g.add((dist, DCTERMS.description, Literal(file.description_ja, lang="ja")))
    g.add((dist, DCTERMS.description, Literal(file.description_en, lang="en")))
    g.add((dist, DCAT.mediaType, URIRef(IANA_MEDIA + file.media_type)))
    g.add((dist, DCTERMS.format, Literal(file.format)))
    g.add((dist, DCAT.byteSize, Literal(file.size, datatype=XSD.nonNegativeInteger)))
    g.add((dist, DCTERMS.license, URIRef(facts.license)))
    for language in facts.languages:
        g.add((dist, DCTERMS.language, language_iri(language)))
    if file.conforms_to:
        g.add((dist, DCTERMS.conformsTo, URIRef(file.conforms_to)))
    checksum = URIRef(f"{dist}#sha256")
    g.add((dist, SPDX.checksum, checksum))
    g.add((checksum, RDF.type, SPDX.Checksum))
    g.add((checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256))
    g.add((checksum, SPDX.checksumValue, Literal(file.sha256, datatype=XSD.hexBinary)))


def file_id(dataset_id: str, key: str) -> str:
    """ファイル_ID: the dataset's ID and the file's stable key (not its path)."""
    return f"{dataset_id}_{key}"


def with_portal_urls(
    g: Graph,
    portal_url: str,
    landing_page: str,
    urls: dict[str, tuple[str, str]],
    licence_title: str = "",
) -> Graph:
    """A copy of the catalog with a portal's addresses: the dataset's page, and each
    distribution's download and access URL (`urls`: ファイル_ID -> (download, access)).
    `licence_title` is the portal's own name for the licence: a harvester that knows the
    portal's licence list by title (ckanext-dcat does) finds the same entry again."""
    out = Graph()
    for prefix, namespace in PREFIXES.items():
        out.bind(prefix, namespace)
    for triple in g:
        out.add(triple)
    for catalog in g.subjects(RDF.type, DCAT.Catalog):
        out.add((catalog, FOAF.homepage, URIRef(portal_url)))
    for ds in g.subjects(RDF.type, DCAT.Dataset):
        out.add((ds, DCAT.landingPage, URIRef(landing_page)))
        licence = g.value(ds, DCTERMS.license)
        if licence_title and licence is not None:
            out.add((licence, DCTERMS.title, Literal(licence_title)))
        for dist in g.objects(ds, DCAT.distribution):
            identifier = str(g.value(dist, DCTERMS.identifier))
            if identifier in urls:
                download, access = urls[identifier]
                out.add((dist, DCAT.downloadURL, URIRef(download)))
                out.add((dist, DCAT.accessURL, URIRef(access)))
    return out


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
