"""SPARQL over packages: the store, queries, and the endpoint.

What the commands use:
- `load_store` (in memory) and `create_store` / `open_store_info` / `open_read_only` (on disk,
  `plan-progress load`);
- `run_query` (SERVICE refused unless allowed, DESCRIBE symmetric) and `render` (`query`);
- `resource_triples`: every triple in and out of one IRI, for looking a resource up;
- `serve.run` with `listen`, `temporary_store` and `ServeOptions` (`plan-progress serve`):
  Oxigraph's server behind a thin front.
"""

from plan_progress.sparql.engine import EngineError
from plan_progress.sparql.results import (
    GRAPH_FORMATS,
    Results,
    UnsupportedFormat,
    default_format,
    display_width,
    render,
)
from plan_progress.sparql.run import ServiceRefused, resource_triples, run_query
from plan_progress.sparql.shape import QueryTooLarge
from plan_progress.sparql.store import (
    VOCAB_GRAPH,
    StoreInfo,
    create_store,
    load_store,
    open_read_only,
    open_store_info,
)

# The endpoint listens on loopback unless told otherwise (`serve --host`).
DEFAULT_HOST = "127.0.0.1"
# The endpoint's names load uvicorn and Starlette: imported when first asked for (PEP 562),
# so that `query` and `load` do not pay for them.
# (`serve` itself is the submodule: its entry point is `plan_progress.sparql.serve.run`.)
_SERVE_NAMES = ("ServeOptions", "listen", "temporary_store")


def __getattr__(name: str):
    if name in _SERVE_NAMES:
        import importlib

        return getattr(importlib.import_module("plan_progress.sparql.serve"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "DEFAULT_HOST",
    "GRAPH_FORMATS",
    "VOCAB_GRAPH",
    "EngineError",
    "QueryTooLarge",
    "Results",
    "ServeOptions",
    "ServiceRefused",
    "StoreInfo",
    "UnsupportedFormat",
    "create_store",
    "default_format",
    "display_width",
    "listen",
    "load_store",
    "open_read_only",
    "open_store_info",
    "render",
    "resource_triples",
    "run_query",
    "temporary_store",
]
