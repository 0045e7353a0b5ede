"""A private Virtuoso for the tests: Debian's binaries installed on demand, one server per
use in a temporary directory on loopback ports, stopped and removed after. Results of both
engines as comparable rows."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pyoxigraph

from plan_progress.virtuoso.instance import Instance, start
from system_tools import require_commands

# Debian's Virtuoso 7.2 server and SQL client. The -bin package alone: the metapackage
# (virtuoso-opensource) adds a system service and a debconf question for its password,
# neither of which a test wants; the binaries are the same.
VIRTUOSO = {"virtuoso-t": "virtuoso-opensource-7-bin", "isql-vt": "virtuoso-opensource-7-bin"}
XSD = "http://www.w3.org/2001/XMLSchema#"
INTEGERS = {XSD + t for t in ("integer", "int", "long", "short", "nonNegativeInteger")}
FLOATS = {XSD + t for t in ("double", "decimal", "float")}

Row = tuple[Any, ...]


@contextmanager
def virtuoso() -> Iterator[Instance]:
    require_commands(VIRTUOSO)
    directory = Path(tempfile.mkdtemp(prefix="pp-virtuoso-"))
    try:
        instance = start(directory)
        try:
            yield instance
        finally:
            instance.stop()
    finally:
        shutil.rmtree(directory, ignore_errors=True)


def _value(kind: str, value: str, datatype: str | None) -> Any:
    """Numbers compared as numbers (Virtuoso writes 12.0 where Oxigraph writes 1.2E1)."""
    if kind in ("literal", "typed-literal") and datatype in INTEGERS:
        return int(value)
    if kind in ("literal", "typed-literal") and datatype in FLOATS:
        return round(float(value), 9)
    return value


def _sorted(rows: list[Row]) -> list[Row]:
    """Order normalised: engines may order ties, and strings, differently."""
    return sorted(rows, key=lambda row: [(v is not None, str(type(v)), v) for v in row])


def json_rows(document: dict[str, Any]) -> list[Row] | bool:
    if "boolean" in document:
        return bool(document["boolean"])
    names = document["head"]["vars"]
    rows = [
        tuple(
            None
            if (term := binding.get(name)) is None
            else _value(term["type"], term["value"], term.get("datatype"))
            for name in names
        )
        for binding in document["results"]["bindings"]
    ]
    return _sorted(rows)


def oxigraph_rows(results: Any) -> list[Row] | bool:
    if isinstance(results, pyoxigraph.QueryBoolean):
        return bool(results)
    names = [v.value for v in results.variables]
    rows = []
    for solution in results:
        row = []
        for name in names:
            term = solution[name]
            if term is None:
                row.append(None)
            elif isinstance(term, pyoxigraph.Literal):
                row.append(_value("literal", term.value, term.datatype.value))
            else:
                row.append(term.value)
        rows.append(tuple(row))
    return _sorted(rows)
