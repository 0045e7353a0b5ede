"""The review page as its users get it: `plan-progress review` (or gunicorn with several
worker processes, as on an intranet server) started in a subprocess on a free loopback port,
stopped with SIGTERM after the test."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import requests

from conftest import REPO

BIN = Path(sys.executable).parent
# The server process of each address this module started (for its memory, `tree_memory`).
SERVER_PIDS: dict[str, int] = {}


def _environment(store: Path, extra: dict[str, str] | None) -> dict[str, str]:
    env = dict(os.environ, PP_REVIEW_STORE=str(store), PYTHONUNBUFFERED="1")
    env.update(extra or {})
    return env


@contextmanager
def review_server(store: Path, extra_env: dict[str, str] | None = None) -> Iterator[str]:
    """`plan-progress review --port 0`; yields the page's address."""
    command = [str(BIN / "plan-progress"), "review", "--port", "0"]
    process = subprocess.Popen(
        command,
        cwd=REPO,
        env=_environment(store, extra_env),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        line = process.stdout.readline() if process.stdout else ""
        match = re.search(r"(http://\S+)", line)
        assert match, f"no address: {line!r} {process.stderr.read() if process.stderr else ''}"
        SERVER_PIDS[match.group(1)] = process.pid
        yield match.group(1)
    finally:
        _stop(process)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def gunicorn_server(store: Path, workers: int = 2) -> Iterator[str]:
    """The same application in gunicorn worker processes, as the README's intranet note."""
    port = free_port()
    command = [
        str(BIN / "gunicorn"),
        "--workers",
        str(workers),
        "--bind",
        f"127.0.0.1:{port}",
        "--timeout",
        "120",
        "plan_progress.review.web.wsgi:application",
    ]
    process = subprocess.Popen(
        command,
        cwd=REPO,
        env=_environment(store, None),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if requests.get(url, timeout=5).status_code == 200:
                    break
            except requests.ConnectionError:
                pass
            assert process.poll() is None, process.stderr.read() if process.stderr else ""
            assert time.monotonic() < deadline, "gunicorn did not start"
            time.sleep(0.3)
        SERVER_PIDS[url] = process.pid
        yield url
    finally:
        _stop(process)


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            continue  # the thread ended meanwhile
    return found


def tree_memory(pid: int) -> int:
    """Memory in bytes of a process and all its descendants: the sum of their proportional
    set sizes (Linux /proc/PID/smaps_rollup), so pages a forked child shares with its parent
    count once, not once per process as resident sizes would."""
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        try:
            rollup = Path(f"/proc/{current}/smaps_rollup").read_text()
        except OSError:
            continue  # ended meanwhile
        match = re.search(r"^Pss:\s+([0-9]+) kB", rollup, re.M)
        total += int(match.group(1)) * 1024 if match else 0
        todo += _children(current)
    return total


class PeakMemory:
    """The highest `tree_memory` of a server while the block runs (sampled every 20 ms)."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.peak = self.start = tree_memory(pid)
        self._running = False
        self._thread: threading.Thread | None = None

    def __enter__(self) -> PeakMemory:
        self._running = True
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def _sample(self) -> None:
        while self._running:
            self.peak = max(self.peak, tree_memory(self.pid))
            time.sleep(0.02)

    def __exit__(self, *exc: object) -> None:
        self._running = False
        if self._thread is not None:
            self._thread.join()
        self.peak = max(self.peak, tree_memory(self.pid))

    @property
    def growth(self) -> int:
        return self.peak - self.start


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    for stream in (process.stdout, process.stderr):
        if stream:
            stream.close()


class Visitor:
    """One browser's worth of cookies, talking HTTP to the page."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.session = requests.Session()

    def token(self) -> str:
        page = self.session.get(self.base, timeout=30)
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        assert match, page.text[:500]
        return match.group(1)

    def upload(self, path: Path, name: str | None = None, lang: str = "ja") -> requests.Response:
        token = self.token()
        with path.open("rb") as data:
            return self.session.post(
                self.base + "review" + ("?lang=en" if lang == "en" else ""),
                data={"csrfmiddlewaretoken": token},
                files={"file": (name or path.name, data)},
                headers={"Referer": self.base},
                allow_redirects=False,
                timeout=120,
            )

    def result_url(self, response: requests.Response, wait: float = 120) -> str:
        """The result's address once its review is finished (the upload only queues it;
        the page says "checking" until then, and its script asks the status address)."""
        assert response.status_code == 303, (response.status_code, response.text[:800])
        url = requests.compat.urljoin(self.base, response.headers["Location"])
        self.wait_until_done(url, wait)
        return url

    def wait_until_done(self, url: str, wait: float = 120) -> None:
        status = url.split("?")[0] + "status"
        deadline = time.monotonic() + wait
        while True:
            state = self.session.get(status, timeout=30)
            if state.status_code != 200 or state.json()["done"]:
                return
            assert time.monotonic() < deadline, f"the review at {url} did not finish"
            time.sleep(0.2)
