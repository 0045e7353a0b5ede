"""`plan-progress serve`: a SPARQL client over plain HTTP gets the cookbook's answers from the
running endpoint; the endpoint is read-only, bounded in time, and stops cleanly."""

from __future__ import annotations

import csv
import io
import json
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from rdflib import Graph

from cookbook_answers import expected
from plan_progress.core.standard import vocab_path
from result_rows import from_json

QUERIES = Path(__file__).resolve().parents[1] / "queries"
QUERY_NAMES = sorted(p.name for p in QUERIES.glob("*.rq"))
JSON_RESULTS = "application/sparql-results+json"
# Four-way cross product of every triple: far beyond any time bound on this data.
SLOW_QUERY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


@dataclass
class Reply:
    status: int
    content_type: str
    body: bytes


@dataclass
class Endpoint:
    process: subprocess.Popen[str]
    url: str

    def request(
        self,
        *,
        params: dict[str, str] | None = None,
        data: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> Reply:
        url = self.url + ("?" + urllib.parse.urlencode(params) if params else "")
        req = urllib.request.Request(url, data=data, headers=headers or {})
        try:
            with urllib.request.urlopen(req, timeout=30) as response:
                return Reply(response.status, response.headers["Content-Type"], response.read())
        except urllib.error.HTTPError as err:
            return Reply(err.code, err.headers["Content-Type"], err.read())

    def select(self, query: str) -> Reply:
        return self.request(params={"query": query}, headers={"Accept": JSON_RESULTS})


def start(directories: list[Path], *options: str) -> Endpoint:
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "plan_progress",
            "serve",
            *map(str, directories),
            "--port",
            "0",
            *options,
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
    )
    assert process.stdout is not None
    first = process.stdout.readline()
    assert first.startswith("SPARQL endpoint: http://127.0.0.1:"), first + process.stderr.read()
    return Endpoint(process, first.split(": ", 1)[1].strip())


def stop(endpoint: Endpoint, signum: int = signal.SIGTERM) -> int:
    endpoint.process.send_signal(signum)
    try:
        return endpoint.process.wait(timeout=10)
    finally:
        if endpoint.process.poll() is None:
            endpoint.process.kill()
            endpoint.process.wait()
        for stream in (endpoint.process.stdout, endpoint.process.stderr):
            if stream:
                stream.close()


@pytest.fixture(scope="module")
def endpoint(all_packages: list[Path]) -> Iterator[Endpoint]:
    running = start(all_packages, "--timeout", "2")
    yield running
    assert stop(running) == 0


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


def test_malformed_query_is_400(endpoint: Endpoint) -> None:
    reply = endpoint.request(params={"query": "SELECT ?x WHERE { ?x "})
    assert reply.status == 400
    assert reply.content_type == "text/plain; charset=utf-8"
    assert "malformed query" in reply.body.decode("utf-8")


def test_missing_query_and_wrong_path(endpoint: Endpoint) -> None:
    assert endpoint.request().status == 400
    other = Endpoint(endpoint.process, endpoint.url.replace("/sparql", "/other"))
    assert other.request(params={"query": "ASK {}"}).status == 404


def test_query_time_is_bounded(endpoint: Endpoint) -> None:
    reply = endpoint.select(SLOW_QUERY)
    assert reply.status == 503
    assert "timed out after 2 s" in reply.body.decode("utf-8")
    # the endpoint still answers afterwards
    assert endpoint.select("ASK { ?s ?p ?o }").status == 200


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_stops_cleanly_on_signal(signum: int, root: Path) -> None:
    running = start([root])
    assert running.select("ASK {}").status == 200
    assert stop(running, signum) == 0


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
    void_url = endpoint.url.replace("/sparql", "/.well-known/void")
    with urllib.request.urlopen(void_url, timeout=30) as response:
        assert response.headers["Content-Type"] == "text/turtle; charset=utf-8"
        graph = Graph().parse(data=response.read().decode("utf-8"), format="turtle")
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
    # Wait until the query runs, in a child process of the server (Linux /proc).
    children = Path(f"/proc/{running.process.pid}/task/{running.process.pid}/children")
    deadline = time.monotonic() + 10
    while not children.read_text().strip() and time.monotonic() < deadline:
        time.sleep(0.02)
    assert children.read_text().strip(), "the query never started"
    assert stop(running) == 0
    worker.join(timeout=10)
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
