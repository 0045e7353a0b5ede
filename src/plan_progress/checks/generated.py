"""Committed generated files: present, equal to a fresh build, and JSON-LD agreeing with Turtle."""

from __future__ import annotations

import filecmp
import json
from collections.abc import Callable, Mapping
from pathlib import Path

from plan_progress.core.package import GENERATED, JSONLD, NTRIPLES, TURTLE, PlanPackage
from plan_progress.core.problems import Problem
from plan_progress.rdf import jsonld_rdf as rdf


def same_bytes(path: Path, data: bytes | Path) -> bool:
    """Whether the file holds exactly `data` (bytes, or the bytes of another file), reading
    it only when its size matches (a committed file replaced by a huge one is not read into
    memory)."""
    if isinstance(data, Path):
        return path.stat().st_size == data.stat().st_size and filecmp.cmp(path, data, shallow=False)
    return path.stat().st_size == len(data) and path.read_bytes() == data


def check_generated(
    package: PlanPackage,
    fresh_files: Mapping[str, bytes | Path],
    turtle_read: Callable[[], Path | None] | None = None,
) -> list[Problem]:
    """`fresh_files`: resource name -> the bytes a build would write now (or a file of them).
    `turtle_read`: gives the committed Turtle's N-Triples when they were read ahead
    (checks/turtle_reading), else None."""
    problems = []
    dir_arg = str(package.root)
    for name in GENERATED:
        path = package.path(name)
        if not path.is_file():
            problems.append(
                Problem("generated.missing", package.relpath(name), params={"dir": dir_arg})
            )
        elif not same_bytes(path, fresh_files[name]):
            problems.append(
                Problem("generated.stale", package.relpath(name), params={"dir": dir_arg})
            )
    if not any(p.file in (package.relpath(JSONLD), package.relpath(TURTLE)) for p in problems):
        # The committed JSON-LD is the fresh one, byte for byte: its triples are the fresh
        # N-Triples, made from the same documents in this run.
        turtle_ntriples = turtle_read() if turtle_read is not None else None
        problems.extend(
            check_jsonld_matches_turtle(package, fresh_files.get(NTRIPLES), turtle_ntriples)
        )
    return problems


def check_jsonld_matches_turtle(
    package: PlanPackage,
    jsonld_ntriples: bytes | Path | None = None,
    turtle_ntriples: Path | None = None,
) -> list[Problem]:
    """pyld's reading of the committed JSON-LD is the same graph as the committed Turtle,
    decided by the streamed check (checks/agreement.py) where it can, else by the reference.
    `jsonld_ntriples`, `turtle_ntriples`: either side's N-Triples when already known (see
    there)."""
    from plan_progress.checks.agreement import jsonld_agrees_with_turtle

    if jsonld_agrees_with_turtle(package, jsonld_ntriples, turtle_ntriples):
        return []
    return check_jsonld_matches_turtle_reference(package)


def check_jsonld_matches_turtle_in_memory(package: PlanPackage) -> list[Problem]:
    """The check as it was before it was streamed (both graphs in memory), kept so that the
    tests can show the streamed one gives the same verdicts.

    pyld's reading of the committed JSON-LD is the same graph as the committed Turtle.

    Decided with pyoxigraph when neither graph has blank nodes (then isomorphic means equal
    sets of triples, and pyoxigraph's JSON-LD reading is proven equal to pyld's by the tests);
    otherwise, and to count the differences, with pyld and rdflib."""
    import pyoxigraph as ox

    from plan_progress.rdf import fast_rdf

    try:
        data = json.loads(package.path(JSONLD).read_text(encoding="utf-8"))
        documents = data if isinstance(data, list) else [data]
        fast_jsonld = fast_rdf.graph_key(fast_rdf.parse_ntriples(fast_rdf.ntriples(documents)))
        fast_turtle = fast_rdf.graph_key(
            fast_rdf.parse_file(str(package.path(TURTLE)), ox.RdfFormat.TURTLE)
        )
    except (ValueError, SyntaxError, fast_rdf.OfflineContextError):
        fast_jsonld = fast_turtle = None  # let the reference path report it
    if fast_jsonld is not None and fast_jsonld == fast_turtle:
        return []
    return check_jsonld_matches_turtle_reference(package)


def check_jsonld_matches_turtle_reference(package: PlanPackage) -> list[Problem]:
    from rdflib import Graph
    from rdflib.compare import graph_diff, to_isomorphic

    data = json.loads(package.path(JSONLD).read_text(encoding="utf-8"))
    documents = data if isinstance(data, list) else [data]
    nquads = "".join(rdf.to_nquads(document) for document in documents)
    from_jsonld = rdf.graph_from_ntriples(rdf.ntriples(nquads))
    from_turtle = Graph().parse(package.path(TURTLE), format="turtle")
    iso_a, iso_b = to_isomorphic(from_jsonld), to_isomorphic(from_turtle)
    if iso_a == iso_b:
        return []
    _, only_a, only_b = graph_diff(iso_a, iso_b)
    return [
        Problem(
            "generated.rdf-mismatch",
            package.relpath(TURTLE),
            params={"count": len(only_a) + len(only_b), "dir": str(package.root)},
        )
    ]
