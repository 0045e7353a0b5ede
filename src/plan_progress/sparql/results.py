"""Write a query's results: SELECT/ASK as a readable table or a SPARQL 1.1 results format,
CONSTRUCT/DESCRIBE as Turtle (with the project's prefixes), N-Triples or JSON-LD compacted
with the project's context (loaded from `vocab/`, never fetched)."""

from __future__ import annotations

import unicodedata
from typing import Literal as TypingLiteral

from pyoxigraph import (
    BlankNode,
    Literal,
    NamedNode,
    QueryBoolean,
    QueryResultsFormat,
    QuerySolutions,
    QueryTriples,
    RdfFormat,
    parse,
    serialize,
)

from plan_progress.rdf.jsonld_rdf import PREFIXES

Results = QuerySolutions | QueryBoolean | QueryTriples
OutputFormat = TypingLiteral["table", "csv", "json", "tsv", "xml", "turtle", "ntriples", "jsonld"]

# SPARQL 1.1 Query Results formats for SELECT and ASK; RDF formats for CONSTRUCT/DESCRIBE.
RESULTS_FORMATS: dict[str, QueryResultsFormat] = {
    "csv": QueryResultsFormat.CSV,
    "json": QueryResultsFormat.JSON,
    "tsv": QueryResultsFormat.TSV,
    "xml": QueryResultsFormat.XML,
}

GRAPH_FORMATS = ("turtle", "ntriples", "jsonld")
# Prefixes of Turtle output: the project's, and the vocabularies the data and VoID use.
TURTLE_PREFIXES = {
    **PREFIXES,
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dct": "http://purl.org/dc/terms/",
    "void": "http://rdfs.org/ns/void#",
    "dcat": "http://www.w3.org/ns/dcat#",
}


class UnsupportedFormat(Exception):
    """The query's kind of result cannot be written in the requested format."""


def default_format(results: Results) -> OutputFormat:
    return "turtle" if isinstance(results, QueryTriples) else "table"


def kind(results: Results) -> str:
    if isinstance(results, QueryBoolean):
        return "ASK"
    if isinstance(results, QueryTriples):
        return "CONSTRUCT/DESCRIBE"
    return "SELECT"


def render(results: Results, output: OutputFormat) -> bytes:
    if isinstance(results, QueryTriples):
        if output not in GRAPH_FORMATS:
            raise UnsupportedFormat(kind(results))
        return render_graph(results, output)
    if output in GRAPH_FORMATS:
        raise UnsupportedFormat(kind(results))
    if output == "table":
        return render_table(results).encode("utf-8")
    return results.serialize(format=RESULTS_FORMATS[output])


def render_graph(triples: QueryTriples, output: OutputFormat) -> bytes:
    """A graph in a stable order (sorted N-Triples first), so equal graphs print equally."""
    lines = sorted(set(serialize(triples, format=RdfFormat.N_TRIPLES).splitlines()))
    ntriples = b"".join(line + b"\n" for line in lines if line)
    if output == "ntriples":
        return ntriples
    if output == "turtle":
        parsed = parse(ntriples, format=RdfFormat.N_TRIPLES)
        return serialize(parsed, format=RdfFormat.TURTLE, prefixes=TURTLE_PREFIXES)
    return compact_jsonld(ntriples)


def compact_jsonld(ntriples: bytes) -> bytes:
    """JSON-LD compacted with the project's context, by pyld (the reference processor)."""
    import json

    from pyld import jsonld

    from plan_progress.core.standard import CONTEXT_IRI
    from plan_progress.rdf.jsonld_rdf import local_document_loader

    options = {"documentLoader": local_document_loader}
    expanded = jsonld.from_rdf(ntriples.decode("utf-8"), {"format": "application/n-quads"})
    document = jsonld.compact(expanded, CONTEXT_IRI, options)
    return (json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode()


def render_table(results: Results) -> str:
    if isinstance(results, QueryBoolean):
        return ("true" if bool(results) else "false") + "\n"
    if isinstance(results, QueryTriples):
        return render_graph(results, "turtle").decode("utf-8")
    header = [v.value for v in results.variables]
    rows = [[cell_text(solution[v]) for v in header] for solution in results]
    return table_text(header, rows)


def cell_text(term: NamedNode | BlankNode | Literal | None) -> str:
    """A readable cell: the IRI, the literal's text (line breaks shown as ↵), or empty."""
    if term is None:
        return ""
    if isinstance(term, BlankNode):
        return f"_:{term.value}"
    return term.value.replace("\n", "↵")


def display_width(text: str) -> int:
    """Columns a terminal uses: full-width Japanese characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def table_text(header: list[str], rows: list[list[str]]) -> str:
    widths = [display_width(h) for h in header]
    for row in rows:
        widths = [max(w, display_width(c)) for w, c in zip(widths, row, strict=True)]

    def line(cells: list[str]) -> str:
        padded = [c + " " * (w - display_width(c)) for c, w in zip(cells, widths, strict=True)]
        return ("| " + " | ".join(padded) + " |").rstrip()

    rule = "|" + "|".join("-" * (w + 2) for w in widths) + "|"
    out = [line(header), rule, *(line(r) for r in rows)]
    count = f"({len(rows)} 件 / {len(rows)} row{'s' if len(rows) != 1 else ''})"
    return "\n".join([*out, count]) + "\n"
