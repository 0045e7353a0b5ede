"""The engine listens where a web page cannot reach it: a real Chromium refuses the engine's
port (a Fetch "bad port") while it reaches the front, so no page can bypass the front."""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from browser import chromium
from plan_progress.sparql.engine import BROWSER_BLOCKED_PORTS
from sparql_endpoint import Endpoint, engine_pid, start, stop


@pytest.fixture(scope="module")
def endpoint(root: Path) -> Iterator[Endpoint]:
    running = start([root])
    yield running
    stop(running)


def engine_port(endpoint: Endpoint) -> int:
    command = Path(f"/proc/{engine_pid(endpoint)}/cmdline").read_bytes().decode().split("\0")
    return int(command[command.index("--bind") + 1].rsplit(":", 1)[1])


@pytest.fixture
def site(tmp_path: Path) -> Iterator[str]:
    """An ordinary web page on another loopback port (stdlib http.server)."""
    (tmp_path / "index.html").write_text("<!doctype html><title>a page</title>", encoding="utf-8")
    handler = functools.partial(SimpleHTTPRequestHandler, directory=str(tmp_path))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/index.html"
    server.shutdown()
    server.server_close()


def test_chromium_cannot_reach_the_engine_but_reaches_the_front(
    endpoint: Endpoint, site: str
) -> None:
    port = engine_port(endpoint)
    # A second line behind the engine's private network (test_endpoint_hostile.py): even
    # where that network cannot be made, a browser refuses the engine's port.
    assert port in BROWSER_BLOCKED_PORTS
    with chromium() as browser:
        page = browser.new_page()
        page.goto(site)  # a page of another origin, as a site the researcher visits
        # What a malicious page would do: a no-cors POST of a form (no preflight needed).
        post = """async (url) => {
            try { await fetch(url, {method: "POST", mode: "no-cors",
                  body: new URLSearchParams({query: "ASK {}"})}); return "sent"; }
            catch (e) { return "refused: " + e; }
        }"""
        assert page.evaluate(post, endpoint.url) == "sent"
        outcome = page.evaluate(post, f"http://127.0.0.1:{port}/query")
        assert outcome.startswith("refused"), outcome
        with pytest.raises(Exception, match="ERR_UNSAFE_PORT"):
            page.goto(f"http://127.0.0.1:{port}/query?query=ASK%7B%7D")
