"""Run a query on an embedded store (pyoxigraph) with the endpoint's rules: SERVICE refused
unless allowed, DESCRIBE symmetric. `serve` applies the same rules in front of the engine."""

from __future__ import annotations

from pyoxigraph import NamedNode, QuerySolutions, QueryTriples, Store, Triple

from plan_progress.sparql.describe import as_select, description_query
from plan_progress.sparql.federation import ServiceUse, service_use
from plan_progress.sparql.results import Results
from plan_progress.sparql.shape import check_shape


class ServiceRefused(Exception):
    """The query uses SERVICE (or could not be checked) and federation is not allowed."""

    def __init__(self, use: ServiceUse) -> None:
        super().__init__(use.detail or use.reason)
        self.use = use


def run_query(store: Store, query: str, *, allow_service: bool = False) -> Results:
    """The query's results; SyntaxError for a malformed query, ServiceRefused for SERVICE,
    QueryTooLarge for a query that would overflow the engine's stack (it ends the process)."""
    check_shape(query)
    if not allow_service and (use := service_use(query)) is not None:
        raise ServiceRefused(use)
    select = as_select(query)
    if select is None:
        return store.query(query)
    solutions = store.query(select)
    assert isinstance(solutions, QuerySolutions)
    return store.query(description_query(described_iris(solutions)))


def described_iris(solutions: QuerySolutions) -> list[str]:
    """Every IRI bound in the solutions of a DESCRIBE's SELECT (literals are not described)."""
    return sorted(
        {term.value for solution in solutions for term in solution if isinstance(term, NamedNode)}
    )


def resource_triples(store: Store, iri: str) -> list[Triple]:
    """Every triple in which the resource is the subject or the object (DESCRIBE's answer),
    sorted; for looking up an IRI locally."""
    triples = store.query(description_query([iri]))
    assert isinstance(triples, QueryTriples)
    return sorted(triples, key=str)
