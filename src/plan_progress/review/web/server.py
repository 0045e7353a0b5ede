"""`plan-progress review` runs the page in waitress: a pure-Python WSGI server (Windows too,
where most municipal staff work) with a pool of threads, so several visitors are served at
once, and a request body limit it enforces before the application reads a byte."""

from __future__ import annotations

import os
import shutil
import signal
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from types import FrameType

from plan_progress.review.limits import MIB
from plan_progress.review.web.middleware import FORM_OVERHEAD

SETTINGS = "plan_progress.review.web.settings"


def address(host: str, port: int) -> str:
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/"


def serve(host: str, port: int, threads: int, on_ready: Callable[[str], None]) -> None:
    """Serve until SIGINT or SIGTERM. Reviews are kept in PP_REVIEW_STORE, or else in a new
    private folder that is deleted when the server stops."""
    own_store = None
    if not os.environ.get("PP_REVIEW_STORE"):
        own_store = Path(tempfile.mkdtemp(prefix="plan-progress-review-"))
        os.environ["PP_REVIEW_STORE"] = str(own_store)
    try:
        _serve(host, port, threads, on_ready)
    finally:
        # Also when listening fails (an address not of this machine, a port in use): the
        # folder was made before, and nobody else will ever delete it (issue 24, class 15).
        if own_store is not None:
            shutil.rmtree(own_store, ignore_errors=True)


def _serve(host: str, port: int, threads: int, on_ready: Callable[[str], None]) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", SETTINGS)
    from waitress.server import create_server

    from plan_progress.review.web.wsgi import application

    # Twice the application's limit: the application answers a moderately large upload with
    # its own page (in the visitor's language); waitress stops anything far larger unread.
    limit = 2 * int(os.environ.get("PP_REVIEW_MAX_UPLOAD", 20 * MIB)) + FORM_OVERHEAD
    server = create_server(
        application,
        host=host,
        port=port,
        threads=threads,
        max_request_body_size=limit,
        ident="plan-progress-review",
        channel_timeout=120,
    )
    previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        on_ready(address(host, server.effective_port))
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
        server.close()
        sys.stderr.flush()


def _interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt
