"""One HTTP exchange, bounded: a time limit for the whole answer and a cap on how much of
its body is read (an attack must not make the checker itself run out of memory)."""

from __future__ import annotations

import http.client
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

READ_CAP = 64 * 1024 * 1024


@dataclass
class Answer:
    status: int  # 0: no answer (connection refused, reset, or timed out)
    seconds: float
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    truncated: bool = False  # more than the cap was sent
    error: str = ""

    def header(self, name: str) -> str:
        return self.headers.get(name.lower(), "")

    @property
    def got(self) -> str:
        if not self.status:
            return f"no answer ({self.error}) after {self.seconds:.1f} s"
        size = f">{READ_CAP // (1024 * 1024)} MiB" if self.truncated else _size(len(self.body))
        return f"{self.status}, {size} in {self.seconds:.1f} s"


def _size(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MiB" if n >= 1024 * 1024 else f"{n / 1024:.1f} KiB"


def exchange(
    url: str,
    method: str = "GET",
    path: str | None = None,
    headers: dict[str, str] | None = None,
    body: bytes | None = None,
    timeout: float = 30,
    cap: int = READ_CAP,
) -> Answer:
    """Send one request to `url` (or to `path` on its host) and read the answer."""
    parts = urlsplit(url)
    target = path if path is not None else (parts.path or "/")
    if path is None and parts.query:
        target += "?" + parts.query
    connection_class = (
        http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    )
    started = time.monotonic()
    connection = connection_class(parts.hostname or "", parts.port, timeout=timeout)
    try:
        connection.putrequest(
            method, target, skip_host="host" in {k.lower() for k in headers or {}}
        )
        for name, value in (headers or {}).items():
            connection.putheader(name, value)
        if body is not None:
            connection.putheader("Content-Length", str(len(body)))
        connection.endheaders(body)
        response = connection.getresponse()
        data = response.read(cap + 1)
        return Answer(
            response.status,
            time.monotonic() - started,
            {k.lower(): v for k, v in response.getheaders()},
            data[:cap],
            len(data) > cap,
        )
    except (OSError, http.client.HTTPException) as err:  # timeouts are OSErrors
        return Answer(0, time.monotonic() - started, error=type(err).__name__)
    finally:
        connection.close()
