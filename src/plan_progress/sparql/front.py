"""The thin front of the endpoint: what Oxigraph's server lacks, and nothing else.

An ASGI app (Starlette, served by uvicorn; forward.py talks to the engine). It adds:
- refusal of SERVICE before a query reaches the engine (unless allowed), with a rule id;
- a wall-clock time limit on every query, answered 503 (the engine's own limit cancels
  the work, but it has already sent "200 OK" and stops only in mid-answer);
- answers held until complete (up to `buffer_bytes`), so a query that fails or times out
  gets an error status instead of a truncated "200 OK";
- strict reading of requests: bounded bodies, UTF-8 only, exactly one query, no updates;
- symmetric DESCRIBE (describe.py), the Service Description and the VoID document;
- CORS only when asked for; without it, a query from a page of another site is refused,
  so no page the researcher opens can make the local endpoint work (an `<img src>` needs no
  preflight);
- a nesting limit checked by a plain scan (shape.py) before any parser sees the query;
- a supervised engine (supervisor.py): replaced when it dies, and when a query it runs has
  passed the time limit, so the limit stops the work and not only the answer.
Everything else (parsing, evaluating, content negotiation, serializing) is the engine's.
An asyncio server cannot be held up by idle or slow clients: each waits on its own.
"""

from __future__ import annotations

import asyncio
import json
import math
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

from pyoxigraph import NamedNode
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse
from starlette.routing import Route

from plan_progress.core.messages import RULES
from plan_progress.sparql.describe import as_select, description_query
from plan_progress.sparql.federation import mentions_service, service_use
from plan_progress.sparql.forward import EnginePool, EngineResponse, EngineUnavailable
from plan_progress.sparql.shape import MAX_DEPTH, MAX_TOKENS, QueryTooLarge, check_shape
from plan_progress.sparql.supervisor import EngineSupervisor

ENDPOINT_PATH = "/sparql"
VOID_PATH = "/.well-known/void"  # the well-known address VoID defines for a description
ALLOW = "GET, HEAD, POST, OPTIONS"
JSON_RESULTS = "application/sparql-results+json"
FORM = "application/x-www-form-urlencoded"
QUERY_BODY = "application/sparql-query"
UPDATE_BODY = "application/sparql-update"
TURTLE = "text/turtle; charset=utf-8"


@dataclass(frozen=True)
class FrontConfig:
    engine: EngineSupervisor
    endpoint_url: str
    timeout_seconds: float
    allow_service: bool
    cors: bool
    void_turtle: bytes
    service_description: bytes
    max_body_bytes: int = 1_000_000  # a query, not a data upload
    body_seconds: float = 10.0  # to receive a request body
    buffer_bytes: int = 16 * 1024 * 1024  # answers held back until complete, up to this size
    max_depth: int = MAX_DEPTH
    max_tokens: int = MAX_TOKENS
    # rdflib (the SERVICE check) recurses ~20 frames a level and parses ~1 ms per 50 bytes
    # of groups: past these, a query that mentions SERVICE is refused unparsed.
    service_check_depth: int = 24
    service_check_bytes: int = 16 * 1024
    # DESCRIBE asks the engine for its resources first; more than this is refused.
    max_describe_resources: int = 10_000


class Refusal(Exception):
    """A request answered with an error status and a rule id."""

    def __init__(self, status: int, rule: str, **params: Any) -> None:
        super().__init__(rule)
        self.status, self.rule, self.params = status, rule, params


def error_response(status: int, rule: str, **params: Any) -> Response:
    """The rule id and its message in Japanese then English, as plain text."""
    spec = RULES[rule]
    lines = []
    for lang in ("ja", "en"):
        text = spec.text(lang).format(**params)
        lines.append(f"[{rule}] {text} {spec.fix(lang)}".rstrip())
    return Response("\n".join(lines) + "\n", status, media_type="text/plain; charset=utf-8")


