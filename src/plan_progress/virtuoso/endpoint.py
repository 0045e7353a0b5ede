"""Ask a Virtuoso SPARQL endpoint a query over HTTP (SPARQL 1.1 Protocol, POST form)."""

from __future__ import annotations

import json
import urllib.parse
import urllib.request
from typing import Any

JSON_RESULTS = "application/sparql-results+json"
ASK_VARIABLE = "__ASK_RETVAL"


def ask(url: str, query: str, timeout: float = 600) -> dict[str, Any]:
    """The query's results in the SPARQL 1.1 Results JSON format."""
    body = urllib.parse.urlencode({"query": query}).encode("utf-8")
    request = urllib.request.Request(
        url,
        data=body,
        headers={
            "Accept": JSON_RESULTS,
            "Content-Type": "application/x-www-form-urlencoded",
        },
    )
    with urllib.request.urlopen(request, timeout=timeout) as response:
        document: dict[str, Any] = json.load(response)
    return _standard_ask(document)


def _standard_ask(document: dict[str, Any]) -> dict[str, Any]:
    """Virtuoso 7.2 answers ASK with a table of one variable, `__ASK_RETVAL`, holding 1 (one
    row) or nothing (no row), in JSON and XML alike; the standard form is a boolean."""
    if document.get("head", {}).get("vars") != [ASK_VARIABLE]:
        return document
    rows = document["results"]["bindings"]
    answer = bool(rows) and rows[0][ASK_VARIABLE]["value"] not in ("0", "false")
    return {"head": {}, "boolean": answer}
