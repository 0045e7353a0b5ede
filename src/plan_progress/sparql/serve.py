"""A read-only SPARQL 1.1 Protocol endpoint on the loopback interface.

GET /sparql?query=..., POST /sparql with an HTML form (query=...) or with the query as an
`application/sparql-query` body. Updates are refused (403): the endpoint only reads.
GET /.well-known/void describes the loaded datasets (VoID), naming this endpoint.
Requests are served one at a time; each query is bounded in time (see sparql_protocol).
"""

from __future__ import annotations

import signal
import sys
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from types import FrameType
from urllib.parse import parse_qs, urlsplit

from pyoxigraph import Store
from rdflib import Graph

from plan_progress.rdf import jsonld_rdf as rdf
from plan_progress.rdf.void import with_endpoint
from plan_progress.sparql.protocol import Answer, QueryRequest, answer_within, plain

HOST = "127.0.0.1"
ENDPOINT_PATH = "/sparql"
VOID_PATH = "/.well-known/void"  # the well-known address VoID defines for a description
MAX_BODY = 1_000_000  # bytes: a query, not a data upload


class SparqlServer(HTTPServer):
    def __init__(
        self, store: Store, descriptions: Graph, port: int, timeout_seconds: float
    ) -> None:
        super().__init__((HOST, port), SparqlHandler)
        self.store = store
        self.timeout_seconds = timeout_seconds
        self.void_turtle = rdf.turtle(with_endpoint(descriptions, self.endpoint_url)).encode()

    @property
    def endpoint_url(self) -> str:
        return f"http://{HOST}:{self.server_address[1]}{ENDPOINT_PATH}"


class SparqlHandler(BaseHTTPRequestHandler):
    server: SparqlServer
    server_version = "plan-progress-sparql"

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        if url.path == VOID_PATH:
            self._send(Answer(200, "text/turtle; charset=utf-8", self.server.void_turtle))
            return
        if url.path != ENDPOINT_PATH:
            self._send(
                plain(
                    404,
                    f"SPARQL エンドポイントは {ENDPOINT_PATH} です / the endpoint is {ENDPOINT_PATH}",
                )
            )
            return
        self._dispatch(parse_qs(url.query, keep_blank_values=True))

    def do_POST(self) -> None:
        if urlsplit(self.path).path != ENDPOINT_PATH:
            self._send(
                plain(
                    404,
                    f"SPARQL エンドポイントは {ENDPOINT_PATH} です / the endpoint is {ENDPOINT_PATH}",
                )
            )
            return
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY:
            self._send(plain(413, "リクエストが大きすぎます / request too large"))
            return
        body = self.rfile.read(length).decode("utf-8", errors="replace")
        media = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if media == "application/sparql-update":
            self._send(
                plain(
                    403, "読み取り専用です：更新は受け付けません / read-only: updates are refused"
                )
            )
        elif media == "application/sparql-query":
            # The dataset parameters of a direct POST travel in the URL (SPARQL 1.1 Protocol 2.1.3).
            params = parse_qs(urlsplit(self.path).query, keep_blank_values=True)
            self._dispatch({**params, "query": [body]})
        elif media == "application/x-www-form-urlencoded":
            self._dispatch(parse_qs(body, keep_blank_values=True))
        else:
            self._send(
                plain(
                    415,
                    "Content-Type は application/sparql-query か application/x-www-form-urlencoded / unsupported Content-Type",
                )
            )

    def _dispatch(self, params: dict[str, list[str]]) -> None:
        if "update" in params:
            self._send(
                plain(
                    403, "読み取り専用です：更新は受け付けません / read-only: updates are refused"
                )
            )
            return
        queries = params.get("query", [])
        if len(queries) != 1:
            self._send(
                plain(
                    400, "query パラメータを一つ指定してください / give exactly one query parameter"
                )
            )
            return
        request = QueryRequest(
            queries[0],
            self.headers.get("Accept"),
            tuple(params.get("default-graph-uri", [])),
            tuple(params.get("named-graph-uri", [])),
        )
        self._send(answer_within(self.server.store, request, self.server.timeout_seconds))

    def _send(self, result: Answer) -> None:
        self.send_response(result.status)
        self.send_header("Content-Type", result.content_type)
        self.send_header("Content-Length", str(len(result.body)))
        self.send_header("Vary", "Accept")
        self.end_headers()
        self.wfile.write(result.body)

    def log_message(self, format: str, *args: object) -> None:
        # Access log on stderr, as the stdlib does, but one line per request without the date.
        print(f"{self.address_string()} {format % args}", file=sys.stderr)


def serve(server: SparqlServer) -> None:
    """Serve until SIGINT or SIGTERM, then close the socket.

    The signal handler only asks for a shutdown (from a helper thread: `shutdown` waits for
    the serving loop, which runs in this thread), so a request in progress is answered
    before the loop ends, rather than being cut off by an exception in mid-write.
    """

    def request_stop(signum: int, frame: FrameType | None) -> None:
        threading.Thread(target=server.shutdown, daemon=True).start()

    previous = {s: signal.signal(s, request_stop) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        server.serve_forever()
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        server.server_close()
