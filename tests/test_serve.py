"""`plan-progress serve`: a SPARQL client over plain HTTP gets the cookbook's answers from the
running endpoint (Oxigraph behind our front); the endpoint is read-only, bounded in time,
describes itself, and stops cleanly."""

from __future__ import annotations

import csv
import io
import json
import signal
import subprocess
import sys
import threading
import time
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import Graph, URIRef

from cookbook_answers import expected
from plan_progress.core.standard import vocab_path
from plan_progress.sparql.engine import BROWSER_BLOCKED_PORTS
from result_rows import from_json
from sparql_endpoint import JSON_RESULTS, Endpoint, Reply, engine_pid, start, stop

QUERIES = Path(__file__).resolve().parents[1] / "queries"
QUERY_NAMES = sorted(p.name for p in QUERIES.glob("*.rq"))
# Four-way cross product of every triple: far beyond any time bound on this data.
SLOW_QUERY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
SD = "http://www.w3.org/ns/sparql-service-description#"


def engine_command(endpoint: Endpoint) -> list[str]:
    return Path(f"/proc/{engine_pid(endpoint)}/cmdline").read_bytes().decode().split("\0")


@pytest.fixture(scope="module")
def endpoint(all_packages: list[Path]) -> Iterator[Endpoint]:
    running = start(all_packages, "--timeout", "2")
    yield running
    code, err = stop(running)
    assert code == 0, err


@pytest.mark.parametrize("name", QUERY_NAMES)
def test_cookbook_answers_over_http_get(name: str, endpoint: Endpoint, all_packages) -> None:
    reply = endpoint.select((QUERIES / name).read_text(encoding="utf-8"))
    assert reply.status == 200
    assert reply.content_type == JSON_RESULTS
    assert from_json(json.loads(reply.body)) == expected(name, all_packages, vocab_path())


@pytest.mark.parametrize("name", ["04-council-issues-goal-2.rq", "14-missing-author-entry.rq"])
def test_post_form_and_post_query_body_answer_like_get(
    name: str, endpoint: Endpoint, all_packages
) -> None:
    query = (QUERIES / name).read_text(encoding="utf-8")
    want = expected(name, all_packages, vocab_path())
    form = endpoint.request(
        data=urllib.parse.urlencode({"query": query}).encode(),
        headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": JSON_RESULTS},
    )
    direct = endpoint.request(
        data=query.encode("utf-8"),
        headers={"Content-Type": "application/sparql-query; charset=utf-8", "Accept": JSON_RESULTS},
    )
    assert (form.status, direct.status) == (200, 200)
    assert from_json(json.loads(form.body)) == want
    assert from_json(json.loads(direct.body)) == want


def test_results_formats_follow_the_accept_header(endpoint: Endpoint, all_packages) -> None:
    name = "12-links-to-estat.rq"
    query = (QUERIES / name).read_text(encoding="utf-8")
    want = expected(name, all_packages, vocab_path())
    reply = endpoint.request(params={"query": query}, headers={"Accept": "text/csv"})
    assert (reply.status, reply.content_type) == (200, "text/csv; charset=utf-8")
    rows = list(csv.reader(io.StringIO(reply.body.decode("utf-8"))))
    assert rows[0] == ["code", "municipality", "standardAreaCode"]
    assert [tuple(r) for r in rows[1:]] == want
    xml = endpoint.request(
        params={"query": query},
        headers={"Accept": "text/html;q=0.9, application/sparql-results+xml"},
    )
    assert xml.content_type == "application/sparql-results+xml"
    assert b"http://data.e-stat.go.jp/lod/sac/C09216" in xml.body
    # No Accept header: JSON, the protocol's common default.
    assert endpoint.request(params={"query": query}).content_type == JSON_RESULTS


