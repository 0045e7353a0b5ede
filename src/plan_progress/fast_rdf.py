"""RDF steps with pyoxigraph: the same triples as pyld + rdflib, orders of magnitude faster.

pyld `to_rdf` and rdflib's parsers and serializers need seconds and hundreds of MB per
10,000 entries; pyoxigraph (Rust) needs milliseconds. The reference path stays in `rdf.py`
and the tests prove, on the seed and on generated packages, that this module's N-Triples are
byte-identical to pyld's (`rdf.ntriples(rdf.to_nquads(...))`) and that its Turtle is
isomorphic to rdflib's.

Offline: the published context is inlined before parsing, so there is nothing to fetch; a
document naming any other remote context is refused, as the pyld loader refuses it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

import pyoxigraph as ox

from plan_progress.rdf import PREFIXES, OfflineContextError
from plan_progress.standard import CONTEXT_IRI, context_document


def _inline_context(document: dict[str, Any]) -> dict[str, Any]:
    contexts = document.get("@context")
    contexts = contexts if isinstance(contexts, list) else [contexts]
    inlined = []
    for context in contexts:
        if isinstance(context, str):
            if context != CONTEXT_IRI:
                raise OfflineContextError(
                    f"refusing to fetch {context}: only {CONTEXT_IRI} is available offline"
                )
            inlined.append(context_document()["@context"])
        else:
            inlined.append(context)
    return {**document, "@context": inlined}


def triples(documents: Iterable[dict[str, Any]]) -> list[ox.Triple]:
    """Every triple of the documents' default graphs, as read by pyoxigraph's JSON-LD parser."""
    out: list[ox.Triple] = []
    for document in documents:
        data = json.dumps(_inline_context(document), ensure_ascii=False).encode("utf-8")
        out.extend(q.triple for q in ox.parse(data, format=ox.RdfFormat.JSON_LD))
    return out


def ntriples(found: Iterable[ox.Triple]) -> str:
    """Sorted, de-duplicated N-Triples, the same text as `rdf.ntriples` gives for pyld's output."""
    text = ox.serialize(found, format=ox.RdfFormat.N_TRIPLES).decode("utf-8")
    lines = sorted({line for line in text.splitlines() if line.strip()})
    return "".join(line + "\n" for line in lines)


def parse_ntriples(text: str) -> list[ox.Triple]:
    return [q.triple for q in ox.parse(text.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)]


def turtle(sorted_ntriples: str) -> str:
    """Turtle with the project's prefixes, from sorted N-Triples: subjects and predicates come
    out in code-point order, so the text depends only on the set of triples."""
    found = parse_ntriples(sorted_ntriples)
    return ox.serialize(found, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES).decode("utf-8")


def graph_key(found: Iterable[ox.Triple]) -> frozenset[str] | None:
    """The graph as a set of N-Triples lines: two graphs without blank nodes are isomorphic
    exactly when these sets are equal. None when there are blank nodes (then only a real
    isomorphism test can decide)."""
    lines = set()
    for triple in found:
        if isinstance(triple.subject, ox.BlankNode) or isinstance(triple.object, ox.BlankNode):
            return None
        lines.add(str(triple))
    return frozenset(lines)


def parse_file(path: str, fmt: ox.RdfFormat) -> list[ox.Triple]:
    return [q.triple for q in ox.parse(path=path, format=fmt)]
