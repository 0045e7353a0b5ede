"""No federation by default: a query with SERVICE, however it is written, is refused by
`query` and `serve` before the engine sees it, and a loopback listener standing in for the
other host receives no connection. With --allow-service the same listener is reached, which
shows it would have noticed."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import run_cli
from plan_progress.sparql.federation import service_use
from sparql_endpoint import Endpoint, Listener, start, stop

# {url}: the listener. Every form in which a SERVICE clause can hide.
SERVICE_QUERIES = {
    "plain": "SELECT * WHERE { SERVICE <{url}> { ?s ?p ?o } }",
    "lower case": "select * where { service <{url}> { ?s ?p ?o } }",
    "silent": "SELECT * WHERE { SERVICE SILENT <{url}> { ?s ?p ?o } }",
    "prefixed iri": "PREFIX far: <{url}#> SELECT * WHERE { SERVICE far:x { ?s ?p ?o } }",
    "base-relative iri": "BASE <{url}> SELECT * WHERE { SERVICE <> { ?s ?p ?o } }",
    "nested groups": "SELECT * WHERE { { { { SERVICE <{url}> { ?s ?p ?o } } } } }",
    "variable iri": "SELECT * WHERE { BIND(<{url}> AS ?far) SERVICE ?far { ?s ?p ?o } }",
    "values iri": "SELECT * WHERE { VALUES ?far { <{url}> } SERVICE ?far { ?s ?p ?o } }",
    "optional": "SELECT * WHERE { ?a ?b ?c OPTIONAL { SERVICE <{url}> { ?s ?p ?o } } }",
    "union": "SELECT * WHERE { { ?a ?b ?c } UNION { SERVICE <{url}> { ?s ?p ?o } } }",
    "minus": "SELECT * WHERE { ?a ?b ?c MINUS { SERVICE <{url}> { ?a ?p ?o } } }",
    "subquery": "SELECT * WHERE { { SELECT * WHERE { SERVICE <{url}> { ?s ?p ?o } } } }",
    "filter exists": "SELECT * WHERE { ?a ?b ?c FILTER EXISTS { SERVICE <{url}> { ?a ?p ?o } } }",
    "filter not exists": "ASK { ?a ?b ?c FILTER NOT EXISTS { SERVICE <{url}> { ?a ?p ?o } } }",
    "bind exists": "SELECT * WHERE { BIND(EXISTS { SERVICE <{url}> { ?s ?p ?o } } AS ?x) }",
    "order by exists": "SELECT * WHERE { ?a ?b ?c } ORDER BY (EXISTS { SERVICE <{url}> {} })",
    "graph": "SELECT * WHERE { GRAPH ?g { SERVICE <{url}> { ?s ?p ?o } } }",
    "construct": "CONSTRUCT { ?s ?p ?o } WHERE { SERVICE <{url}> { ?s ?p ?o } }",
    "ask": "ASK { SERVICE <{url}> { ?s ?p ?o } }",
    "describe": "DESCRIBE ?s WHERE { SERVICE <{url}> { ?s ?p ?o } }",
    "comment between": "SELECT * WHERE { SERVICE # no\n <{url}> { ?s ?p ?o } }",
    "escaped keyword": "SELECT * WHERE { \\u0053ERVICE <{url}> { ?s ?p ?o } }",
}
# Queries that merely mention the word: not refused.
HARMLESS = [
    'SELECT * WHERE { ?s ?p "SERVICE" }',
    "SELECT * WHERE { ?s <http://example.org/service> ?o }",
    "PREFIX service: <http://example.org/> SELECT * WHERE { ?s service:p ?o }",
    "# SERVICE <http://example.org/>\nASK { ?s ?p ?o }",
    "SELECT ?service WHERE { ?service ?p ?o }",
]


def fill(template: str, url: str) -> str:
    return template.replace("{url}", url)


@pytest.mark.parametrize("name", sorted(SERVICE_QUERIES))
def test_every_form_of_service_is_found(name: str) -> None:
    use = service_use(fill(SERVICE_QUERIES[name], "http://127.0.0.1:9/sparql"))
    assert use is not None
    assert use.reason == "service"


@pytest.mark.parametrize("query", HARMLESS)
def test_the_word_alone_is_not_refused(query: str) -> None:
    assert service_use(query) is None


def test_service_after_prefix_declarations_is_found_though_rdflib_cannot_parse_it() -> None:
    query = "PREFIX a: <http://a/#> PREFIX b: <http://b/#> SELECT * { SERVICE <x:y> { ?s a:p ?o } }"
    use = service_use(query)
    assert use is not None and use.reason == "service"
    assert service_use("PREFIX service: <http://a/#> SELECT * { ?s service:p ?o }") is None


def test_an_unparsable_query_mentioning_service_is_refused_as_unverifiable() -> None:
    use = service_use("SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o ")
    assert use is not None and use.reason == "unverifiable" and use.detail


def test_a_query_without_the_letters_is_decided_without_a_parser() -> None:
    """The shortcut: no S-E-R-V-I-C-E in the text, no parse (milliseconds saved per query)."""
    started = time.perf_counter()
    for _ in range(1000):
        assert service_use("SELECT ?s WHERE { ?s ?p ?o } LIMIT 10") is None
    assert time.perf_counter() - started < 0.5


@pytest.fixture
def listener() -> Iterator[Listener]:
    far = Listener()
    yield far
    far.close()


@pytest.mark.parametrize("name", ["plain", "prefixed iri", "variable iri", "subquery", "describe"])
def test_query_refuses_service_and_connects_nowhere(
    name: str, root: Path, tmp_path: Path, listener: Listener
) -> None:
    query = tmp_path / "far.rq"
    query.write_text(fill(SERVICE_QUERIES[name], listener.url), encoding="utf-8")
    result = run_cli("query", str(root), str(query), "--lang", "en")
    assert result.returncode == 1
    assert result.stdout == ""
    assert f"{query}::: [query.service] The query uses SERVICE" in result.stderr
    time.sleep(0.3)
    assert listener.connections == []


def test_query_with_allow_service_does_reach_the_other_host(
    root: Path, tmp_path: Path, listener: Listener
) -> None:
    query = tmp_path / "far.rq"
    query.write_text(fill(SERVICE_QUERIES["silent"], listener.url), encoding="utf-8")
    result = run_cli("query", str(root), str(query), "--allow-service", "--timeout", "20")
    assert listener.connections, result.stderr
    assert listener.connections[0].startswith(b"POST /sparql")


@pytest.fixture(scope="module")
def endpoint(root: Path) -> Iterator[Endpoint]:
    running = start([root], "--timeout", "5")
    yield running
    code, err = stop(running)
    assert code == 0, err


@pytest.mark.parametrize("name", sorted(SERVICE_QUERIES))
def test_serve_refuses_service_with_400_and_connects_nowhere(
    name: str, endpoint: Endpoint, listener: Listener
) -> None:
    query = fill(SERVICE_QUERIES[name], listener.url)
    for reply in (endpoint.select(query), endpoint.form(query)):
        assert reply.status == 400, reply.text
        assert reply.text.startswith("[query.service")
    time.sleep(0.2)
    assert listener.connections == []


def test_serve_with_allow_service_does_reach_the_other_host(root: Path, listener: Listener) -> None:
    running = start([root], "--allow-service", "--timeout", "5")
    try:
        reply = running.select(fill(SERVICE_QUERIES["silent"], listener.url))
        assert reply.status in (200, 503)
        description = running.request().text
        assert "BasicFederatedQuery" in description
    finally:
        stop(running)
    assert listener.connections and listener.connections[0].startswith(b"POST /sparql")
