"""The endpoint's front under hostile and careless clients, on loopback, every case bounded in
time: idle and slow connections hold nobody up; malformed framing, huge bodies and invalid
UTF-8 get 4xx; HEAD and OPTIONS work; CORS is off unless asked for."""

from __future__ import annotations

import json
import socket
import statistics
import threading
import time
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pytest

from sparql_endpoint import JSON_RESULTS, Endpoint, start, stop

ASK = "ASK { ?s ?p ?o }"


@pytest.fixture(scope="module")
def endpoint(root: Path) -> Iterator[Endpoint]:
    running = start([root], "--timeout", "5")
    yield running
    code, err = stop(running)
    assert code == 0, err


def raw_exchange(endpoint: Endpoint, request: bytes, timeout: float = 10) -> bytes:
    """Send bytes as they are and read until the server closes or goes quiet."""
    with socket.create_connection(("127.0.0.1", endpoint.port), timeout=timeout) as sock:
        sock.sendall(request)  # no half-close: uvicorn takes that for a client gone away
        chunks = []
        try:
            while chunk := sock.recv(65536):
                chunks.append(chunk)
        except TimeoutError:
            pass
    return b"".join(chunks)


def read_until_closed(sock: socket.socket) -> bytes:
    chunks = []
    try:
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    except (TimeoutError, ConnectionResetError):
        pass
    return b"".join(chunks)


def status_of(response: bytes) -> int:
    assert response.startswith(b"HTTP/1.1 "), response[:200]
    return int(response.split(b" ", 2)[1])


def post(body: bytes, headers: str) -> bytes:
    return (
        b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
        + headers.encode()
        + b"\r\n"
        + body
    )


def ask_time(endpoint: Endpoint) -> float:
    started = time.monotonic()
    reply = endpoint.select(ASK, timeout=10)
    assert reply.status == 200
    return time.monotonic() - started


def test_idle_connections_do_not_block_queries(endpoint: Endpoint) -> None:
    idle = [socket.create_connection(("127.0.0.1", endpoint.port)) for _ in range(20)]
    try:
        assert max(ask_time(endpoint) for _ in range(10)) < 1.0
    finally:
        for sock in idle:
            sock.close()


def test_twenty_slow_clients_sending_a_byte_a_second_do_not_block_others(
    endpoint: Endpoint,
) -> None:
    request = (
        b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        b"Content-Type: application/sparql-query\r\nContent-Length: 40\r\n\r\n" + b" " * 40
    )
    stop_sending = threading.Event()

    def trickle() -> None:
        with socket.create_connection(("127.0.0.1", endpoint.port), timeout=10) as sock:
            for byte in request:
                if stop_sending.wait(1.0):
                    return
                try:
                    sock.sendall(bytes([byte]))
                except OSError:
                    return

    slow = [threading.Thread(target=trickle, daemon=True) for _ in range(20)]
    for thread in slow:
        thread.start()
    try:
        time.sleep(1.5)  # every slow client is connected and part-way through its headers
        times = [ask_time(endpoint) for _ in range(20)]
    finally:
        stop_sending.set()
        for thread in slow:
            thread.join(timeout=5)
    assert statistics.quantiles(times, n=20)[18] < 0.2, times  # p95


def test_a_body_that_stops_arriving_gets_408(endpoint: Endpoint) -> None:
    with socket.create_connection(("127.0.0.1", endpoint.port), timeout=30) as sock:
        sock.sendall(
            post(b"ASK", "Content-Type: application/sparql-query\r\nContent-Length: 100\r\n")
        )
        started = time.monotonic()
        response = read_until_closed(sock)
        waited = time.monotonic() - started
    assert status_of(response) == 408
    assert b"[serve.slow-request]" in response
    assert 5 < waited < 20  # the front waits a while (10 s), then answers


@pytest.mark.parametrize("length", [b"abc", b"-1", b"1, 2", b"99999999999999999999999"])
def test_bad_content_length_is_4xx(endpoint: Endpoint, length: bytes) -> None:
    response = raw_exchange(
        endpoint,
        post(
            b"ASK {}",
            f"Content-Type: application/sparql-query\r\nContent-Length: {length.decode()}\r\n",
        ),
    )
    assert 400 <= status_of(response) < 500


def test_a_huge_body_is_refused_without_being_read(endpoint: Endpoint) -> None:
    header = post(b"", "Content-Type: application/sparql-query\r\nContent-Length: 50000000\r\n")
    with socket.create_connection(("127.0.0.1", endpoint.port), timeout=10) as sock:
        sock.sendall(header + b"A" * 65536)
        response = read_until_closed(sock)
    assert status_of(response) == 413
    assert b"[serve.body-too-large]" in response


