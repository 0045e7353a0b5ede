"""Issue 24, the endpoint: each attack sent to the real server (`plan-progress serve`: the
front and its `oxigraph` child), with the answer, the time, the memory of the server's
process tree and the engine's CPU time after the answer."""

from __future__ import annotations

import os
import signal
import socket
import statistics
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from plan_progress.abuse import payloads
from plan_progress.abuse.processes import cpu_seconds, descendants
from sparql_endpoint import JSON_RESULTS as JSON
from sparql_endpoint import Endpoint, Reply, engine_pid, start, stop

ASK = "ASK { ?s ?p ?o }"
SLOW_QUERY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
TIMEOUT = 2.0


def tree_rss_mib(pid: int) -> float:
    total = 0
    for current in descendants(pid):
        try:
            for line in Path(f"/proc/{current}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total / 1024


def rule_of(body: bytes) -> str:
    return body.split(b"]", 1)[0].lstrip(b"[").decode()


@pytest.fixture(scope="module")
def endpoint(all_packages: list[Path]) -> Iterator[Endpoint]:
    running = start(all_packages, "--timeout", str(TIMEOUT), "--describe-limit", "100")
    yield running
    code, err = stop(running)
    assert code == 0, err
    assert "Traceback" not in err and "overflowed its stack" not in err, err


def timed(endpoint: Endpoint, query: str) -> tuple[Reply, float]:
    began = time.monotonic()
    reply = endpoint.select(query)
    return reply, time.monotonic() - began


def ask_from(endpoint: Endpoint, headers: dict[str, str]) -> Reply:
    return endpoint.request(params={"query": ASK}, headers={"Accept": JSON, **headers})


@pytest.mark.parametrize(
    ("name", "query", "rule"),
    [
        ("20,000 ! in a FILTER", payloads.bangs(), "query.too-deep"),
        ("5,000 nested (", payloads.parentheses(), "query.too-deep"),
        ("12,000 UNION groups", payloads.many_groups().replace("SERVICE", ""), "query.too-long"),
        (
            "5,000 triple patterns",
            "ASK { " + " . ".join(f"?s <http://x/p> ?o{i}" for i in range(5000)) + " }",
            "query.too-long",
        ),
    ],
)
def test_a_query_that_would_kill_the_engine_is_refused_before_it(
    endpoint: Endpoint, name: str, query: str, rule: str
) -> None:
    before = engine_pid(endpoint)
    reply = endpoint.request(
        data=query.encode(), headers={"Content-Type": "application/sparql-query"}
    )
    assert reply.status == 400 and rule_of(reply.body) == rule, (name, reply.body[:200])
    assert "上限" in reply.text and "limit" in reply.text
    # Refused by the front: the engine neither died nor was replaced.
    assert engine_pid(endpoint) == before
    assert endpoint.select(ASK).status == 200


def test_a_dead_engine_is_noticed_and_replaced(endpoint: Endpoint) -> None:
    dead = engine_pid(endpoint)
    os.kill(dead, signal.SIGKILL)
    time.sleep(0.2)
    reply = endpoint.select(ASK)
    assert reply.status == 200  # the front started a new engine before sending the query
    assert engine_pid(endpoint) != dead


def test_a_timed_out_query_stops_its_work(endpoint: Endpoint) -> None:
    before = engine_pid(endpoint)
    reply, seconds = timed(endpoint, SLOW_QUERY)
    assert reply.status == 503 and rule_of(reply.body) == "query.timeout"
    assert TIMEOUT <= seconds < TIMEOUT + 3
    # The work stopped with the answer: the engine that computed it is gone, and the whole
    # server (front and the new engine) stays nearly idle afterwards.
    assert engine_pid(endpoint) != before
    assert not Path(f"/proc/{before}").exists()
    used = cpu_seconds(endpoint.process.pid)
    time.sleep(2.0)
    assert cpu_seconds(endpoint.process.pid) - used < 0.5
    assert endpoint.select(ASK).status == 200


def test_describe_is_capped_like_every_answer(endpoint: Endpoint) -> None:
    before = tree_rss_mib(endpoint.process.pid)
    reply, seconds = timed(endpoint, payloads.DESCRIBE_ALL)
    assert reply.status == 413 and rule_of(reply.body) == "query.describe-too-large"
    assert seconds < TIMEOUT
    assert tree_rss_mib(endpoint.process.pid) - before < 64
    # Under the limit, DESCRIBE answers as before.
    small = endpoint.request(
        params={"query": "DESCRIBE ?s WHERE { ?s a ?t } LIMIT 5"},
        headers={"Accept": "application/n-triples"},
    )
    assert small.status == 200 and small.body.count(b"\n") > 5


@pytest.mark.parametrize(
    ("name", "query"),
    [
        ("2,000 nested { } around a SERVICE", payloads.braces()),
        ("1,000 nested SERVICE", payloads.nested_service()),
        ("12,000 UNION groups with SERVICE (200 KB)", payloads.many_groups()),
        (
            "40 nested { } with a SERVICE",
            "SELECT * " + "{" * 40 + " SERVICE <http://x/> { ?s ?p ?o } " + "}" * 40,
        ),
    ],
)
def test_the_service_check_is_bounded_and_never_crashes(
    endpoint: Endpoint, name: str, query: str
) -> None:
    began = time.monotonic()
    reply = endpoint.request(
        data=query.encode(), headers={"Content-Type": "application/sparql-query"}
    )
    assert time.monotonic() - began < 1.0, name
    assert reply.status == 400
    assert rule_of(reply.body) in ("query.service-unchecked", "query.too-deep", "query.too-long")


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "http://evil.example"},
        {"Origin": "null"},
        {"Sec-Fetch-Site": "cross-site"},
        {"Sec-Fetch-Site": "same-site", "Origin": "http://127.0.0.1:1"},
    ],
)
def test_a_query_from_another_site_is_refused(endpoint: Endpoint, headers: dict) -> None:
    reply = ask_from(endpoint, headers)
    assert reply.status == 403 and rule_of(reply.body) == "serve.cross-site"
    assert "access-control-allow-origin" not in reply.headers


