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
from collections.abc import Iterable, Iterator
from typing import Any

import pyoxigraph as ox

from plan_progress.core.standard import CONTEXT_IRI, context_document
from plan_progress.rdf.jsonld_rdf import PREFIXES, OfflineContextError


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


def ntriples(documents: Iterable[dict[str, Any]]) -> bytes:
    """Sorted, de-duplicated N-Triples of the documents, as pyoxigraph's JSON-LD parser reads
    them: the same bytes as `rdf.ntriples(rdf.to_nquads(...))` gives with pyld.

    The documents are parsed as one JSON-LD array and streamed to N-Quads inside pyoxigraph
    (no Python object per triple); a default-graph quad is an N-Triples line. Lines are
    sorted as bytes: UTF-8 byte order is code-point order, the order pyld's text is sorted in.
    """
    data = json.dumps([_inline_context(d) for d in documents], ensure_ascii=False)
    quads = ox.serialize(
        ox.parse(data.encode("utf-8"), format=ox.RdfFormat.JSON_LD),
        format=ox.RdfFormat.N_QUADS,
    )
    lines = quads.split(b"\n")
    del quads  # the text is held once, as lines
    lines.sort()
    # Sorted, so duplicates are neighbours; an empty line (the text's end) sorts first.
    unique = [line for i, line in enumerate(lines) if line and (i == 0 or line != lines[i - 1])]
    unique.append(b"")
    return b"\n".join(unique)


def parse_ntriples(data: bytes) -> Iterator[ox.Quad]:
    """Default-graph quads (they have a triple's subject, predicate and object); not turned
    into Triples, which would cost a Python object per triple."""
    return ox.parse(data, format=ox.RdfFormat.N_TRIPLES)


def turtle(sorted_ntriples: bytes, extra_prefixes: dict[str, str] | None = None) -> bytes:
    """Turtle with the project's prefixes (and the profiles'), streamed from sorted
    N-Triples: subjects and predicates come out in code-point order, so the bytes depend
    only on the set of triples."""
    return turtle_of(parse_ntriples(sorted_ntriples), extra_prefixes)


def turtle_of(quads: Iterable[ox.Quad], extra_prefixes: dict[str, str] | None = None) -> bytes:
    """`turtle` of the quads of sorted N-Triples as they are read (e.g. while another
    check watches them: see shacl_fast.StreamCheck)."""
    return ox.serialize(
        quads, format=ox.RdfFormat.TURTLE, prefixes={**PREFIXES, **(extra_prefixes or {})}
    )


def turtle_file(sorted_ntriples: str, target: str, extra_prefixes: dict[str, str]) -> None:
    """`turtle`, streamed from an N-Triples file to a Turtle file (neither held in memory)."""
    ox.serialize(
        ox.parse(path=sorted_ntriples, format=ox.RdfFormat.N_TRIPLES),
        output=target,
        format=ox.RdfFormat.TURTLE,
        prefixes={**PREFIXES, **extra_prefixes},
    )


def triples(documents: Iterable[dict[str, Any]]) -> list[ox.Triple]:
    """Every triple of the documents (for comparisons of whole graphs)."""
    return [q.triple for q in parse_ntriples(ntriples(documents))]


def graph_key(found: Iterable[ox.Triple | ox.Quad]) -> frozenset[str] | None:
    """The graph as a set of N-Triples lines: two graphs without blank nodes are isomorphic
    exactly when these sets are equal. None when there are blank nodes (then only a real
    isomorphism test can decide)."""
    lines = set()
    for triple in found:
        if isinstance(triple.subject, ox.BlankNode) or isinstance(triple.object, ox.BlankNode):
            return None
        lines.add(f"{triple.subject} {triple.predicate} {triple.object}")
    return frozenset(lines)


def parse_file(path: str, fmt: ox.RdfFormat) -> Iterator[ox.Quad]:
    return ox.parse(path=path, format=fmt)
