"""Turn SPARQL results from pyoxigraph, rdflib and the HTTP JSON format into comparable rows.

IRIs and strings become str, xsd:integer int, xsd:double and xsd:decimal float, unbound None.
"""

from __future__ import annotations

from typing import Any

import pyoxigraph
import rdflib

XSD = "http://www.w3.org/2001/XMLSchema#"
XSD_INTEGER = XSD + "integer"
XSD_FLOATS = {XSD + "double", XSD + "decimal", XSD + "float"}


def _number(datatype: str | None, lexical: str) -> Any:
    if datatype == XSD_INTEGER:
        return int(lexical)
    if datatype in XSD_FLOATS:
        return float(lexical)
    return lexical


Row = tuple[Any, ...]


def from_oxigraph(results: Any) -> list[Row] | bool:
    if isinstance(results, pyoxigraph.QueryBoolean):
        return bool(results)
    names = [v.value for v in results.variables]
    return [tuple(_oxigraph_term(solution[n]) for n in names) for solution in results]


def _oxigraph_term(term: Any) -> Any:
    if term is None:
        return None
    if isinstance(term, pyoxigraph.Literal):
        return _number(term.datatype.value, term.value)
    return term.value


def from_rdflib(results: rdflib.query.Result) -> list[Row] | bool:
    if results.type == "ASK":
        return bool(results.askAnswer)
    return [tuple(_rdflib_term(term) for term in row) for row in results]


def _rdflib_term(term: Any) -> Any:
    if term is None:
        return None
    if isinstance(term, rdflib.Literal):
        return _number(str(term.datatype) if term.datatype else None, str(term))
    return str(term)


def from_json(document: dict[str, Any]) -> list[Row] | bool:
    """SPARQL 1.1 Query Results JSON Format."""
    if "boolean" in document:
        return bool(document["boolean"])
    names = document["head"]["vars"]
    return [tuple(_json_term(b.get(n)) for n in names) for b in document["results"]["bindings"]]


def _json_term(term: dict[str, str] | None) -> Any:
    if term is None:
        return None
    if term["type"] == "literal":
        return _number(term.get("datatype"), term["value"])
    return term["value"]
