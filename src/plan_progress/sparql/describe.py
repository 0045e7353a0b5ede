"""DESCRIBE as a symmetric description: every triple in which a resource is the subject or
the object (a symmetric Concise Bounded Description).

The engine's own DESCRIBE gives outgoing triples only, which hides the links that point at
a resource (an initiative's entries, a goal's plan, an e-Stat area's plans). So DESCRIBE
runs in two standard queries, the same in `query` and in `serve`:

1. the DESCRIBE becomes a SELECT of the described resources (`as_select`): the same
   prologue, dataset, pattern and modifiers, only the head changed;
2. `description_query` then asks for every triple around those resources, one blank-node
   level deep on each side (a blank node has no name to follow further; the packages'
   data has none).

Only the head of the query is rewritten, so a small lexer suffices: a DESCRIBE query is a
prologue (BASE and PREFIX declarations), the keyword, the described terms, then FROM
clauses, the pattern and the modifiers, untouched.
"""

from __future__ import annotations

from collections.abc import Iterable

from plan_progress.sparql.lexer import prologue_end
from plan_progress.sparql.lexer import tokens as _tokens

# What may follow the described terms: a dataset clause, the pattern, or a modifier.
_AFTER_TERMS = {"FROM", "WHERE", "{", "GROUP", "HAVING", "ORDER", "LIMIT", "OFFSET", "VALUES"}
_PATTERN_START = {"WHERE", "{"}
DESCRIBED = "_described"


def as_select(query: str) -> str | None:
    """The SELECT of the resources a DESCRIBE query describes; None for any other query.

    `DESCRIBE ?x <iri> WHERE {…} LIMIT 5` becomes
    `SELECT DISTINCT ?x (<iri> AS ?_described0) WHERE {…} LIMIT 5`, and a DESCRIBE without a
    pattern gets `WHERE {}`.
    """
    after_prologue = prologue_end(query)
    tokens = _tokens(query[after_prologue:], after_prologue)
    token = next(tokens, None)
    if token is None or token.text.upper() != "DESCRIBE":
        return None
    head_start = token.start
    terms: list[str] = []
    token = next(tokens, None)
    while token is not None and token.text.upper() not in _AFTER_TERMS:
        terms.append(token.text)
        token = next(tokens, None)
    if not terms:
        return None  # not a valid DESCRIBE: let the engine report it
    head_end = token.start if token is not None else len(query)
    while token is not None and token.text.upper() == "FROM":
        token = next(tokens, None)
        if token is not None and token.text.upper() == "NAMED":
            token = next(tokens, None)
        token = next(tokens, None)  # the graph IRI
    has_pattern = token is not None and token.text.upper() in _PATTERN_START
    pattern_at = token.start if token is not None else len(query)
    projection = _projection(terms, query)
    rest = query[head_end:pattern_at] + ("" if has_pattern else "WHERE {} ") + query[pattern_at:]
    return f"{query[:head_start]}SELECT DISTINCT {projection} {rest}"


def _projection(terms: list[str], query: str) -> str:
    if terms == ["*"]:
        return "*"
    prefix = DESCRIBED
    while f"?{prefix}" in query or f"${prefix}" in query:
        prefix += "_"
    out = []
    for n, term in enumerate(terms):
        out.append(term if term[0] in "?$" else f"({term} AS ?{prefix}{n})")
    return " ".join(out)


def description_query(iris: Iterable[str]) -> str:
    """CONSTRUCT every triple with one of the resources as subject or object, and the
    triples of blank nodes directly attached to them."""
    values = " ".join(f"<{iri}>" for iri in sorted(set(iris)))
    return (
        "CONSTRUCT { ?r ?p ?o . ?o ?p2 ?o2 . ?s ?q ?r . ?s2 ?q2 ?s }\n"
        f"WHERE {{ VALUES ?r {{ {values} }}\n"
        "  { ?r ?p ?o OPTIONAL { ?o ?p2 ?o2 FILTER(isBlank(?o)) } }\n"
        "  UNION\n"
        "  { ?s ?q ?r OPTIONAL { ?s2 ?q2 ?s FILTER(isBlank(?s)) } }\n"
        "}"
    )
