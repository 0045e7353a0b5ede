"""One SPARQL 1.1 Protocol query: run it with a time bound and answer in a negotiated format.

pyoxigraph cannot interrupt a running query, so each query runs in a forked child that
shares the loaded store copy-on-write; when the time bound passes, the child is killed.
"""

from __future__ import annotations

import multiprocessing
import signal
from dataclasses import dataclass
from multiprocessing.connection import Connection

from pyoxigraph import NamedNode, QueryResultsFormat, QueryTriples, RdfFormat, Store, serialize

from plan_progress.sparql.negotiation import choose

RESULTS_TYPES: dict[str, QueryResultsFormat] = {
    "application/sparql-results+json": QueryResultsFormat.JSON,
    "application/sparql-results+xml": QueryResultsFormat.XML,
    "text/csv": QueryResultsFormat.CSV,
    "text/tab-separated-values": QueryResultsFormat.TSV,
    "application/json": QueryResultsFormat.JSON,
}
GRAPH_TYPES: dict[str, RdfFormat] = {
    "text/turtle": RdfFormat.TURTLE,
    "application/n-triples": RdfFormat.N_TRIPLES,
    "application/rdf+xml": RdfFormat.RDF_XML,
    "application/ld+json": RdfFormat.JSON_LD,
}
# What a charset applies to: every text format here is UTF-8.
TEXT_TYPES = {"text/csv", "text/tab-separated-values", "text/turtle", "application/n-triples"}


@dataclass(frozen=True)
class Answer:
    status: int
    content_type: str
    body: bytes


def plain(status: int, message: str) -> Answer:
    return Answer(status, "text/plain; charset=utf-8", (message + "\n").encode("utf-8"))


@dataclass(frozen=True)
class QueryRequest:
    """A protocol query: its text, the client's Accept header and the RDF dataset it names
    (`default-graph-uri`, `named-graph-uri`; none means the store's default graph and all
    named graphs)."""

    query: str
    accept: str | None = None
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()


def answer(store: Store, request: QueryRequest) -> Answer:
    """Run the query in this process (used by the child, and testable on its own)."""
    try:
        default = [NamedNode(iri) for iri in request.default_graphs] or None
        named = [NamedNode(iri) for iri in request.named_graphs] or None
    except ValueError as err:
        return plain(400, f"グラフの IRI が正しくありません / invalid graph IRI: {err}")
    try:
        results = store.query(request.query, default_graph=default, named_graphs=named)
    except SyntaxError as err:
        return plain(400, f"SPARQL の構文が正しくありません / malformed query: {err}")
    except (OSError, RuntimeError, ValueError) as err:
        return plain(500, f"クエリを実行できませんでした / query failed: {err}")
    accept = request.accept
    if isinstance(results, QueryTriples):
        media = choose(accept, list(GRAPH_TYPES))
        if media is None:
            return plain(406, "受け付けられる形式がありません / offered: " + ", ".join(GRAPH_TYPES))
        body = serialize(results, format=GRAPH_TYPES[media])
    else:
        media = choose(accept, list(RESULTS_TYPES))
        if media is None:
            return plain(
                406, "受け付けられる形式がありません / offered: " + ", ".join(RESULTS_TYPES)
            )
        body = results.serialize(format=RESULTS_TYPES[media])
    content_type = f"{media}; charset=utf-8" if media in TEXT_TYPES else media
    return Answer(200, content_type, body)


def answer_within(store: Store, request: QueryRequest, seconds: float) -> Answer:
    """`answer` in a forked child; 503 when it takes longer than `seconds`."""
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(store, request, sender), daemon=True)
    child.start()
    sender.close()
    try:
        if not receiver.poll(seconds):
            child.kill()
            return plain(
                503,
                f"クエリが {seconds:g} 秒で終わりませんでした / query timed out after {seconds:g} s",
            )
        try:
            status, content_type, body = receiver.recv()
        except EOFError:
            return plain(
                500, "クエリの実行中に異常終了しました / the query process ended abnormally"
            )
        return Answer(status, content_type, body)
    finally:
        child.join()
        receiver.close()


def _child(store: Store, request: QueryRequest, sender: Connection) -> None:
    # Ctrl-C reaches the whole process group; the parent decides when to stop, and kills
    # this child if it must. The parent's handlers make no sense in a child.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    result = answer(store, request)
    sender.send((result.status, result.content_type, result.body))
    sender.close()
