"""The load generator of the SPARQL benchmark: concurrent keep-alive HTTP/1.1 clients (h11 on
asyncio, so that the clients cost little next to the servers they measure), and a flood of
slow clients beside one normal client."""

from __future__ import annotations

import asyncio
import statistics
import time
from contextlib import suppress
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

import h11

JSON_RESULTS = "application/sparql-results+json"


@dataclass
class Load:
    server: str
    clients: int
    requests: int
    errors: int
    seconds: float
    latencies: list[float]

    @property
    def p50(self) -> float:
        return statistics.median(self.latencies) if self.latencies else float("nan")

    @property
    def p95(self) -> float:
        if len(self.latencies) < 2:
            return self.p50
        return statistics.quantiles(self.latencies, n=20, method="inclusive")[18]

    @property
    def qps(self) -> float:
        return self.requests / self.seconds


async def _exchange(
    reader: asyncio.StreamReader, writer: asyncio.StreamWriter, conn: h11.Connection, request
) -> int:
    """One request on a keep-alive connection; the response status (body read and dropped)."""
    writer.write(conn.send(request) + conn.send(h11.EndOfMessage()))
    await writer.drain()
    status = 0
    while True:
        event = conn.next_event()
        if event is h11.NEED_DATA:
            data = await reader.read(65536)
            conn.receive_data(data)
            if not data and conn.their_state is not h11.DONE:
                raise ConnectionError("closed mid-response")
            continue
        if isinstance(event, h11.Response):
            status = event.status_code
        elif isinstance(event, h11.EndOfMessage):
            conn.start_next_cycle()
            return status
        elif isinstance(event, h11.ConnectionClosed):
            raise ConnectionError("closed")


def _request(url: str, query: str) -> h11.Request:
    parts = urlsplit(url)
    target = f"{parts.path}?{urlencode({'query': query})}"
    return h11.Request(
        method="GET",
        target=target,
        headers=[("Host", parts.netloc), ("Accept", JSON_RESULTS)],
    )


async def _client(url: str, queries: list[str], count: int, offset: int, out: Load) -> None:
    parts = urlsplit(url)
    conn: h11.Connection | None = None
    writer = None
    for n in range(count):
        query = queries[(offset + n) % len(queries)]
        started = time.perf_counter()
        try:
            if conn is None or conn.our_state is not h11.IDLE:
                if writer is not None:
                    writer.close()
                reader, writer = await asyncio.open_connection(parts.hostname, parts.port)
                conn = h11.Connection(h11.CLIENT)
            status = await _exchange(reader, writer, conn, _request(url, query))
        except (OSError, ConnectionError, h11.ProtocolError):
            out.errors += 1
            conn = None
            continue
        finally:
            out.requests += 1
        out.latencies.append(time.perf_counter() - started)
        if status != 200:
            out.errors += 1
    if writer is not None:
        writer.close()


def pooled(loads: list[Load]) -> Load:
    """Several drives of one server as one: their requests, errors, time and latencies."""
    return Load(
        loads[0].server,
        loads[0].clients,
        sum(x.requests for x in loads),
        sum(x.errors for x in loads),
        sum(x.seconds for x in loads),
        [latency for x in loads for latency in x.latencies],
    )


def drive(url: str, server: str, queries: list[str], clients: int, per_client: int) -> Load:
    """`clients` concurrent clients, each sending `per_client` queries; wall time whole."""
    out = Load(server, clients, 0, 0, 0.0, [])

    async def run() -> None:
        await asyncio.gather(*(_client(url, queries, per_client, i, out) for i in range(clients)))

    started = time.perf_counter()
    asyncio.run(run())
    out.seconds = time.perf_counter() - started
    return out


def flood(url: str, queries: list[str], connections: int = 20, requests: int = 40) -> Load:
    """Slow clients trickling a request a byte a second while one client queries normally."""
    parts = urlsplit(url)
    out = Load("", 1, 0, 0, 0.0, [])

    async def trickle(stop: asyncio.Event) -> None:
        try:
            _, writer = await asyncio.open_connection(parts.hostname, parts.port)
        except OSError:
            return
        payload = f"POST {parts.path} HTTP/1.1\r\nHost: x\r\nContent-Length: 90\r\n\r\n".encode()
        for byte in payload:
            if stop.is_set():
                break
            writer.write(bytes([byte]))
            with suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), 1.0)
        writer.close()

    async def run() -> None:
        stop = asyncio.Event()
        slow = [asyncio.create_task(trickle(stop)) for _ in range(connections)]
        await asyncio.sleep(2.0)
        await _client(url, queries, requests, 0, out)
        stop.set()
        await asyncio.gather(*slow)

    started = time.perf_counter()
    asyncio.run(run())
    out.seconds = time.perf_counter() - started
    return out
