"""A page per IRI: the data's triples grouped by the page that describes each subject, told in
words (the vocabulary's labels) with links, the incoming links too, and the page's own Turtle
and JSON-LD.

Everything is read from the RDF graph the packages generate (the union of their report and
VoID graphs), so a new class or property in the model gets its pages without a change here."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from plan_progress.core.standard import CONTEXT_IRI, VOCAB_NS
from plan_progress.rdf import jsonld_rdf
from plan_progress.site import paths
from plan_progress.site.vocabulary import curie, known_label, term_label

# What names a resource, best first. rdfs:label comes first so that data which labels every
# resource is shown by its label; the rest name what the 0.1 model already names.
_NAMING = (
    str(RDFS.label),
    "http://www.w3.org/2004/02/skos/core#prefLabel",
    VOCAB_NS + "title",
    VOCAB_NS + "name",
    "http://purl.org/dc/terms/title",
    VOCAB_NS + "shortName",
)


@dataclass(frozen=True)
class Text:
    text: str
    lang: str | None = None


@dataclass(frozen=True)
class Value:
    """An object of a statement: a literal, or a resource with its name and maybe a link."""

    text: str
    lang: str | None = None
    href: str | None = None
    iri: str | None = None
    datatype: str | None = None


@dataclass(frozen=True)
class Statement:
    predicate: str
    label: tuple[str, str]  # (ja, en)
    predicate_href: str | None
    values: tuple[Value, ...]


@dataclass(frozen=True)
class Subject:
    iri: str
    anchor: str | None
    name: Text
    types: tuple[Value, ...]
    statements: tuple[Statement, ...]
    incoming: tuple[tuple[Value, Statement], ...]


@dataclass(frozen=True)
class ResourcePage:
    stem: str  # site path without extension
    iri: str  # the document IRI
    subjects: tuple[Subject, ...]
    turtle: bytes
    jsonld: dict[str, Any]

    @property
    def html_path(self) -> str:
        return self.stem + ".html"


class DataGraph:
    """The union graph of the packages, with where each subject's page is."""

    def __init__(self, graph: Graph, extra_labels: dict[str, tuple[str, str]]) -> None:
        self.graph = graph
        self.extra_labels = extra_labels
        # document IRI -> its subjects; raises UnmappableIri for an unsafe IRI
        self.documents: dict[str, list[URIRef]] = defaultdict(list)
        self.stems: dict[str, str] = {}
        for subject in sorted({s for s in graph.subjects() if isinstance(s, URIRef)}, key=str):
            stem = paths.page_stem(str(subject))
            if stem is None:
                continue
            doc = paths.document_iri(str(subject))
            self.documents[doc].append(subject)
            self.stems[doc] = stem

    def page_of(self, iri: str) -> tuple[str, str | None] | None:
        """(site file, anchor) where an IRI is described, if the site has it."""
        doc = paths.document_iri(iri)
        if doc in self.stems:
            return self.stems[doc] + ".html", paths.fragment(iri)
        return paths.vocabulary_target(iri)

    def name(self, node: Any, lang: str = "ja") -> Text:
        """A resource's name: its label or title (in `lang` if it has one), else the name of
        its class and the last part of its IRI."""
        for predicate in _NAMING:
            found = _pick(self.graph.objects(node, URIRef(predicate)), lang)
            if found is not None:
                return found
        iri = str(node)
        types = sorted(str(t) for t in self.graph.objects(node, RDF.type))
        tail = paths.fragment(iri) or iri.rstrip("/").rsplit("/", 1)[-1]
        if types:
            ja, en = term_label(types[0], self.extra_labels)
            return Text(f"{ja if lang == 'ja' else en} {tail}", lang)
        return Text(curie(iri))

    def link(self, from_page: str, node: Any) -> Value:
        if isinstance(node, Literal):
            datatype = curie(str(node.datatype)) if node.datatype else None
            return Value(str(node), node.language, datatype=datatype)
        if isinstance(node, BNode):
            return Value("[blank node]")
        iri = str(node)
        target = self.page_of(iri)
        if target is not None:
            name = self._name_of_known(iri)
            return Value(name.text, name.lang, paths.href(from_page, *target), iri)
        # Another site's IRI: a link only when it is a web address (never javascript: etc.)
        external = iri if iri.startswith(("http://", "https://")) else None
        known = known_label(iri)
        if known is not None:
            return Value(f"{known[0]} ({curie(iri)})", "ja", external, iri)
        return Value(curie(iri), None, external, iri)

    def _name_of_known(self, iri: str) -> Text:
        if iri.startswith(VOCAB_NS):
            ja, _en = term_label(iri, self.extra_labels)
            return Text(ja, "ja")
        if (URIRef(iri), None, None) in self.graph:
            return self.name(URIRef(iri))
        return Text(curie(iri))


