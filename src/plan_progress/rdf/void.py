"""A VoID and DCAT description of one package's dataset, computed from its RDF.

Deterministic: every node is an IRI (class partitions are fragments of the dataset IRI),
so the Turtle text depends only on the data. The SPARQL endpoint is not stated here,
because none runs where the file is published; `plan-progress serve` adds it to the
description it serves (sparql/description.py).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pyoxigraph as ox

from plan_progress.core.standard import ONTOLOGY_IRI

# Namespaces as plain IRIs: the description is made of pyoxigraph terms, so that `validate`
# (which regenerates it) never loads rdflib.
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
XSD_INTEGER = ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")
DCAT = "http://www.w3.org/ns/dcat#"  # DCAT 3 (dcat:version is new in it)
DCTERMS = "http://purl.org/dc/terms/"
VOID = "http://rdfs.org/ns/void#"
FORMATS = "http://www.w3.org/ns/formats/"
# The serializations `build` writes, as W3C format IRIs.
DUMP_FEATURES = (FORMATS + "N-Triples", FORMATS + "Turtle", FORMATS + "JSON-LD")
PP = ONTOLOGY_IRI + "#"
# Bound in the Turtle (with the project's own, see fast_rdf.turtle).
PREFIXES = {
    "dcat": DCAT,
    "dcterms": DCTERMS,
    "void": VOID,
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
}


def dataset_iri(descriptor: dict[str, Any], base_iri: str) -> str:
    """The package's `id` when it is an http(s) IRI, else `dataset` under the base IRI."""
    package_id = str(descriptor.get("id", ""))
    return package_id if package_id.startswith(("http://", "https://")) else base_iri + "dataset"


def void_turtle(
    descriptor: dict[str, Any], base_iri: str, document: dict[str, Any], data: Iterable[bytes]
) -> bytes:
    """The description as Turtle (subjects and predicates in code-point order, so the bytes
    depend only on the triples)."""
    from plan_progress.rdf.fast_rdf import turtle

    lines = sorted({str(t) + " .\n" for t in void_triples(descriptor, base_iri, document, data)})
    return turtle("".join(lines).encode("utf-8"), PREFIXES)


def void_triples(
    descriptor: dict[str, Any], base_iri: str, document: dict[str, Any], data: Iterable[bytes]
) -> list[ox.Triple]:
    """The description of `data` (the lines of the package's N-Triples file, as `build`
    writes them), with `document` its JSON-LD."""
    stats = _Stats(data)
    ds = ox.NamedNode(dataset_iri(descriptor, base_iri))
    g: list[ox.Triple] = []

    def add(prop: str, value: Any) -> None:
        g.append(ox.Triple(ds, ox.NamedNode(prop), value))

    add(RDF_TYPE.value, ox.NamedNode(VOID + "Dataset"))
    add(RDF_TYPE.value, ox.NamedNode(DCAT + "Dataset"))
    for prop, key in ((DCTERMS + "title", "title"), (DCTERMS + "description", "description")):
        for literal in _bilingual(descriptor.get(key)):
            add(prop, literal)
    for licence in descriptor.get("licenses", []):
        if str(licence.get("path", "")).startswith(("http://", "https://")):
            add(DCTERMS + "license", ox.NamedNode(licence["path"]))
    if "version" in descriptor:
        add(DCAT + "version", ox.Literal(str(descriptor["version"])))
    for keyword in descriptor.get("keywords", []):
        add(DCAT + "keyword", ox.Literal(keyword))
    attribution = descriptor.get("planProgress", {}).get("attribution")
    if attribution:
        add(DCTERMS + "bibliographicCitation", ox.Literal(attribution))
    add(DCTERMS + "conformsTo", ox.NamedNode(ONTOLOGY_IRI))
    for area in stats.areas:
        add(DCTERMS + "spatial", ox.NamedNode(area))

    add(VOID + "uriSpace", ox.Literal(base_iri))
    for feature in DUMP_FEATURES:
        add(VOID + "feature", ox.NamedNode(feature))
    g.extend(_statistics(ds, stats))
    add(VOID + "rootResource", ox.NamedNode(base_iri + document["id"]))
    for example in _examples(document, base_iri):
        add(VOID + "exampleResource", ox.NamedNode(example))
    return g


