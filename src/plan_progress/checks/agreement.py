"""The JSON-LD ↔ Turtle agreement check, streamed: memory bounded by one batch of documents.

The in-memory check (`generated.check_jsonld_matches_turtle_in_memory`) reads the whole
JSON-LD, its N-Triples and the Turtle's, and holds both graphs as Python sets of lines: on
the ~50,000-entry corpus that is most of `validate`'s 741 MB. Here the JSON-LD array is read
one document at a time (`json.JSONDecoder.raw_decode` over a window of the file), turned into
N-Triples a batch of documents at a time by the same converter (pyoxigraph, context inlined)
and written to a file; pyoxigraph streams the Turtle to N-Triples in another; both are put in
byte order without duplicates by `sort -u` (coreutils: bounded memory, spills to disk), and
the two files are compared. Equal files mean equal sets of triples, which for graphs without
blank nodes is isomorphism. With a blank node, or anything the fast path cannot read, the
reference check (pyld, rdflib) decides, as before: the verdicts are the same
(tests/test_agreement.py).
"""

from __future__ import annotations

import filecmp
import json
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from plan_progress.core.package import JSONLD, TURTLE, PlanPackage
from plan_progress.rdf import fast_rdf

BATCH_DOCUMENTS = 64  # plans a conversion; one plan's document is ~100 KB
_WINDOW = 1 << 20
_SORT_MEMORY = "64M"


class _NotAgreed(Exception):
    """The fast path cannot decide (unreadable input, blank nodes): the reference decides."""


def jsonld_agrees_with_turtle(
    package: PlanPackage,
    jsonld_ntriples: bytes | Path | None = None,
    turtle_ntriples: Path | None = None,
) -> bool | None:
    """True when the committed JSON-LD and Turtle are the same graph, False when they are
    not, None when only the reference check can tell (blank nodes, unreadable input).

    `jsonld_ntriples`: the N-Triples of the committed JSON-LD when they are already known —
    `validate` passes those its build made from the same documents when the committed
    JSON-LD is byte for byte the one that build wrote — so the JSON-LD is not read again.
    `turtle_ntriples`: the committed Turtle already read to N-Triples (checks/turtle_reading),
    so it is not read again either."""
    sort = shutil.which("sort")
    if sort is None:
        return None
    with tempfile.TemporaryDirectory(prefix="plan-progress-agreement-") as tmp:
        work = Path(tmp)
        from_jsonld, from_turtle = work / "from-jsonld.nt", work / "from-turtle.nt"
        try:
            if isinstance(jsonld_ntriples, Path):
                from_jsonld = jsonld_ntriples
            elif jsonld_ntriples is not None:
                from_jsonld.write_bytes(jsonld_ntriples)
            else:
                _jsonld_to_ntriples(package.path(JSONLD), from_jsonld)
            if turtle_ntriples is not None:
                from_turtle = turtle_ntriples
            else:
                ox.serialize(
                    ox.parse(path=str(package.path(TURTLE)), format=ox.RdfFormat.TURTLE),
                    output=str(from_turtle),
                    format=ox.RdfFormat.N_TRIPLES,
                )
            # Our Turtle is written from sorted N-Triples, so read back it comes out in the
            # same order: then equal bytes settle it without sorting either file. Equal
            # bytes are the same graph even with blank nodes (the same labels on both
            # sides map each node to itself); only a difference needs blank nodes excluded.
            if filecmp.cmp(from_jsonld, from_turtle, shallow=False):
                return True
            if _has_blank_node(from_turtle):
                return None
            # Files not our own are copied before they are sorted in place.
            if from_jsonld == jsonld_ntriples:
                from_jsonld = work / "from-jsonld.nt"
                shutil.copyfile(jsonld_ntriples, from_jsonld)
            if from_turtle == turtle_ntriples:
                from_turtle = work / "from-turtle.nt"
                shutil.copyfile(turtle_ntriples, from_turtle)
            for path in (from_jsonld, from_turtle):
                _sort_unique(sort, path, work)
                if _has_blank_node(path):
                    return None
        except (ValueError, SyntaxError, OSError, fast_rdf.OfflineContextError, _NotAgreed):
            return None
        return filecmp.cmp(from_jsonld, from_turtle, shallow=False)


def _jsonld_to_ntriples(source: Path, target: Path) -> None:
    with target.open("wb") as out:
        batch: list[dict[str, Any]] = []
        for document in documents(source):
            batch.append(document)
            if len(batch) == BATCH_DOCUMENTS:
                out.write(fast_rdf.ntriples(batch))
                batch = []
        if batch:
            out.write(fast_rdf.ntriples(batch))


def documents(path: Path) -> Iterator[dict[str, Any]]:
    """The objects of a JSON file that is one object or an array of objects, one at a time,
    holding one object (and a window of the file) in memory."""
    decoder = json.JSONDecoder()
    with path.open(encoding="utf-8") as f:
        buffer, position, eof = f.read(_WINDOW), 0, False

        def skip(chars: str) -> None:
            nonlocal buffer, position, eof
            while True:
                while position < len(buffer) and buffer[position] in chars:
                    position += 1
                if position < len(buffer) or eof:
                    return
                more = f.read(_WINDOW)
                eof = not more
                buffer, position = buffer[position:] + more, 0

        skip(" \t\r\n")
        if position >= len(buffer):
            raise _NotAgreed("empty")
        array = buffer[position] == "["
        if array:
            position += 1
        while True:
            skip(" \t\r\n," if array else " \t\r\n")
            if position >= len(buffer):
                if array:
                    raise _NotAgreed("unterminated array")
                return
            if array and buffer[position] == "]":
                return
            while True:
                try:
                    value, end = decoder.raw_decode(buffer, position)
                    break
                except json.JSONDecodeError:
                    if eof:
                        raise
                    more = f.read(_WINDOW)
                    eof = not more
                    buffer, position = buffer[position:] + more, 0
            if not isinstance(value, dict):
                raise _NotAgreed("not an object")
            yield value
            buffer, position = buffer[end:], 0
            if not array:
                skip(" \t\r\n")
                if position < len(buffer):
                    raise _NotAgreed("more than one value")
                return


def _sort_unique(sort: str, path: Path, work: Path) -> None:
    """Byte order (LC_ALL=C: code-point order for UTF-8), duplicates dropped, in place."""
    sorted_path = path.with_suffix(".sorted")
    subprocess.run(
        [sort, "-u", "-S", _SORT_MEMORY, "-T", str(work), "-o", str(sorted_path), str(path)],
        env={**os.environ, "LC_ALL": "C"},
        check=True,
        capture_output=True,
    )
    os.replace(sorted_path, path)


def _has_blank_node(path: Path) -> bool:
    """Whether a line names a blank node (a `_:` outside a literal: conservatively, any)."""
    with path.open("rb") as f:
        return any(b"_:" in line for line in f)
