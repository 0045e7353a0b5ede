"""The w3id redirect rules answered by a real Apache httpd (Debian's `apache2`, installed on
demand) on a free loopback port: the server's document root is laid out like w3id.org
(`plan-progress/.htaccess` from the site) beside the site itself (`site/`), both read with
`AllowOverride All`, and sample IRIs are asked for as HTML, Turtle and JSON-LD."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote

import pytest
from pyld import jsonld
from rdflib import Graph, URIRef

from conftest import PACKAGES, REPO, run_cli
from plan_progress.rdf.jsonld_rdf import local_document_loader
from system_tools import artifact_path, require_commands

MODULES = "/usr/lib/apache2/modules"
CONFIG = """
ServerRoot "{root}"
ServerName 127.0.0.1
Listen 127.0.0.1:{port}
PidFile "{run}/httpd.pid"
ErrorLog "{run}/error.log"
LogLevel warn
User nobody
Group nogroup
LoadModule mpm_event_module {modules}/mod_mpm_event.so
LoadModule authz_core_module {modules}/mod_authz_core.so
LoadModule mime_module {modules}/mod_mime.so
LoadModule dir_module {modules}/mod_dir.so
LoadModule rewrite_module {modules}/mod_rewrite.so
TypesConfig /etc/mime.types
DocumentRoot "{www}"
DirectoryIndex index.html
<Directory />
    AllowOverride None
    Require all denied
</Directory>
<Directory "{www}">
    Options FollowSymLinks
    AllowOverride All
    Require all granted
</Directory>
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        return None


def get(url: str, accept: str) -> tuple[int, dict[str, str], bytes]:
    """One request, redirects not followed (the test follows them itself)."""
    opener = urllib.request.build_opener(_NoRedirect)
    request = urllib.request.Request(url, headers={"Accept": accept})
    try:
        with opener.open(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers), err.read()


@pytest.fixture(scope="module")
def server() -> Iterator[tuple[str, Path]]:
    """Apache on 127.0.0.1:PORT serving w3id-like rules at /plan-progress/ and the site at
    /site/; yields the server's base address. Stopped (by its own pid) after the module."""
    require_commands({"apache2": "apache2"})
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    # Apache drops root for `nobody`, so the files live in a world-readable folder.
    top = Path(tempfile.mkdtemp(prefix="pp-apache-"))
    top.chmod(0o755)
    www, run = top / "www", top / "run"
    www.mkdir(mode=0o755)
    run.mkdir(mode=0o755)
    built = run_cli(
        "site",
        *(str(p) for p in PACKAGES),
        "--out",
        str(www / "site"),
        "--site-url",
        base + "site/",
    )
    assert built.returncode == 0, built.stderr
    # w3id.org keeps each project's rules in a folder named after it.
    (www / "plan-progress").mkdir(mode=0o755)
    shutil.copy(www / "site" / "w3id" / "plan-progress" / ".htaccess", www / "plan-progress")
    config = run / "httpd.conf"
    config.write_text(
        CONFIG.format(root=top, port=port, run=run, www=www, modules=MODULES), encoding="utf-8"
    )
    process = subprocess.Popen(
        ["apache2", "-f", str(config), "-DFOREGROUND"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env={**os.environ, "APACHE_RUN_DIR": str(run)},
    )
    try:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if process.poll() is not None:
                out = process.stdout.read().decode() if process.stdout else ""
                raise AssertionError(f"apache2 exited: {out}")
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                    break
            except OSError:
                time.sleep(0.1)
        else:
            raise AssertionError("apache2 did not start listening")
        yield base, www
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log = run / "error.log"
        if log.is_file():
            shutil.copy(log, artifact_path("apache", "error.log"))
        shutil.rmtree(top, ignore_errors=True)


SAMPLE = [
    "id/092169/plan/chiiki-fukushi-2",
    "id/092169/plan/chiiki-fukushi-2/initiative/g1-1",
    "id/092169/plan/chiiki-fukushi-2/report/progress-summary/entry/g3-5-shakyo",
    "id/092169/actor/shakyo",
    "id/092169/chiiki-fukushi-2",  # the dataset (its VoID description)
    "id/990019/plan/chiiki-fukushi-3/report/r6-evaluation/indicator/ind1/target",
    # a grade level whose code is ◎: the IRI is percent-encoded
    "id/990019/plan/chiiki-fukushi-3/report/r6-evaluation/grade-scale/iinkai/level/%E2%97%8E",
]
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,*/*;q=0.8"


def follow(base: str, path: str, accept: str, extension: str) -> tuple[dict[str, str], bytes]:
    status, headers, _ = get(base + "plan-progress/" + path, accept)
    assert status == 303, (path, accept, status)
    # (Apache writes percent-escapes in lower case: the same address)
    assert unquote(headers["Location"]) == unquote(f"{base}site/{path}{extension}")
    status, headers, body = get(headers["Location"], accept)
    assert status == 200, (headers, path)
    return headers, body


@pytest.mark.parametrize("path", SAMPLE)
def test_an_iri_answers_turtle_jsonld_and_html(server: tuple[str, Path], path: str) -> None:
    base, _ = server
    iri = URIRef("https://w3id.org/plan-progress/" + path)

    headers, body = follow(base, path, "text/turtle", ".ttl")
    assert headers["Content-Type"].startswith("text/turtle")
    turtle = Graph()
    turtle.parse(data=body.decode("utf-8"), format="turtle")
    assert (iri, None, None) in turtle

    headers, body = follow(base, path, "application/ld+json", ".jsonld")
    assert headers["Content-Type"].startswith("application/ld+json")
    nquads = jsonld.to_rdf(
        json.loads(body),
        {"format": "application/n-quads", "documentLoader": local_document_loader},
    )
    from_jsonld = Graph()
    from_jsonld.parse(data=nquads, format="nt")
    assert set(from_jsonld) == set(turtle)

    for accept in ("text/html", BROWSER):
        headers, body = follow(base, path, accept, ".html")
        assert headers["Content-Type"].startswith("text/html")
        assert str(iri).encode() in body


def test_the_vocabulary_context_and_schema_resolve(server: tuple[str, Path]) -> None:
    base, www = server
    status, headers, _ = get(base + "plan-progress/ns", "text/turtle")
    assert status == 303
    status, headers, body = get(headers["Location"], "text/turtle")
    assert status == 200 and body == (REPO / "vocab" / "plan-progress.ttl").read_bytes()
    status, headers, _ = get(base + "plan-progress/ns", BROWSER)
    assert status == 303 and headers["Location"] == base + "site/standard/vocabulary.html"
    # a term: the browser keeps #Initiative and lands on the term's section
    assert 'id="Initiative"' in (www / "site" / "standard" / "vocabulary.html").read_text()
    status, headers, _ = get(base + "plan-progress/context/0.1.0.jsonld", "application/ld+json")
    assert status == 302
    status, _, body = get(headers["Location"], "application/ld+json")
    assert status == 200 and body == (REPO / "vocab" / "context.jsonld").read_bytes()
    status, headers, _ = get(
        base + "plan-progress/schema/0.1.0/progress-report.schema.json", "application/json"
    )
    assert status == 302
    status, _, body = get(headers["Location"], "application/json")
    assert status == 200
    assert body == (REPO / "schema" / "progress-report.schema.json").read_bytes()