def _pick(values: Any, lang: str) -> Text | None:
    literals = sorted((v for v in values if isinstance(v, Literal)), key=str)
    for wanted in (lang, "ja", "en"):
        for literal in literals:
            if literal.language == wanted:
                return Text(str(literal), literal.language)
    return Text(str(literals[0]), literals[0].language) if literals else None


def resource_pages(data: DataGraph) -> list[ResourcePage]:
    return [_page(data, doc, subjects) for doc, subjects in sorted(data.documents.items())]


def _page(data: DataGraph, doc: str, subjects: list[URIRef]) -> ResourcePage:
    stem = data.stems[doc]
    here = stem + ".html"
    described = []
    triples = Graph()
    for subject in subjects:
        for triple in data.graph.triples((subject, None, None)):
            triples.add(triple)
        described.append(_subject(data, here, subject))
    return ResourcePage(
        stem=stem,
        iri=doc,
        subjects=tuple(described),
        turtle=jsonld_rdf.turtle(triples, _prefixes(data)).encode("utf-8"),
        jsonld=compact_jsonld(triples),
    )


def _prefixes(data: DataGraph) -> dict[str, str]:
    return {prefix: str(ns) for prefix, ns in data.graph.namespaces() if prefix}


def _statements(data: DataGraph, here: str, pairs: list[tuple[Any, Any]]) -> list[Statement]:
    grouped: dict[str, list[Any]] = defaultdict(list)
    for predicate, obj in pairs:
        grouped[str(predicate)].append(obj)
    statements = []
    for predicate in sorted(grouped, key=lambda p: (p != str(RDF.type), p)):
        target = paths.vocabulary_target(predicate)
        values = sorted(
            (data.link(here, o) for o in grouped[predicate]),
            key=lambda v: (v.iri or "", v.text),
        )
        statements.append(
            Statement(
                predicate=predicate,
                label=term_label(predicate, data.extra_labels),
                predicate_href=paths.href(here, *target) if target else predicate,
                values=tuple(values),
            )
        )
    return statements


def _subject(data: DataGraph, here: str, subject: URIRef) -> Subject:
    outgoing = [(p, o) for p, o in data.graph.predicate_objects(subject) if p != RDF.type]
    types = sorted(
        (data.link(here, t) for t in data.graph.objects(subject, RDF.type)),
        key=lambda v: v.iri or "",
    )
    incoming = []
    for source, predicate in sorted(data.graph.subject_predicates(subject), key=str):
        if not isinstance(source, URIRef):
            continue
        (statement,) = _statements(data, here, [(predicate, subject)])
        incoming.append((data.link(here, source), statement))
    return Subject(
        iri=str(subject),
        anchor=paths.fragment(str(subject)),
        name=data.name(subject),
        types=tuple(types),
        statements=tuple(_statements(data, here, outgoing)),
        incoming=tuple(incoming),
    )


_XSD = "http://www.w3.org/2001/XMLSchema#"
_NATIVE = {
    _XSD + "integer": int,
    _XSD + "double": float,
    _XSD + "boolean": lambda text: text == "true",
}


def _native(value: Any) -> Any:
    """Typed numbers and booleans as JSON numbers and booleans (keeping their type), so that
    the compact form reads like the package's own JSON-LD ("number": 1, not "1")."""
    if isinstance(value, list):
        return [_native(v) for v in value]
    if isinstance(value, dict):
        convert = _NATIVE.get(value.get("@type", "")) if "@value" in value else None
        if convert is not None and isinstance(value["@value"], str):
            return {**value, "@value": convert(value["@value"])}
        return {k: _native(v) for k, v in value.items()}
    return value


def compact_jsonld(triples: Graph) -> dict[str, Any]:
    """The triples as compact JSON-LD under the published context (loaded from the
    package, never fetched), from sorted N-Triples so that the output is stable."""
    from pyld import jsonld

    nquads = jsonld_rdf.ntriples(triples.serialize(format="nt"))
    expanded = _native(jsonld.from_rdf(nquads, {"format": "application/n-quads"}))
    compacted = jsonld.compact(
        expanded, CONTEXT_IRI, {"documentLoader": jsonld_rdf.local_document_loader}
    )
    # Round-trip through JSON text: plain dicts and lists, nothing pyld-specific.
    return json.loads(json.dumps(compacted, ensure_ascii=False))


def jsonld_bytes(document: dict[str, Any]) -> bytes:
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
