"""Run the endpoint: the engine on a store, the front before it, until SIGINT or SIGTERM.

`serve DIR...` loads the packages into a temporary on-disk store (removed at the end);
`serve --store STORE` serves a store made by `plan-progress load`, as it is.
"""

from __future__ import annotations

import shutil
import signal
import socket
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import FrameType

import uvicorn

from plan_progress.sparql import DEFAULT_HOST
from plan_progress.sparql.description import service_description, with_endpoint
from plan_progress.sparql.front import ENDPOINT_PATH, FrontConfig, create_app
from plan_progress.sparql.isolation import isolate_network
from plan_progress.sparql.store import StoreInfo, create_store
from plan_progress.sparql.supervisor import EngineSupervisor


class _Server(uvicorn.Server):
    """uvicorn, except that SIGINT/SIGTERM mean "stop serving" and nothing more: uvicorn
    would raise the signal again after its graceful shutdown, ending `serve` with an
    interrupt instead of letting it stop its engine and exit 0."""

    def handle_exit(self, sig: int, frame: FrameType | None) -> None:
        if self.should_exit and sig == signal.SIGINT:
            self.force_exit = True  # a second Ctrl-C: stop waiting for open requests
        else:
            self.should_exit = True


@dataclass(frozen=True)
class ServeOptions:
    host: str = DEFAULT_HOST
    port: int = 7878
    timeout_seconds: float = 30.0
    allow_service: bool = False
    cors: bool = False
    access_log: bool = False
    describe_limit: int = 10_000


def temporary_store(directories: Sequence[str | Path]) -> tuple[StoreInfo, Path]:
    """A store of the packages in a new temporary directory (the caller removes it)."""
    workdir = Path(tempfile.mkdtemp(prefix="plan-progress-serve-"))
    try:
        return create_store(workdir / "store", directories), workdir
    except BaseException:
        shutil.rmtree(workdir, ignore_errors=True)
        raise


def listen(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
        sock.listen(2048)
    except OSError:
        sock.close()
        raise
    return sock


def endpoint_url(sock: socket.socket) -> str:
    host, port = sock.getsockname()[:2]
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}{ENDPOINT_PATH}"


def run(
    info: StoreInfo,
    sock: socket.socket,
    options: ServeOptions,
    announce: Callable[[str], None],
) -> None:
    """Serve until SIGINT/SIGTERM (uvicorn answers the requests in progress first)."""
    # With federation allowed the engine needs the machine's network; otherwise it gets a
    # network of its own that only the front can reach (the listening socket is open).
    if not options.allow_service and (why := isolate_network()) is not None:
        print(
            f"注意：エンジンを専用のネットワークに置けませんでした（{why}）。"
            f"/ Note: the engine could not be given a private network ({why}).",
            file=sys.stderr,
        )
    engine = EngineSupervisor(info.engine_location, options.timeout_seconds)
    try:
        url = endpoint_url(sock)
        void_turtle = info.descriptions_path.read_bytes()
        config = FrontConfig(
            engine=engine,
            endpoint_url=url,
            timeout_seconds=options.timeout_seconds,
            allow_service=options.allow_service,
            cors=options.cors,
            max_describe_resources=options.describe_limit,
            void_turtle=with_endpoint(void_turtle, url),
            service_description=service_description(
                url,
                void_turtle,
                info.default_graph_triples,
                info.vocabulary_triples,
                allow_service=options.allow_service,
            ),
        )
        server = _Server(
            uvicorn.Config(
                create_app(config),
                log_level="warning",
                access_log=options.access_log,
                timeout_keep_alive=5,
                timeout_graceful_shutdown=max(5, int(options.timeout_seconds) + 1),
                server_header=False,
            )
        )
        announce(url)
        server.run(sockets=[sock])
    finally:
        engine.stop()
        sys.stderr.flush()
