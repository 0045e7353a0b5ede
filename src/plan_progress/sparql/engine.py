"""The SPARQL engine: Oxigraph's own server (`oxigraph serve-read-only`), started privately.

Only our front (`front.py`) talks to it. It listens on 127.0.0.1 on a port that web
browsers refuse to contact (the Fetch standard's "bad ports"): a web page the researcher
visits cannot reach the engine directly, even by scanning ports, so it cannot bypass the
front's refusal of SERVICE. The engine's own time limit (`--timeout-s`) cancels a query
that runs too long without holding up the others (one thread per connection).
"""

from __future__ import annotations

import contextlib
import ctypes
import math
import shutil
import signal
import socket
import subprocess
import sys
import sysconfig
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path

# Ports of the Fetch standard's port blocklist above 1023, the longest-blocked first; every
# major browser refuses to connect to them (https://fetch.spec.whatwg.org/#bad-port).
BROWSER_BLOCKED_PORTS = (
    6665, 6666, 6667, 6668, 6669, 4045, 6000, 2049,
    1719, 1720, 1723, 3659, 4190, 5060, 5061, 6566, 6679, 6697, 10080,
)  # fmt: skip
HOST = "127.0.0.1"
READY_LINE = "Listening for requests at"
START_SECONDS = 60.0


class EngineError(Exception):
    """The engine could not be found or started."""


@dataclass
class Engine:
    process: subprocess.Popen[bytes]
    port: int
    log: deque[str] = field(default_factory=lambda: deque(maxlen=20))

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def kill(self) -> None:
        """At once (a read-only store loses nothing): the work of a running query stops."""
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def program() -> str:
    """The `oxigraph` executable installed with this package (PyPI `oxigraph`)."""
    beside = Path(sysconfig.get_path("scripts")) / "oxigraph"
    candidates = [beside, Path(sys.executable).parent / "oxigraph"]
    for candidate in candidates:
        if candidate.is_file():
            return str(candidate)
    found = shutil.which("oxigraph")
    if found is None:
        raise EngineError("oxigraph not found: pip install 'oxigraph>=0.5,<0.6'")
    return found


def start(
    location: Path, timeout_seconds: float, ports: tuple[int, ...] = BROWSER_BLOCKED_PORTS
) -> Engine:
    """Start the engine on the first free port of `ports`; return when it accepts queries."""
    failures = []
    for port in ports:
        if not _port_free(port):
            continue
        engine = _launch(location, port, timeout_seconds)
        if engine is not None:
            return engine
        failures.append(f"{port}")
    tried = ", ".join(failures) or "none free"
    raise EngineError(f"the engine could not listen on any browser-blocked port ({tried})")


def _launch(location: Path, port: int, timeout_seconds: float) -> Engine | None:
    command = [
        program(),
        "serve-read-only",
        "--location",
        str(location),
        "--bind",
        f"{HOST}:{port}",
        # The engine counts whole seconds; the front enforces the exact limit.
        "--timeout-s",
        str(max(1, math.ceil(timeout_seconds))),
    ]
    process = subprocess.Popen(
        command,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        # Not in our process group: Ctrl-C stops the front first, which then stops this.
        start_new_session=True,
        preexec_fn=_die_with_parent if sys.platform == "linux" else None,
    )
    engine = Engine(process, port)
    listening, ended = threading.Event(), threading.Event()
    threading.Thread(target=_read_log, args=(engine, listening, ended), daemon=True).start()
    deadline = time.monotonic() + START_SECONDS
    while not (listening.is_set() or ended.is_set()) and time.monotonic() < deadline:
        listening.wait(0.02)
    if listening.is_set() and process.poll() is None:
        return engine
    engine.stop()
    if any("in use" in line for line in engine.log):
        return None  # taken between our check and its bind: try the next port
    raise EngineError("; ".join(engine.log) or "the engine did not start")


def _read_log(engine: Engine, listening: threading.Event, ended: threading.Event) -> None:
    """Keep reading the engine's log (it must never block on a full pipe): signal when it
    listens, pass later lines on to our stderr."""
    assert engine.process.stderr is not None
    for raw in engine.process.stderr:
        line = raw.decode("utf-8", errors="replace").rstrip()
        if line.startswith(READY_LINE):
            listening.set()
            continue  # its private address is nobody's business
        engine.log.append(line)
        if listening.is_set() and line:
            print(f"oxigraph: {line}", file=sys.stderr, flush=True)
    ended.set()


def _port_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        try:
            probe.bind((HOST, port))
        except OSError:
            return False
    return True


def _die_with_parent() -> None:
    """Linux: the engine gets SIGTERM if `serve` dies without stopping it (prctl
    PR_SET_PDEATHSIG), so a killed `serve` leaves no engine behind."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM, 0, 0, 0)
