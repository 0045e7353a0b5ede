"""JSON-LD -> RDF with pyld, never touching the network, and deterministic serializations."""

from __future__ import annotations

from typing import Any

from plan_progress.core.standard import CONTEXT_IRI, context_document

PREFIXES = {
    "pp": "https://w3id.org/plan-progress/ns#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
}


class OfflineContextError(Exception):
    """A document asked for a context that is not shipped with the standard."""


def local_document_loader(url: str, options: dict[str, Any] | None = None) -> dict[str, Any]:
    """pyld document loader: the published context from `vocab/`, anything else refused."""
    if url != CONTEXT_IRI:
        # pyld wraps this in its own JsonLdError (as `cause`), so callers see one error type.
        raise OfflineContextError(
            f"refusing to fetch {url}: only {CONTEXT_IRI} is available offline"
        )
    return {
        "contentType": "application/ld+json",
        "contextUrl": None,
        "documentUrl": url,
        "document": context_document(),
    }


def to_nquads(document: dict[str, Any]) -> str:
    """The document's RDF as N-Quads text, by pyld (the reference JSON-LD processor)."""
    from pyld import jsonld

    return jsonld.to_rdf(
        document,
        {"format": "application/n-quads", "documentLoader": local_document_loader},
    )


def ntriples(nquads: str) -> str:
    """Sorted, de-duplicated N-Triples: a stable text for diffs and checksums."""
    lines = sorted({line for line in nquads.splitlines() if line.strip()})
    return "".join(line + "\n" for line in lines)


def graph_from_ntriples(text: str):  # -> rdflib.Graph
    from rdflib import Graph

    graph = Graph()
    graph.parse(data=text, format="nt")
    return graph


def turtle(graph, extra_prefixes: dict[str, str] | None = None) -> str:
    """Turtle with the project's prefixes (and the profiles'). rdflib orders subjects and
    predicates, and the data has no blank nodes, so the text depends only on the triples.

    rdflib writes an xsd:decimal without a point in short form with ".0" added (0 becomes 0.0):
    a graph holding one is written by pyoxigraph instead, which keeps the digits as printed."""
    prefixes = {**PREFIXES, **(extra_prefixes or {})}
    if any(_decimal_without_point(o) for o in graph.objects()):
        import pyoxigraph as ox

        lines = sorted(set(graph.serialize(format="nt").encode("utf-8").splitlines()) - {b""})
        nt = b"\n".join(lines) + b"\n"
        return ox.serialize(
            ox.parse(nt, format=ox.RdfFormat.N_TRIPLES), format=ox.RdfFormat.TURTLE,
            prefixes=prefixes,
        ).decode("utf-8")  # fmt: skip
    for prefix, namespace in prefixes.items():
        graph.bind(prefix, namespace, override=True)
    return graph.serialize(format="turtle")


def _decimal_without_point(term) -> bool:
    from rdflib import Literal
    from rdflib.namespace import XSD

    return isinstance(term, Literal) and term.datatype == XSD.decimal and "." not in str(term)
