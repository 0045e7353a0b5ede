"""The standard's vocabulary, read from `vocab/plan-progress.ttl` with rdflib: its terms with
their ja/en labels and definitions, and labels for the well-known terms the data uses."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from plan_progress.core.standard import ONTOLOGY_IRI, VOCAB_NS, vocab_path

KINDS = (
    ("classes", OWL.Class),
    ("object_properties", OWL.ObjectProperty),
    ("datatype_properties", OWL.DatatypeProperty),
)
# Shown as their own rows, not among the alignments.
_DESCRIBED = {RDF.type, RDFS.label, RDFS.comment, RDFS.isDefinedBy, RDFS.domain, RDFS.range}

# Prefixes for showing other vocabularies' IRIs as short names (the vocabulary's own, then
# the usual ones for data and catalog terms).
PREFIXES = {
    "pp": VOCAB_NS,
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dct": "http://purl.org/dc/terms/",
    "dcat": "http://www.w3.org/ns/dcat#",
    "void": "http://rdfs.org/ns/void#",
    "prov": "http://www.w3.org/ns/prov#",
    "org": "http://www.w3.org/ns/org#",
    "cv": "http://data.europa.eu/m8g/",
    "schema": "https://schema.org/",
    "ic": "http://imi.go.jp/ns/core/rdf#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "sacs": "http://data.e-stat.go.jp/lod/terms/sacs#",
}

# Labels for the terms of other vocabularies that the data and its VoID description use.
# Only names, so that a page can say "種類 / type" rather than a bare IRI.
_KNOWN_LABELS: dict[str, tuple[str, str]] = {
    str(RDF.type): ("種類", "type"),
    str(RDFS.label): ("名称", "label"),
    str(RDFS.comment): ("説明", "comment"),
    "http://purl.org/dc/terms/title": ("題名", "title"),
    "http://purl.org/dc/terms/description": ("説明", "description"),
    "http://purl.org/dc/terms/license": ("ライセンス", "licence"),
    "http://purl.org/dc/terms/conformsTo": ("準拠する標準", "conforms to"),
    "http://purl.org/dc/terms/spatial": ("地域", "spatial coverage"),
    "http://purl.org/dc/terms/bibliographicCitation": ("出典の表示", "bibliographic citation"),
    "http://purl.org/dc/terms/source": ("出典", "source"),
    "http://purl.org/dc/terms/temporal": ("対象期間", "temporal coverage"),
    "http://purl.org/dc/terms/publisher": ("公開者", "publisher"),
    "http://purl.org/dc/terms/identifier": ("識別子", "identifier"),
    "http://purl.org/dc/terms/modified": ("更新日", "modified"),
    "http://www.w3.org/2004/02/skos/core#notation": ("記号", "notation"),
    "http://www.w3.org/2004/02/skos/core#prefLabel": ("名称", "preferred label"),
    "http://rdfs.org/ns/void#Dataset": ("データセット（VoID）", "dataset (VoID)"),
    "http://www.w3.org/ns/dcat#Dataset": ("データセット（DCAT）", "dataset (DCAT)"),
    "http://rdfs.org/ns/void#classPartition": ("クラス別の部分", "class partition"),
    "http://rdfs.org/ns/void#class": ("クラス", "class"),
    "http://rdfs.org/ns/void#classes": ("クラスの数", "number of classes"),
    "http://rdfs.org/ns/void#entities": ("実体の数", "number of entities"),
    "http://rdfs.org/ns/void#triples": ("トリプルの数", "number of triples"),
    "http://rdfs.org/ns/void#properties": ("プロパティの数", "number of properties"),
    "http://rdfs.org/ns/void#distinctSubjects": ("異なる主語の数", "distinct subjects"),
    "http://rdfs.org/ns/void#distinctObjects": ("異なる目的語の数", "distinct objects"),
    "http://rdfs.org/ns/void#exampleResource": ("例となるリソース", "example resource"),
    "http://rdfs.org/ns/void#rootResource": ("起点のリソース", "root resource"),
    "http://rdfs.org/ns/void#feature": ("提供形式", "feature"),
    "http://rdfs.org/ns/void#vocabulary": ("使用する語彙", "vocabulary"),
    "http://rdfs.org/ns/void#dataDump": ("ダンプ", "data dump"),
    "http://rdfs.org/ns/void#sparqlEndpoint": ("SPARQL エンドポイント", "SPARQL endpoint"),
    "http://rdfs.org/ns/void#uriSpace": ("IRI の空間", "IRI space"),
    "http://www.w3.org/ns/dcat#keyword": ("キーワード", "keyword"),
    "http://www.w3.org/ns/dcat#distribution": ("配布", "distribution"),
}


@dataclass(frozen=True)
class Term:
    iri: str
    name: str  # local name: the anchor on the vocabulary page
    kind: str  # a key of KINDS
    label: dict[str, str]
    comment: dict[str, str]
    domain: tuple[str, ...]
    range: tuple[str, ...]
    # (predicate IRI, object IRI or text): subclass/subproperty, close matches, and so on
    alignments: tuple[tuple[str, str], ...] = field(default=())


@dataclass(frozen=True)
class Vocabulary:
    title: dict[str, str]
    description: dict[str, str]
    version: str
    version_iri: str
    terms: tuple[Term, ...]

    def by_kind(self, kind: str) -> list[Term]:
        return [t for t in self.terms if t.kind == kind]

    def term(self, iri: str) -> Term | None:
        return next((t for t in self.terms if t.iri == iri), None)


def _by_lang(values: Iterable[object]) -> dict[str, str]:
    found: dict[str, str] = {}
    for value in sorted(values, key=str):
        if isinstance(value, Literal):
            found.setdefault(value.language or "", str(value))
    return found


@cache
def vocabulary() -> Vocabulary:
    graph = Graph()
    graph.parse(vocab_path(), format="turtle")
    ontology = URIRef(ONTOLOGY_IRI)
    terms = []
    for kind, owl_type in KINDS:
        for iri in sorted(graph.subjects(RDF.type, owl_type), key=str):
            if not str(iri).startswith(VOCAB_NS):
                continue
            alignments = tuple(
                sorted(
                    (str(p), str(o)) for p, o in graph.predicate_objects(iri) if p not in _DESCRIBED
                )
            )
            terms.append(
                Term(
                    iri=str(iri),
                    name=str(iri)[len(VOCAB_NS) :],
                    kind=kind,
                    label=_by_lang(graph.objects(iri, RDFS.label)),
                    comment=_by_lang(graph.objects(iri, RDFS.comment)),
                    domain=tuple(sorted(str(o) for o in graph.objects(iri, RDFS.domain))),
                    range=tuple(sorted(str(o) for o in graph.objects(iri, RDFS.range))),
                    alignments=alignments,
                )
            )
    dct = "http://purl.org/dc/terms/"
    return Vocabulary(
        title=_by_lang(graph.objects(ontology, URIRef(dct + "title"))),
        description=_by_lang(graph.objects(ontology, URIRef(dct + "description"))),
        version=str(graph.value(ontology, OWL.versionInfo) or ""),
        version_iri=str(graph.value(ontology, OWL.versionIRI) or ""),
        terms=tuple(terms),
    )


def curie(iri: str) -> str:
    """`pp:Initiative` for a known namespace, else the IRI itself."""
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{prefix}:{iri[len(namespace) :]}"
    return iri


def known_label(iri: str) -> tuple[str, str] | None:
    """(ja, en) name of another vocabulary's term that the data uses, when the site knows it."""
    return _KNOWN_LABELS.get(iri)


def term_label(iri: str, extra: dict[str, tuple[str, str]] | None = None) -> tuple[str, str]:
    """(ja, en) name of a term: the vocabulary's labels, a profile's column title, a known
    term's name, else its short name in both languages."""
    term = vocabulary().term(iri)
    if term is not None:
        ja = term.label.get("ja") or term.name
        return ja, term.label.get("en") or ja
    if extra and iri in extra:
        return extra[iri]
    if iri in _KNOWN_LABELS:
        return _KNOWN_LABELS[iri]
    short = curie(iri)
    return short, short