def _bilingual(text: Any) -> list[ox.Literal]:
    """ "日本語 / English" -> a @ja and an @en literal (the package's convention for titles)."""
    if not isinstance(text, str) or not text:
        return []
    ja, sep, en = text.partition(" / ")
    if not sep:
        return [ox.Literal(text)]
    return [ox.Literal(ja, language="ja"), ox.Literal(en, language="en")]


class _Stats:
    """Counts over the data in one pass over its sorted N-Triples lines, each term kept as
    its N-Triples text (pyoxigraph writes canonical N-Triples: one space between the terms,
    " .\n" after them, so equal terms are equal texts). Reading the lines as bytes, not as
    pyoxigraph terms, is ~3x faster; tests/test_void.py checks the counts against the data."""

    def __init__(self, lines: Iterable[bytes]) -> None:
        rdf_type, area_prop = f"<{RDF_TYPE.value}>".encode(), f"<{PP}standardAreaCode>".encode()
        self.triples = 0
        subjects: set[bytes] = set()
        objects: set[bytes] = set()
        properties: set[bytes] = set()
        typed: dict[bytes, set[bytes]] = {}
        areas: list[str] = []
        for line in lines:
            s, p, o = line.split(b" ", 2)
            if not o.endswith(b" .\n"):
                raise ValueError(f"not canonical N-Triples: {line[:200]!r}")
            o = o[:-3]
            self.triples += 1
            subjects.add(s)
            objects.add(o)
            properties.add(p)
            if p == rdf_type and o[:1] == b"<":
                typed.setdefault(o, set()).add(s)
            elif p == area_prop and o[:1] == b"<":
                areas.append(o[1:-1].decode("utf-8"))
        self.subjects = len(subjects)
        self.iri_subjects = sum(1 for s in subjects if s[:1] == b"<")
        self.objects = len(objects)
        self.properties = {p[1:-1].decode("utf-8") for p in properties}
        self.typed = {o[1:-1].decode("utf-8"): len(members) for o, members in typed.items()}
        self.areas = sorted(areas)


def _statistics(ds: ox.NamedNode, data: _Stats) -> list[ox.Triple]:
    classes = sorted(data.typed)
    properties = list(data.properties)

    def count(n: int) -> ox.Literal:
        return ox.Literal(str(n), datatype=XSD_INTEGER)

    def void(prop: str) -> ox.NamedNode:
        return ox.NamedNode(VOID + prop)

    g = [
        ox.Triple(ds, void("triples"), count(data.triples)),
        ox.Triple(ds, void("entities"), count(data.iri_subjects)),
        ox.Triple(ds, void("distinctSubjects"), count(data.subjects)),
        ox.Triple(ds, void("distinctObjects"), count(data.objects)),
        ox.Triple(ds, void("properties"), count(len(properties))),
        ox.Triple(ds, void("classes"), count(len(classes))),
    ]
    for vocabulary in sorted({_namespace(t) for t in (*properties, *classes)}):
        g.append(ox.Triple(ds, void("vocabulary"), ox.NamedNode(vocabulary)))
    for cls in classes:
        partition = ox.NamedNode(f"{ds.value}#class-{_namespace_local(cls)}")
        g.append(ox.Triple(ds, void("classPartition"), partition))
        g.append(ox.Triple(partition, void("class"), ox.NamedNode(cls)))
        g.append(ox.Triple(partition, void("entities"), count(data.typed[cls])))
    return g


def _namespace(term: str) -> str:
    text = str(term)
    cut = max(text.rfind("#"), text.rfind("/"))
    return text[: cut + 1]


def _namespace_local(term: str) -> str:
    return str(term)[len(_namespace(term)) :]


def _examples(document: dict[str, Any], base_iri: str) -> list[str]:
    """The report's plan, its first goal and initiative, and its first entry, grade and
    indicator: whichever of them the report has (a report of grades only has no entry, a plan
    on its own none of them)."""
    if document["type"] == "Plan":  # a plan on its own: the document is the plan
        plan = document
    else:
        plan = next(n for n in document.get("included", []) if n.get("id") == document["plan"])
    examples = [plan["id"]]
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
