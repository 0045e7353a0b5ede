"""A loopback stand-in for a CKAN portal that answers badly (tests only).

Each fault is a path prefix: a portal URL `http://127.0.0.1:PORT/<fault>` meets exactly that
fault on one action, and plausible CKAN answers on every other action. Used by
`tests/test_publish_faults.py` and the bad-input matrix; the real CKAN stays the portal of
the publishing tests.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

TOKEN = "stand-in-token-0c9e"
GOOD = {
    "user_show": {"name": "editor"},
    "organization_show": {"id": "org-1", "name": "o"},
    "organization_list_for_user": [{"id": "org-1", "name": "o"}],
    "package_create": {"id": "pkg-1", "name": "x", "owner_org": "org-1", "resources": []},
    "license_list": [{"id": "cc-by", "url": "", "title": "Creative Commons Attribution"}],
    "status_show": {"extensions": []},
    "resource_view_list": [],
}
# Faults (path prefixes) whose portal has had its dataset created in this run.
CREATED: set[str] = set()
NOT_FOUND = {"success": False, "error": {"__type": "Not Found Error", "message": "Not found"}}


def ok(result: object) -> bytes:
    return json.dumps({"success": True, "result": result}).encode()


# fault -> (action it hits, status, content type, body, rule expected)
FAULTS: dict[str, tuple[str, int, str, bytes, str]] = {
    "html-page": (
        "user_show",
        200,
        "text/html",
        b"<html><body>Welcome</body></html>",
        "publish.not-ckan",
    ),
    "truncated-json": (
        "user_show",
        200,
        "application/json",
        b'{"success": true, "resu',
        "publish.not-ckan",
    ),
    "top-level-list": ("user_show", 200, "application/json", b"[1, 2]", "publish.not-ckan"),
    "success-without-result": (
        "user_show",
        200,
        "application/json",
        b'{"success": true}',
        "publish.bad-answer",
    ),
    "error-body-with-200": (
        "user_show",
        200,
        "application/json",
        b'{"success": false, "error": {"message": "something broke"}}',
        "publish.not-ckan",
    ),
    "not-utf8": (
        "user_show",
        200,
        "application/json",
        b'{"success": true, "result": "\xff\xfe"}',
        "publish.bad-answer",  # requests decodes with replacement: a string, not a user
    ),
    "deep-nesting": (
        "user_show",
        200,
        "application/json",
        b"[" * 100_000 + b"]" * 100_000,
        "publish.bad-answer",  # deeper than Python's JSON parser goes
    ),
    "organization-is-a-string": (
        "organization_show",
        200,
        "application/json",
        ok("org-1"),
        "publish.bad-answer",
    ),
    "organization-without-id": (
        "organization_show",
        200,
        "application/json",
        ok({"name": "o"}),
        "publish.bad-answer",
    ),
    "permissions-not-a-list": (
        "organization_list_for_user",
        200,
        "application/json",
        ok({"id": "org-1"}),
        "publish.bad-answer",
    ),
    "resources-not-a-list": (
        "package_show",
        200,
        "application/json",
        ok({"id": "pkg-1", "owner_org": "org-1", "resources": "none"}),
        "publish.bad-answer",
    ),
    "extras-without-key": (
        "package_show",
        200,
        "application/json",
        ok({"id": "pkg-1", "owner_org": "org-1", "resources": [], "extras": [{"v": 1}]}),
        "publish.bad-answer",
    ),
    "licences-not-a-list": (
        "license_list",
        200,
        "application/json",
        ok("CC-BY-4.0"),
        "publish.bad-answer",
    ),
    "licence-without-id": (
        "license_list",
        200,
        "application/json",
        ok([{"title": "CC BY 4.0"}]),
        "publish.bad-answer",
    ),
    "extensions-not-a-list": (
        "status_show",
        200,
        "application/json",
        ok({"extensions": "datastore"}),
        "publish.bad-answer",
    ),
    "created-dataset-without-id": (
        "package_create",
        200,
        "application/json",
        ok({"name": "x"}),
        "publish.bad-answer",
    ),
    "not-found-page": ("user_show", 404, "text/html", b"<h1>Not Found</h1>", "publish.not-ckan"),
    "redirect-elsewhere": ("user_show", 302, "text/html", b"", "publish.not-ckan"),
    "server-error-html": (
        "user_show",
        502,
        "text/html",
        b"<h1>Bad Gateway</h1>",
        "publish.server-error",
    ),
    "hangs": ("user_show", 0, "", b"", "publish.timeout"),
    "closes-connection": ("user_show", -1, "", b"", "publish.connection"),
}


class StandIn(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self._answer()

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)
        self._answer()

    def _answer(self) -> None:
        parts = self.path.strip("/").split("/")
        fault, action = parts[0], parts[-1].split("?")[0]
        hit, status, kind, body, _ = FAULTS[fault]
        if action == hit:
            if status == 0:
                time.sleep(3)  # longer than the command's --timeout
                return
            if status == -1:
                self.close_connection = True
                self.connection.shutdown(2)
                return
            self._send(status, kind, body)
        elif action == "package_show" and fault not in CREATED:
            self._send(404, "application/json", json.dumps(NOT_FOUND).encode())
        elif action == "package_show":
            self._send(200, "application/json", ok(GOOD["package_create"]))
        else:
            if action == "package_create":
                CREATED.add(fault)  # from now on this fault's portal has the dataset
            self._send(200, "application/json", ok(GOOD.get(action, {"id": "r-1"})))

    def _send(self, status: int, kind: str, body: bytes) -> None:
        self.send_response(status)
        if status == 302:
            self.send_header("Location", "http://127.0.0.1:9/elsewhere")
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@contextmanager
def stand_in() -> Iterator[str]:
    """The stand-in's base URL while it runs."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), StandIn)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
