"""Whether a query uses SERVICE (federation), decided from its parsed algebra.

The engine cannot switch federation off: a SERVICE clause makes it call the named host. So
`query` and `serve` refuse such queries before they reach it, unless the user allowed them.

The decision is rdflib's SPARQL parser and algebra, not a text search: a SERVICE nested in
groups, OPTIONAL, UNION, subqueries, EXISTS (in FILTER, BIND or ORDER BY), with SILENT, a
prefixed or variable service IRI, in any query form, is a `ServiceGraphPattern` node there.
Parsing costs milliseconds, so one shortcut comes first, and it is sound: SPARQL has no
other way to write the keyword than the letters S-E-R-V-I-C-E (in any case; we undo `\\u`
escapes first, even though the engine does not apply them outside IRIs and strings), so a
text without those letters cannot hold a SERVICE clause. Any text with them is parsed; one
rdflib cannot parse is refused as unverifiable rather than passed on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from plan_progress.sparql.lexer import prologue_end

_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_KEYWORD = re.compile("service", re.IGNORECASE)


@dataclass(frozen=True)
class ServiceUse:
    """Why a query is refused: it has a SERVICE clause, or it could not be checked."""

    reason: str  # "service" or "unverifiable"
    detail: str = ""


def mentions_service(query: str) -> bool:
    """False when the query certainly has no SERVICE clause (microseconds, no parser)."""
    return _KEYWORD.search(_ESCAPE.sub(_unescape, query)) is not None


def service_use(query: str) -> ServiceUse | None:
    """None when the query certainly has no SERVICE clause."""
    if not mentions_service(query):
        return None
    try:
        return _parsed_service_use(query)
    except RecursionError:
        # rdflib recurses a few dozen frames per nested group: a deep query is refused as
        # unverifiable rather than ending in a traceback.
        return ServiceUse("unverifiable", "nested too deeply to check")


def _parsed_service_use(query: str) -> ServiceUse | None:
    text = _ESCAPE.sub(_unescape, query)
    # rdflib is imported only here: most queries never need it.
    from pyparsing import ParseException
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.parser import parseQuery

    try:
        tree = parseQuery(text)
    except ParseException as err:
        # rdflib fails on any SERVICE after a PREFIX declaration (its parser re-reads the
        # whole text for the clause). The clauses are in the rest of the query, which
        # parses alone (prefixed names are only resolved later): look there.
        rest = " " * prologue_end(text) + text[prologue_end(text) :]
        try:
            tree = parseQuery(rest)
        except ParseException:
            return ServiceUse("unverifiable", str(err))
        return ServiceUse("service") if _has_service(tree) else ServiceUse("unverifiable", str(err))
    if _has_service(tree):
        return ServiceUse("service")
    try:
        algebra = translateQuery(tree).algebra
    except Exception as err:  # rdflib raises many kinds for queries it cannot translate
        return ServiceUse("unverifiable", f"{type(err).__name__}: {err}")
    return ServiceUse("service") if _has_service(algebra) else None


def _unescape(match: re.Match[str]) -> str:
    code = int(match.group(1) or match.group(2), 16)
    return chr(code) if code <= 0x10FFFF else match.group(0)


def _has_service(node: Any) -> bool:
    """Depth-first over parse results, algebra nodes (dicts) and their lists."""
    from pyparsing import ParseResults
    from rdflib.plugins.sparql.parserutils import CompValue

    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, CompValue) and current.name == "ServiceGraphPattern":
            return True
        if isinstance(current, dict):
            stack.extend(current.values())
        elif isinstance(current, ParseResults | list | tuple):
            stack.extend(current)
    return False