def create_app(config: FrontConfig) -> Starlette:
    engine_address = urlsplit(config.engine.url)
    # The engine drops connections idle as long as its time limit (whole seconds, >= 1).
    pool = EnginePool(
        engine_address.hostname or "127.0.0.1",
        engine_address.port or 80,
        idle_seconds=max(1, math.ceil(config.timeout_seconds)) / 2,
    )

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        try:
            yield
        finally:
            pool.close()

    async def endpoint(request: Request) -> Response:
        if request.method == "OPTIONS":
            return Response(status_code=204, headers={"Allow": ALLOW})
        engine: _Engine | None = None
        try:
            if not config.cors:
                _refuse_cross_site(request)
            params = await _parameters(request, config)
            if not params and request.method in ("GET", "HEAD"):
                return Response(config.service_description, media_type=TURTLE)
            query, default_graphs, named_graphs = _query_of(params)
            try:
                shape = check_shape(query, config.max_depth, config.max_tokens)
            except QueryTooLarge as large:
                raise Refusal(400, large.rule, **large.params) from large
            if not config.allow_service:
                await _refuse_service(query, shape.depth, config)
            generation = await config.engine.ensure(pool)
            engine = _Engine(pool, config, default_graphs, named_graphs, generation)
            accept = request.headers.get("accept")
            select = as_select(query)
            if select is None:
                return await engine.answer(query, accept)
            return await engine.describe(select, accept)
        except Refusal as refusal:
            if engine is not None and refusal.rule in ("query.timeout", "serve.engine"):
                # The child may still be computing the query (or be dead): replace it
                # before answering, so the limit stops the work.
                await config.engine.replace(pool, engine.generation)
            return error_response(refusal.status, refusal.rule, **refusal.params)

    async def void(request: Request) -> Response:
        return Response(config.void_turtle, media_type=TURTLE)

    async def not_found(request: Request, exc: Exception) -> Response:
        return error_response(404, "serve.not-found", endpoint=config.endpoint_url)

    middleware = []
    if config.cors:
        middleware.append(
            Middleware(
                CORSMiddleware,
                allow_origins=["*"],
                allow_methods=["GET", "HEAD", "POST", "OPTIONS"],
                allow_headers=["Accept", "Content-Type"],
            )
        )
    return Starlette(
        routes=[
            Route(ENDPOINT_PATH, endpoint, methods=["GET", "POST", "OPTIONS"]),
            Route(VOID_PATH, void, methods=["GET"]),
        ],
        middleware=middleware,
        exception_handlers={404: not_found},
        lifespan=lifespan,
    )


def _refuse_cross_site(request: Request) -> None:
    """A browser says where a request comes from (Sec-Fetch-Site, Origin); clients that are
    not browsers (curl, SPARQL libraries) send neither and are served as before."""
    site = request.headers.get("sec-fetch-site", "").lower()
    origin = request.headers.get("origin")
    own = f"{request.url.scheme}://{request.headers.get('host', '')}"
    if site in ("cross-site", "same-site") or (origin is not None and origin != own):
        raise Refusal(403, "serve.cross-site", origin=origin or site)


async def _refuse_service(query: str, depth: int, config: FrontConfig) -> None:
    if not mentions_service(query):
        return
    if depth > config.service_check_depth or len(query) > config.service_check_bytes:
        raise Refusal(
            400,
            "query.service-unchecked",
            detail=f"too large or too deep to check ({len(query)} characters, {depth} levels)",
        )
    try:
        # Parsing takes milliseconds of CPU: off the event loop, so other clients go on;
        # within the query's time limit like everything else.
        async with asyncio.timeout(config.timeout_seconds):
            use = await asyncio.to_thread(service_use, query)
    except TimeoutError as err:
        raise Refusal(400, "query.service-unchecked", detail="checking took too long") from err
    if use is not None:
        if use.reason == "service":
            raise Refusal(400, "query.service")
        raise Refusal(400, "query.service-unchecked", detail=use.detail)


async def _parameters(request: Request, config: FrontConfig) -> dict[str, list[str]]:
    """The protocol parameters, from the URL and (for a form) the body, strictly UTF-8."""
    params = _parse_form(request.scope.get("query_string", b""))
    if request.method != "POST":
        return params
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media == UPDATE_BODY:
        raise Refusal(403, "serve.read-only")
    if media not in (FORM, QUERY_BODY):
        raise Refusal(415, "serve.media-type", media=media or "(none)")
    body = await _body(request, config)
    if media == FORM:
        for name, values in _parse_form(body).items():
            params.setdefault(name, []).extend(values)
        return params
    # A direct POST: the query is the body; dataset parameters travel in the URL.
    if "query" in params:
        raise Refusal(400, "serve.parameters", detail="query in both URL and body")
    params["query"] = [_utf8(body)]
    return params


def _parse_form(raw: bytes) -> dict[str, list[str]]:
    try:
        return parse_qs(_utf8(raw), keep_blank_values=True, errors="strict")
    except UnicodeDecodeError as err:
        raise Refusal(400, "serve.encoding", detail=str(err)) from err
    except ValueError as err:
        raise Refusal(400, "serve.bad-request", detail=str(err)) from err


