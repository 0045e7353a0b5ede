"""Run a SPARQL query on the store and write its results in a standard or readable form."""

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
    Store,
    serialize,
)

Results = QuerySolutions | QueryBoolean | QueryTriples
OutputFormat = TypingLiteral["table", "csv", "json"]

# SPARQL 1.1 Query Results formats for SELECT and ASK; RDF formats for CONSTRUCT/DESCRIBE.
RESULTS_FORMATS: dict[str, QueryResultsFormat] = {
    "csv": QueryResultsFormat.CSV,
    "json": QueryResultsFormat.JSON,
    "tsv": QueryResultsFormat.TSV,
    "xml": QueryResultsFormat.XML,
}


class UnsupportedFormat(Exception):
    """The query's kind of result cannot be written in the requested format."""


def execute(store: Store, query: str) -> Results:
    """Run the query; pyoxigraph raises SyntaxError for a malformed query (or an update)."""
    return store.query(query)


def kind(results: Results) -> str:
    if isinstance(results, QueryBoolean):
        return "ASK"
    if isinstance(results, QueryTriples):
        return "CONSTRUCT/DESCRIBE"
    return "SELECT"


def render(results: Results, output: OutputFormat) -> bytes:
    if output == "table":
        return render_table(results).encode("utf-8")
    if isinstance(results, QueryTriples):
        # A graph has no SPARQL results form; N-Triples is the table form of a graph.
        raise UnsupportedFormat(kind(results))
    return results.serialize(format=RESULTS_FORMATS[output])


def render_table(results: Results) -> str:
    if isinstance(results, QueryBoolean):
        return ("true" if bool(results) else "false") + "\n"
    if isinstance(results, QueryTriples):
        return serialize(results, format=RdfFormat.N_TRIPLES).decode("utf-8")
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
