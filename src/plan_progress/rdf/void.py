"""A VoID and DCAT description of one package's dataset, computed from its RDF.

Deterministic: every node is an IRI (class partitions are fragments of the dataset IRI),
so the Turtle text depends only on the data. The SPARQL endpoint is not stated here,
because none runs where the file is published; `plan-progress serve` adds it to the
description it serves (sparql/description.py).
"""

from __future__ import annotations

from typing import Any

from rdflib import RDF, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, VOID, XSD

from plan_progress.core.standard import ONTOLOGY_IRI

FORMATS = Namespace("http://www.w3.org/ns/formats/")
# The serializations `build` writes, as W3C format IRIs.
DUMP_FEATURES = (FORMATS["N-Triples"], FORMATS.Turtle, FORMATS["JSON-LD"])
PP = Namespace(ONTOLOGY_IRI + "#")
# rdflib's DCAT namespace is DCAT 2, which lacks dcat:version (added in DCAT 3).
DCAT3 = Namespace(str(DCAT))


def dataset_iri(descriptor: dict[str, Any], base_iri: str) -> str:
    """The package's `id` when it is an http(s) IRI, else `dataset` under the base IRI."""
    package_id = str(descriptor.get("id", ""))
    return package_id if package_id.startswith(("http://", "https://")) else base_iri + "dataset"


def void_graph(
    descriptor: dict[str, Any], base_iri: str, document: dict[str, Any], data: Any
) -> Graph:
    """The description of `data` (the package's RDF: an rdflib Graph, or pyoxigraph triples
    as the build streams them), with `document` its JSON-LD."""
    data = _Stats(data)
    ds = URIRef(dataset_iri(descriptor, base_iri))
    g = Graph()
    g.add((ds, RDF.type, VOID.Dataset))
    g.add((ds, RDF.type, DCAT.Dataset))
    for prop, key in ((DCTERMS.title, "title"), (DCTERMS.description, "description")):
        for literal in _bilingual(descriptor.get(key)):
            g.add((ds, prop, literal))
    for licence in descriptor.get("licenses", []):
        if str(licence.get("path", "")).startswith(("http://", "https://")):
            g.add((ds, DCTERMS.license, URIRef(licence["path"])))
    if "version" in descriptor:
        g.add((ds, DCAT3.version, Literal(str(descriptor["version"]))))
    for keyword in descriptor.get("keywords", []):
        g.add((ds, DCAT.keyword, Literal(keyword)))
    attribution = descriptor.get("planProgress", {}).get("attribution")
    if attribution:
        g.add((ds, DCTERMS.bibliographicCitation, Literal(attribution)))
    g.add((ds, DCTERMS.conformsTo, URIRef(ONTOLOGY_IRI)))
    for area in data.areas:
        g.add((ds, DCTERMS.spatial, URIRef(area)))

    g.add((ds, VOID.uriSpace, Literal(base_iri)))
    for feature in DUMP_FEATURES:
        g.add((ds, VOID.feature, feature))
    _statistics(g, ds, data)
    report = URIRef(base_iri + document["id"])
    g.add((ds, VOID.rootResource, report))
    for example in _examples(document, base_iri):
        g.add((ds, VOID.exampleResource, URIRef(example)))
    return g


def _bilingual(text: Any) -> list[Literal]:
    """ "日本語 / English" -> a @ja and an @en literal (the package's convention for titles)."""
    if not isinstance(text, str) or not text:
        return []
    ja, sep, en = text.partition(" / ")
    return [Literal(ja, lang="ja"), Literal(en, lang="en")] if sep else [Literal(text)]


class _Stats:
    """Counts over the data in one pass; terms are kept as N-Triples text, so the same numbers
    come from an rdflib Graph and from pyoxigraph's triples (no graph is built for them)."""

    def __init__(self, data: Any) -> None:
        rdf_type, area_prop = str(RDF.type), str(PP.standardAreaCode)
        self.triples = 0
        self.subjects: set[str] = set()
        self.iri_subjects: set[str] = set()
        self.objects: set[str] = set()
        self.properties: set[str] = set()
        self.typed: dict[str, set[str]] = {}
        self.areas: list[str] = []
        for s, p, o in _terms(data):
            self.triples += 1
            self.subjects.add(s[0])
            if s[1]:
                self.iri_subjects.add(s[0])
            self.objects.add(o[0])
            self.properties.add(p)
            if p == rdf_type and o[1]:
                self.typed.setdefault(o[2], set()).add(s[0])
            if p == area_prop and o[1]:
                self.areas.append(o[2])
        self.areas.sort()


def _terms(data: Any):
    """(subject, predicate, object) with each node as (N-Triples text, is IRI, IRI text)."""
    if isinstance(data, Graph):
        for s, p, o in data:
            yield (s.n3(), isinstance(s, URIRef)), str(p), (o.n3(), isinstance(o, URIRef), str(o))
        return
    import pyoxigraph as ox

    for q in data:
        s, o = q.subject, q.object
        yield (
            (str(s), isinstance(s, ox.NamedNode)),
            q.predicate.value,
            (str(o), isinstance(o, ox.NamedNode), o.value if isinstance(o, ox.NamedNode) else ""),
        )


def _statistics(g: Graph, ds: URIRef, data: _Stats) -> None:
    classes = [URIRef(c) for c in sorted(data.typed)]
    properties = [URIRef(p) for p in data.properties]
    g.add((ds, VOID.triples, Literal(data.triples, datatype=XSD.integer)))
    g.add((ds, VOID.entities, Literal(len(data.iri_subjects), datatype=XSD.integer)))
    g.add((ds, VOID.distinctSubjects, Literal(len(data.subjects), datatype=XSD.integer)))
    g.add((ds, VOID.distinctObjects, Literal(len(data.objects), datatype=XSD.integer)))
    g.add((ds, VOID.properties, Literal(len(properties), datatype=XSD.integer)))
    g.add((ds, VOID.classes, Literal(len(classes), datatype=XSD.integer)))
    for vocabulary in sorted({_namespace(t) for t in (*properties, *classes)}):
        g.add((ds, VOID.vocabulary, URIRef(vocabulary)))
    for cls in classes:
        partition = URIRef(f"{ds}#class-{_namespace_local(cls)}")
        g.add((ds, VOID.classPartition, partition))
        g.add((partition, VOID["class"], cls))
        count = len(data.typed[str(cls)])
        g.add((partition, VOID.entities, Literal(count, datatype=XSD.integer)))


def _namespace(term: URIRef) -> str:
    text = str(term)
    cut = max(text.rfind("#"), text.rfind("/"))
    return text[: cut + 1]


def _namespace_local(term: URIRef) -> str:
    return str(term)[len(_namespace(term)) :]


def _examples(document: dict[str, Any], base_iri: str) -> list[str]:
    """The report's plan, its first goal and initiative, and its first entry, grade and
    indicator: whichever of them the report has (a report of grades only has no entry)."""
    examples = [document["plan"]]
    plan = next(n for n in document.get("included", []) if n.get("id") == document["plan"])
    goals = plan.get("basicGoals", [])
    if goals:
        examples.append(goals[0]["id"])
    initiatives = [i for g in goals for i in g.get("initiatives", [])] + [
        n for n in document.get("included", []) if n.get("type") == "Initiative"
    ]
    if initiatives:
        examples.append(initiatives[0]["id"])
    for key in ("entries", "grades", "indicators"):
        if document.get(key):
            examples.append(document[key][0]["id"])
    return [base_iri + e for e in examples]