def test_the_same_origin_and_clients_that_are_not_browsers_are_served(endpoint: Endpoint) -> None:
    own = f"http://127.0.0.1:{endpoint.port}"
    for headers in (
        {},
        {"Origin": own, "Sec-Fetch-Site": "same-origin"},
        {"Sec-Fetch-Site": "none"},
    ):
        reply = ask_from(endpoint, headers)
        assert reply.status == 200, headers


def test_no_other_process_can_reach_the_engine(endpoint: Endpoint) -> None:
    engine = engine_pid(endpoint)
    # The engine lives in a network of its own, which this process is not in.
    assert os.readlink(f"/proc/{engine}/ns/net") != os.readlink("/proc/self/ns/net")
    command = Path(f"/proc/{engine}/cmdline").read_bytes().decode().split("\0")
    host, port = command[command.index("--bind") + 1].rsplit(":", 1)
    with socket.socket() as probe, pytest.raises(OSError):
        probe.settimeout(2)
        probe.connect((host, int(port)))
    assert endpoint.select(ASK).status == 200  # the front reaches it


def test_one_endpoint_survives_every_attack_in_a_row(all_packages: list[Path]) -> None:
    running = start(all_packages, "--timeout", str(TIMEOUT))
    try:
        attacks = [
            payloads.bangs(), payloads.parentheses(), payloads.braces(), payloads.many_groups(),
            payloads.nested_service(), SLOW_QUERY, payloads.DESCRIBE_ALL, SLOW_QUERY,
        ]  # fmt: skip
        for query in attacks:
            reply = running.request(
                data=query.encode(), headers={"Content-Type": "application/sparql-query"}
            )
            assert reply.status in (200, 400, 413, 503), reply.body[:200]
        hostile = ask_from(running, {"Origin": "http://evil.example"})
        assert hostile.status == 403
        for _ in range(3):  # warm-up: connections to the engine after its replacement
            assert running.select(ASK).status == 200
        times = []
        for _ in range(11):
            _, seconds = timed(running, ASK)
            times.append(seconds)
        assert statistics.median(times) < 0.1, times
    finally:
        code, err = stop(running)
    assert code == 0 and "Traceback" not in err, err