def test_construct_answers_rdf(endpoint: Endpoint, all_packages) -> None:
    query = "CONSTRUCT WHERE { ?plan <https://w3id.org/plan-progress/ns#basicGoal> ?goal }"
    reply = endpoint.request(params={"query": query}, headers={"Accept": "text/turtle"})
    assert (reply.status, reply.content_type) == (200, "text/turtle; charset=utf-8")
    graph = Graph().parse(data=reply.body.decode("utf-8"), format="turtle")
    # Every goal, also one printed without a title (which query 02 leaves out).
    goals = sum(
        len((p / "data" / "basic-goals.csv").read_text(encoding="utf-8").splitlines()) - 1
        for p in all_packages
    )
    assert len(graph) == goals


def test_unacceptable_format_is_406(endpoint: Endpoint) -> None:
    reply = endpoint.request(params={"query": "ASK {}"}, headers={"Accept": "image/png"})
    assert reply.status == 406


def test_updates_are_refused_and_change_nothing(endpoint: Endpoint, all_packages) -> None:
    delete = "DELETE WHERE { ?s ?p ?o }"
    as_form = endpoint.request(
        data=urllib.parse.urlencode({"update": delete}).encode(),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    as_body = endpoint.request(
        data=delete.encode(), headers={"Content-Type": "application/sparql-update"}
    )
    as_query = endpoint.request(params={"query": delete})
    assert (as_form.status, as_body.status) == (403, 403)
    assert as_query.status == 400  # an update is not a query
    name = "01-plans.rq"
    reply = endpoint.select((QUERIES / name).read_text(encoding="utf-8"))
    assert from_json(json.loads(reply.body)) == expected(name, all_packages, vocab_path())


def test_malformed_query_is_400_with_rule_id(endpoint: Endpoint) -> None:
    reply = endpoint.request(params={"query": "SELECT ?x WHERE { ?x "})
    assert reply.status == 400
    assert reply.content_type == "text/plain; charset=utf-8"
    ja, en = reply.text.splitlines()[:2]
    assert ja.startswith("[query.syntax] SPARQL クエリの構文が正しくありません")
    assert en.startswith("[query.syntax] The SPARQL query has a syntax error")


def test_missing_or_repeated_query_and_wrong_path(endpoint: Endpoint) -> None:
    empty_post = endpoint.request(
        data=b"", headers={"Content-Type": "application/x-www-form-urlencoded"}
    )
    assert empty_post.status == 400
    assert "[serve.parameters]" in empty_post.text
    twice = endpoint.request(params=[("query", "ASK {}"), ("query", "ASK {}")])
    assert twice.status == 400
    other = endpoint.request(params={"query": "ASK {}"}, path="/other")
    assert other.status == 404
    assert "[serve.not-found]" in other.text and endpoint.url in other.text


def test_query_time_is_bounded_and_never_blocks_other_clients(endpoint: Endpoint) -> None:
    slow: list[Reply] = []
    started = time.monotonic()
    worker = threading.Thread(target=lambda: slow.append(endpoint.select(SLOW_QUERY)))
    worker.start()
    time.sleep(0.3)  # the slow query is running
    quick_started = time.monotonic()
    quick = endpoint.select("ASK { ?s ?p ?o }")
    quick_seconds = time.monotonic() - quick_started
    worker.join(timeout=30)
    assert (quick.status, json.loads(quick.body)) == (200, {"head": {}, "boolean": True})
    assert quick_seconds < 1.0, quick_seconds
    (reply,) = slow
    assert reply.status == 503
    assert "[query.timeout]" in reply.text and "(2 s)" in reply.text
    assert 2.0 <= time.monotonic() - started < 6.0
    # the endpoint still answers afterwards
    assert endpoint.select("ASK { ?s ?p ?o }").status == 200


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_stops_cleanly_on_signal_and_stops_its_engine(signum: int, root: Path) -> None:
    running = start([root])
    assert running.select("ASK {}").status == 200
    engine = engine_pid(running)
    code, err = stop(running, signum)
    assert code == 0, err
    assert "stopped" in err
    assert (
        not Path(f"/proc/{engine}").exists()
        or "zombie" in Path(f"/proc/{engine}/status").read_text()
    )


def test_invalid_package_does_not_start(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "plan_progress", "serve", str(tmp_path), "--port", "0"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert "[package.not-found]" in result.stderr


def test_void_description_names_the_endpoint(endpoint: Endpoint, all_packages) -> None:
    reply = endpoint.request(path="/.well-known/void")
    assert reply.content_type == "text/turtle; charset=utf-8"
    graph = Graph().parse(data=reply.text, format="turtle")
    answer = graph.query(
        "PREFIX void: <http://rdfs.org/ns/void#> "
        "SELECT ?ds ?endpoint ?triples WHERE { ?ds a void:Dataset ; void:sparqlEndpoint ?endpoint ;"
        " void:triples ?triples }"
    )
    got = {str(ds): (str(ep), int(n)) for ds, ep, n in answer}
    want = {
        json.loads((p / "datapackage.json").read_text(encoding="utf-8"))["id"]: (
            endpoint.url,
            len(Graph().parse(p / "data/generated/report.nt", format="nt")),
        )
        for p in all_packages
    }
    assert got == want


def test_stop_during_a_query_answers_it_first(root: Path) -> None:
    running = start([root], "--timeout", "1")
    replies: list[Reply] = []
    worker = threading.Thread(target=lambda: replies.append(running.select(SLOW_QUERY)))
    worker.start()
    time.sleep(0.3)  # the query is running
    code, err = stop(running)
    worker.join(timeout=10)
    assert code == 0, err
    assert [r.status for r in replies] == [503]


def test_dataset_parameters_choose_the_graphs(endpoint: Endpoint, root: Path) -> None:
    vocabulary = Graph().parse(root / "vocab/plan-progress.ttl", format="turtle")
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    ns = "https://w3id.org/plan-progress/ns"
    reply = endpoint.request(
        params={"query": count, "default-graph-uri": ns}, headers={"Accept": JSON_RESULTS}
    )
    assert from_json(json.loads(reply.body)) == [(len(vocabulary),)]
    direct = endpoint.request(
        params={"default-graph-uri": ns},
        data=count.encode(),
        headers={"Content-Type": "application/sparql-query", "Accept": JSON_RESULTS},
    )
    assert from_json(json.loads(direct.body)) == [(len(vocabulary),)]
    bad = endpoint.request(params={"query": count, "default-graph-uri": "not an iri"})
    assert bad.status == 400
    assert "[serve.bad-request]" in bad.text


def test_service_description_at_the_endpoint(endpoint: Endpoint) -> None:
    reply = endpoint.request()
    assert (reply.status, reply.content_type) == (200, "text/turtle; charset=utf-8")
    graph = Graph().parse(data=reply.text, format="turtle")
    answer = graph.query(
        f"PREFIX sd: <{SD}> SELECT ?language ?triples WHERE {{ ?s a sd:Service ;"
        f" sd:endpoint <{endpoint.url}> ; sd:supportedLanguage ?language ;"
        " sd:defaultDataset/sd:defaultGraph/<http://rdfs.org/ns/void#triples> ?triples }"
    )
    ((language, triples),) = list(answer)
    assert str(language) == SD + "SPARQL11Query"
    count = endpoint.select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    assert from_json(json.loads(count.body)) == [(int(triples),)]
    # No federation is offered unless --allow-service was given.
    features = {str(o) for o in graph.objects(None, URIRef(SD + "feature"))}
    assert SD + "BasicFederatedQuery" not in features


def test_the_engine_listens_only_on_a_browser_blocked_loopback_port(endpoint: Endpoint) -> None:
    command = engine_command(endpoint)
    assert command[1] == "serve-read-only"
    host, port = command[command.index("--bind") + 1].rsplit(":", 1)
    assert host == "127.0.0.1"
    assert int(port) in BROWSER_BLOCKED_PORTS
    # Its address is never printed: a user sees only the front's.
    assert port not in endpoint.url