def _utf8(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as err:
        raise Refusal(400, "serve.encoding", detail=str(err)) from err


async def _body(request: Request, config: FrontConfig) -> bytes:
    declared = request.headers.get("content-length")
    # The HTTP parser has already refused a Content-Length that is not a number.
    if declared is not None and int(declared) > config.max_body_bytes:
        raise Refusal(413, "serve.body-too-large", limit=config.max_body_bytes)
    body = bytearray()
    try:
        async with asyncio.timeout(config.body_seconds):
            async for chunk in request.stream():
                body += chunk
                if len(body) > config.max_body_bytes:
                    raise Refusal(413, "serve.body-too-large", limit=config.max_body_bytes)
    except TimeoutError as err:
        raise Refusal(408, "serve.slow-request", seconds=f"{config.body_seconds:g}") from err
    return bytes(body)


def _query_of(params: dict[str, list[str]]) -> tuple[str, list[str], list[str]]:
    if "update" in params:
        raise Refusal(403, "serve.read-only")
    queries = params.get("query", [])
    if len(queries) != 1:
        raise Refusal(400, "serve.parameters", detail=f"{len(queries)} given")
    default_graphs = params.get("default-graph-uri", [])
    named_graphs = params.get("named-graph-uri", [])
    for iri in (*default_graphs, *named_graphs):
        try:
            NamedNode(iri)
        except ValueError as err:
            raise Refusal(400, "serve.bad-request", detail=f"graph IRI {iri!r}: {err}") from err
    return queries[0], default_graphs, named_graphs


class _Engine:
    """One client request's conversation with the engine, under one deadline."""

    def __init__(
        self,
        pool: EnginePool,
        config: FrontConfig,
        default_graphs: list[str],
        named_graphs: list[str],
        generation: int,
    ) -> None:
        self.pool, self.config, self.generation = pool, config, generation
        graphs = [("default-graph-uri", g) for g in default_graphs]
        graphs += [("named-graph-uri", g) for g in named_graphs]
        self.target = "/query" + ("?" + urlencode(graphs) if graphs else "")
        self.deadline = asyncio.get_running_loop().time() + config.timeout_seconds

    async def answer(self, query: str, accept: str | None) -> Response:
        response = await self._send(query, accept)
        stream = response.chunks()
        try:
            head = await self._read(response, stream, self.config.buffer_bytes)
        except BaseException:
            await response.aclose()
            raise
        if response.status != 200:
            await response.aclose()
            raise self._refusal(response.status, head.decode("utf-8", errors="replace"))
        headers = {"Vary": "Accept"}
        media_type = response.headers.get("content-type")
        if response.complete:
            await response.aclose()
            return Response(bytes(head), media_type=media_type, headers=headers)
        # Too big to hold back: stream the rest, still within the deadline. Past it, the
        # connection is cut, so a client cannot take a truncated answer for a whole one.
        return StreamingResponse(
            self._rest(response, stream, head), media_type=media_type, headers=headers
        )

    async def describe(self, select: str, accept: str | None) -> Response:
        response = await self._send(select, JSON_RESULTS)
        try:
            body = await self._read(response, response.chunks(), self.config.buffer_bytes)
            complete = response.complete
        finally:
            await response.aclose()
        if response.status != 200:
            raise self._refusal(response.status, body.decode("utf-8", errors="replace"))
        limit = self.config.max_describe_resources
        if not complete:
            raise Refusal(413, "query.describe-too-large", count=limit, limit=limit)
        iris = sorted(
            {
                term["value"]
                for binding in json.loads(body)["results"]["bindings"]
                for term in binding.values()
                if term["type"] == "uri"
            }
        )
        if len(iris) > limit:
            raise Refusal(413, "query.describe-too-large", count=len(iris), limit=limit)
        return await self.answer(description_query(iris), accept)

    async def _send(self, query: str, accept: str | None) -> EngineResponse:
        # Always a direct POST of exactly the text that was checked: the engine never parses
        # a form of its own, so it cannot read the request differently from us.
        headers = [
            ("Content-Type", QUERY_BODY),
            ("Accept", accept or JSON_RESULTS + ", text/turtle;q=0.9"),
        ]
        try:
            async with asyncio.timeout_at(self.deadline):
                return await self.pool.request("POST", self.target, headers, query.encode("utf-8"))
        except TimeoutError as err:
            raise self._timeout() from err
        except EngineUnavailable as err:
            raise Refusal(502, "serve.engine", detail=str(err)) from err

    async def _read(
        self, response: EngineResponse, stream: AsyncIterator[bytes], cap: int | None
    ) -> bytearray:
        """The answer, complete (the response is then closed) or its first `cap` bytes."""
        body = bytearray()
        try:
            async with asyncio.timeout_at(self.deadline):
                async for chunk in stream:
                    body += chunk
                    if cap is not None and len(body) > cap:
                        return body
        except TimeoutError as err:
            raise self._timeout() from err
        except (OSError, EngineUnavailable) as err:
            raise Refusal(502, "serve.engine", detail=str(err) or type(err).__name__) from err
        return body

    async def _rest(
        self, response: EngineResponse, stream: AsyncIterator[bytes], head: bytearray
    ) -> AsyncIterator[bytes]:
        try:
            yield bytes(head)
            async with asyncio.timeout_at(self.deadline):
                async for chunk in stream:
                    yield chunk
        finally:
            await response.aclose()

    def _timeout(self) -> Refusal:
        return Refusal(503, "query.timeout", seconds=f"{self.config.timeout_seconds:g}")

    @staticmethod
    def _refusal(status: int, detail: str) -> Refusal:
        detail = " ".join(detail.split())  # one line, as every message
        if status == 400:
            return Refusal(400, "query.syntax", detail=detail)
        if status == 406:
            return Refusal(406, "serve.not-acceptable", detail=detail)
        return Refusal(500 if status >= 500 else status, "query.failed", detail=detail)
