"""Finding your way around the data with SPARQL: the vocabulary's labels from a plain query,
DESCRIBE with the links that point at a resource as well as those leaving it (in `query` and
in `serve`, the same graph), and graphs written as Turtle with prefixes or JSON-LD compacted
with the project's context."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic

from plan_progress.cli.main import main
from plan_progress.sparql import load_store, resource_triples, run_query
from sparql_endpoint import Endpoint, start, stop

PP = "https://w3id.org/plan-progress/ns#"
RDFS_LABEL = URIRef("http://www.w3.org/2000/01/rdf-schema#label")
BASE = "https://w3id.org/plan-progress/id/092169/"
PLAN = BASE + "plan/chiiki-fukushi-2"
GOAL = PLAN + "/goal/g1"
INITIATIVE = PLAN + "/initiative/g1-1"
ESTAT = "http://data.e-stat.go.jp/lod/sac/C09216"


def data_graph(root: Path) -> Graph:
    return Graph().parse(root / "data/generated/report.nt", format="nt")


def around(graph: Graph, iri: str) -> Graph:
    """What a symmetric description of `iri` must hold, computed with rdflib."""
    node = URIRef(iri)
    out = Graph()
    for triple in graph:
        if node in (triple[0], triple[2]):
            out.add(triple)
    return out


@pytest.fixture(scope="module")
def endpoint(root: Path) -> Iterator[Endpoint]:
    running = start([root])
    yield running
    stop(running)


def test_class_labels_come_from_a_plain_default_graph_query(root: Path, endpoint) -> None:
    query = (
        f"SELECT ?label WHERE {{ <{PP}Plan> <http://www.w3.org/2000/01/rdf-schema#label> ?label }}"
        " ORDER BY ?label"
    )
    vocabulary = Graph().parse(root / "vocab/plan-progress.ttl", format="turtle")
    want = sorted(str(label) for label in vocabulary.objects(URIRef(PP + "Plan"), RDFS_LABEL))
    assert len(want) == 2  # ja and en
    local = [solution["label"].value for solution in run_query(load_store([root]), query)]
    assert local == want
    reply = endpoint.select(query)
    remote = [b["label"]["value"] for b in json.loads(reply.body)["results"]["bindings"]]
    assert remote == want


@pytest.mark.parametrize("iri", [GOAL, INITIATIVE, ESTAT])
def test_describe_gives_incoming_and_outgoing_triples(root: Path, iri: str) -> None:
    want = around(data_graph(root), iri)
    assert any(t[2] == URIRef(iri) for t in want)  # something points at it
    got = Graph()
    for triple in run_query(load_store([root]), f"DESCRIBE <{iri}>"):
        got.parse(data=str(triple) + " .", format="nt")
    assert isomorphic(got, want)
    assert sorted(map(str, resource_triples(load_store([root]), iri))) == sorted(
        str(t) for t in run_query(load_store([root]), f"DESCRIBE <{iri}>")
    )


def test_describe_over_http_equals_describe_in_query(root: Path, endpoint: Endpoint) -> None:
    query = f"PREFIX pp: <{PP}> DESCRIBE ?goal WHERE {{ <{PLAN}> pp:basicGoal ?goal }}"
    reply = endpoint.request(params={"query": query}, headers={"Accept": "text/turtle"})
    assert reply.status == 200
    remote = Graph().parse(data=reply.text, format="turtle")
    want = Graph()
    for goal in data_graph(root).objects(URIRef(PLAN), URIRef(PP + "basicGoal")):
        want += around(data_graph(root), str(goal))
    assert len(want) > 10
    assert isomorphic(remote, want)


def test_query_writes_describe_as_turtle_with_prefixes(capsys, root: Path, tmp_path) -> None:
    query = tmp_path / "goal.rq"
    query.write_text(f"DESCRIBE <{GOAL}>", encoding="utf-8")
    assert main(["query", str(root), str(query)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("@prefix ")
    assert "pp:title " in out and "a pp:BasicGoal" in out
    assert isomorphic(Graph().parse(data=out, format="turtle"), around(data_graph(root), GOAL))


def test_query_writes_jsonld_compacted_with_the_context_offline(
    capsys, root: Path, tmp_path
) -> None:
    from pyld import jsonld

    from plan_progress.core.standard import CONTEXT_IRI
    from plan_progress.rdf.jsonld_rdf import local_document_loader

    query = tmp_path / "goal.rq"
    query.write_text(f"DESCRIBE <{GOAL}>", encoding="utf-8")
    assert main(["query", str(root), str(query), "--format", "jsonld"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["@context"] == CONTEXT_IRI
    goal = next(node for node in document["@graph"] if node["id"] == GOAL)
    assert goal["type"] == "BasicGoal"
    assert goal["title"] == str(next(data_graph(root).objects(URIRef(GOAL), URIRef(PP + "title"))))
    nquads = jsonld.to_rdf(
        document, {"format": "application/n-quads", "documentLoader": local_document_loader}
    )
    assert isomorphic(Graph().parse(data=nquads, format="nt"), around(data_graph(root), GOAL))


def test_a_literal_without_its_language_tag_matches_nothing(root: Path) -> None:
    """What the cookbook teaches (queries/README.md): "市" is not "市"@ja."""
    store = load_store([root])
    plain = f'ASK {{ ?actor <{PP}shortName> "市" }}'
    tagged = f'ASK {{ ?actor <{PP}shortName> "市"@ja }}'
    assert (bool(run_query(store, plain)), bool(run_query(store, tagged))) == (False, True)
    assert Literal("市", lang="ja") in set(data_graph(root).objects(None, URIRef(PP + "shortName")))
