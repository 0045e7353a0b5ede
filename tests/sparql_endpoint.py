"""A running `plan-progress serve` for the tests, and a small HTTP client for it (urllib),
plus a loopback listener that records any connection made to it."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import threading
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

JSON_RESULTS = "application/sparql-results+json"


@dataclass
class Reply:
    status: int
    content_type: str
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")


@dataclass
class Endpoint:
    process: subprocess.Popen[str]
    url: str

    @property
    def port(self) -> int:
        return int(urllib.parse.urlsplit(self.url).port or 0)

    def request(
        self,
        *,
        params: dict[str, str] | list[tuple[str, str]] | None = None,
        data: bytes | None = None,
        headers: dict[str, str] | None = None,
        method: str | None = None,
        path: str | None = None,
        timeout: float = 60,
    ) -> Reply:
        base = self.url if path is None else self.url.replace("/sparql", path)
        url = base + ("?" + urllib.parse.urlencode(params) if params else "")
        req = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
        try:
            with urllib.request.urlopen(req, timeout=timeout) as response:
                return Reply(
                    response.status,
                    response.headers.get("Content-Type", ""),
                    response.read(),
                    {k.lower(): v for k, v in response.headers.items()},
                )
        except urllib.error.HTTPError as err:
            return Reply(
                err.code,
                err.headers.get("Content-Type", ""),
                err.read(),
                {k.lower(): v for k, v in err.headers.items()},
            )

    def select(self, query: str, **kwargs) -> Reply:
        return self.request(params={"query": query}, headers={"Accept": JSON_RESULTS}, **kwargs)

    def form(self, query: str, accept: str = JSON_RESULTS) -> Reply:
        return self.request(
            data=urllib.parse.urlencode({"query": query}).encode(),
            headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": accept},
        )


def start(directories: list[Path], *options: str) -> Endpoint:
    """`plan-progress serve DIR... --port 0 OPTIONS`, once it has printed its endpoint."""
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
    if not first.startswith("SPARQL endpoint: http://127.0.0.1:"):
        process.kill()
        raise AssertionError(first + process.communicate(timeout=30)[1])
    return Endpoint(process, first.split(": ", 1)[1].strip())


def stop(endpoint: Endpoint, signum: int = signal.SIGTERM) -> tuple[int, str]:
    """Signal the server; its exit status and what it wrote on stderr."""
    endpoint.process.send_signal(signum)
    try:
        _, err = endpoint.process.communicate(timeout=30)
        return endpoint.process.returncode, err
    finally:
        if endpoint.process.poll() is None:
            endpoint.process.kill()
            endpoint.process.wait()


class Listener:
    """A loopback TCP listener that accepts and records every connection made to it: a
    query that must not reach another host points at it, and it must stay untouched."""

    def __init__(self) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.connections: list[bytes] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/sparql"

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            with conn:
                conn.settimeout(1)
                try:
                    self.connections.append(conn.recv(4096) or b"(connected)")
                except OSError:
                    self.connections.append(b"(connected)")

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        self.sock.close()


def engine_pid(endpoint: Endpoint) -> int:
    """The engine: the serve process's one child (Linux /proc). A replaced engine is started
    from a worker thread, so the children of every thread are read."""
    pid = endpoint.process.pid
    children = [
        child
        for task in Path(f"/proc/{pid}/task").iterdir()
        for child in (task / "children").read_text().split()
    ]
    (child,) = children
    return int(child)
