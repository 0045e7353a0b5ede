"""DESCRIBE's rewrite: only the head changes (prologue, dataset, pattern and modifiers kept),
and the description query finds triples on both sides of a resource."""

from __future__ import annotations

import pytest
from pyoxigraph import NamedNode, Quad, Store

from plan_progress.sparql.describe import as_select, description_query

CASES = {
    "DESCRIBE <http://a/x>": "SELECT DISTINCT (<http://a/x> AS ?_described0) WHERE {} ",
    "describe ?s WHERE { ?s ?p ?o } LIMIT 3": "SELECT DISTINCT ?s WHERE { ?s ?p ?o } LIMIT 3",
    "PREFIX ex: <http://a/> # DESCRIBE in a comment\nDESCRIBE ex:x ?y { ?y ex:p ex:x }": (
        "PREFIX ex: <http://a/> # DESCRIBE in a comment\n"
        "SELECT DISTINCT (ex:x AS ?_described0) ?y { ?y ex:p ex:x }"
    ),
    "BASE <http://a/> DESCRIBE <x> FROM <g> FROM NAMED <h> WHERE { ?s ?p ?o }": (
        "BASE <http://a/> SELECT DISTINCT (<x> AS ?_described0) FROM <g> FROM NAMED <h>"
        " WHERE { ?s ?p ?o }"
    ),
    "DESCRIBE * WHERE { ?s ?p ?o } ORDER BY ?s": "SELECT DISTINCT * WHERE { ?s ?p ?o } ORDER BY ?s",
    "DESCRIBE <http://a/x> LIMIT 1": "SELECT DISTINCT (<http://a/x> AS ?_described0) WHERE {} LIMIT 1",
    "DESCRIBE ?_described0 <http://a/x> { ?_described0 ?p ?o }": (
        "SELECT DISTINCT ?_described0 (<http://a/x> AS ?_described_1) { ?_described0 ?p ?o }"
    ),
    "PREFIX describe: <http://a/> DESCRIBE describe:x": (
        "PREFIX describe: <http://a/> SELECT DISTINCT (describe:x AS ?_described0) WHERE {} "
    ),
}


@pytest.mark.parametrize("query", sorted(CASES))
def test_describe_becomes_a_select_of_the_described_resources(query: str) -> None:
    assert as_select(query) == CASES[query]


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * WHERE { ?s ?p ?o }",
        "PREFIX describe: <http://a/> SELECT * WHERE { ?s describe:p ?o }",
        "CONSTRUCT WHERE { ?s <http://a/describe> ?o }",
        "ASK { ?s ?p 'DESCRIBE' }",
        "DESCRIBE",
    ],
)
def test_other_queries_are_left_alone(query: str) -> None:
    assert as_select(query) is None


def test_the_rewritten_select_runs_and_the_description_has_both_sides() -> None:
    store = Store()
    a, b, c, p = (NamedNode(f"http://a/{n}") for n in "abcp")
    store.add(Quad(a, p, b))
    store.add(Quad(b, p, c))
    store.add(Quad(c, p, a))
    solutions = store.query(as_select("DESCRIBE <http://a/b>"))
    assert [s[0] for s in solutions] == [b]
    triples = set(store.query(description_query(["http://a/b"])))
    assert {(t.subject, t.object) for t in triples} == {(a, b), (b, c)}