def test_a_huge_chunked_body_is_refused(endpoint: Endpoint) -> None:
    chunk = b"%x\r\n%s\r\n" % (1 << 20, b"#" * (1 << 20))
    head = post(b"", "Content-Type: application/sparql-query\r\nTransfer-Encoding: chunked\r\n")
    with socket.create_connection(("127.0.0.1", endpoint.port), timeout=10) as sock:
        sock.sendall(head)
        try:
            for _ in range(3):
                sock.sendall(chunk)
        except OSError:
            pass  # the server may stop reading once it has answered
        response = read_until_closed(sock)
    assert status_of(response) == 413


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (b'ASK { ?s ?p "\xff" }', "application/sparql-query"),
        (b"query=ASK%20%7B%20%3Fs%20%3Fp%20%22%FF%22%20%7D", "application/x-www-form-urlencoded"),
        (b'query=ASK { ?s ?p "\xc3" }', "application/x-www-form-urlencoded"),
    ],
)
def test_invalid_utf8_is_400_not_silently_replaced(
    endpoint: Endpoint, body: bytes, content_type: str
) -> None:
    reply = endpoint.request(data=body, headers={"Content-Type": content_type})
    assert reply.status == 400
    assert "[serve.encoding]" in reply.text


def test_invalid_utf8_in_the_url_is_400(endpoint: Endpoint) -> None:
    response = raw_exchange(
        endpoint, b"GET /sparql?query=ASK%7B%FF%7D HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
    )
    assert status_of(response) == 400
    assert b"[serve.encoding]" in response


def test_unknown_content_type_is_415(endpoint: Endpoint) -> None:
    reply = endpoint.request(data=b"ASK {}", headers={"Content-Type": "text/plain"})
    assert reply.status == 415
    assert "[serve.media-type]" in reply.text


def test_head_answers_like_get_without_a_body(endpoint: Endpoint) -> None:
    params = urllib.parse.urlencode({"query": ASK})
    head = raw_exchange(
        endpoint,
        f"HEAD /sparql?{params} HTTP/1.1\r\nHost: x\r\nAccept: {JSON_RESULTS}\r\n"
        "Connection: close\r\n\r\n".encode(),
    )
    assert status_of(head) == 200
    headers, _, body = head.partition(b"\r\n\r\n")
    assert b"content-type: application/sparql-results+json" in headers.lower()
    assert body == b""


def test_options_lists_the_methods_and_grants_no_cross_origin_access(endpoint: Endpoint) -> None:
    reply = endpoint.request(
        method="OPTIONS",
        headers={
            "Origin": "https://evil.example",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )
    assert reply.status == 204
    assert reply.headers["allow"] == "GET, HEAD, POST, OPTIONS"
    assert not any(name.startswith("access-control-") for name in reply.headers)
    # Without --cors a query from another site's page is refused before any work is done.
    answer = endpoint.request(params={"query": ASK}, headers={"Origin": "https://evil.example"})
    assert answer.status == 403 and answer.body.startswith(b"[serve.cross-site]")
    assert "access-control-allow-origin" not in answer.headers


def test_cors_when_asked_for(root: Path) -> None:
    running = start([root], "--cors")
    try:
        preflight = running.request(
            method="OPTIONS",
            headers={
                "Origin": "https://notebook.example",
                "Access-Control-Request-Method": "POST",
                "Access-Control-Request-Headers": "content-type",
            },
        )
        assert preflight.status == 200
        assert preflight.headers["access-control-allow-origin"] == "*"
        answer = running.request(
            params={"query": ASK}, headers={"Origin": "https://notebook.example"}
        )
        assert answer.headers["access-control-allow-origin"] == "*"
        assert json.loads(answer.body) == {"head": {}, "boolean": True}
    finally:
        stop(running)


def test_a_large_answer_streams_past_the_buffer_and_is_complete(endpoint: Endpoint) -> None:
    """More than the front holds back (16 MiB) is streamed; it arrives whole."""
    query = "SELECT ?a ?b ?c ?d WHERE { ?a ?p1 ?b . ?c ?p2 ?d } LIMIT 120000"
    reply = endpoint.request(params={"query": query}, headers={"Accept": "text/csv"}, timeout=60)
    assert reply.status == 200
    assert len(reply.body) > 16 * 1024 * 1024
    assert reply.body.count(b"\r\n") == 120001  # rows end in CRLF; texts hold only LF
