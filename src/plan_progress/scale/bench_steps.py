"""One measured step of the benchmark, run in its own process: `python -m plan_progress.scale.bench_steps
STEP DIR [ARG]`. Prints the seconds the step itself took (loading its input excluded) as JSON;
the parent reads peak memory from the process's resource usage.

Steps pair a reference library with what the pipeline uses, on the same input:
pyld vs pyoxigraph (JSON-LD -> RDF), rdflib vs pyoxigraph (Turtle parse / serialize),
pyshacl vs the SHACL subset, rdflib SPARQL vs pyoxigraph SPARQL; plus the floors
(csv.reader, frictionless' Python API) over many packages.
"""

from __future__ import annotations

import csv
import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from plan_progress.core.package import JSONLD, NTRIPLES, SOURCE_TABLES, TURTLE, PlanPackage

STEPS: dict[str, Callable[[list[Path], str], float]] = {}


def step(
    name: str,
) -> Callable[[Callable[[list[Path], str], float]], Callable[[list[Path], str], float]]:
    def register(
        function: Callable[[list[Path], str], float],
    ) -> Callable[[list[Path], str], float]:
        STEPS[name] = function
        return function

    return register


def _timed(action: Callable[[], Any]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def _documents(directory: Path) -> list[dict[str, Any]]:
    data = json.loads(PlanPackage.open(directory).path(JSONLD).read_text("utf-8"))
    return data if isinstance(data, list) else [data]


@step("csv-reader")
def csv_reader(dirs: list[Path], _: str) -> float:
    """The floor: a plain csv.reader pass over every source table."""

    def run() -> None:
        for directory in dirs:
            package = PlanPackage.open(directory)
            for name in SOURCE_TABLES:
                with package.path(name).open(encoding="utf-8", newline="") as f:
                    for _row in csv.reader(f):
                        pass

    return _timed(run)


@step("frictionless-api")
def frictionless_api(dirs: list[Path], _: str) -> float:
    """frictionless' Python API, every package in one process (the command would pay its
    start-up once per package)."""
    from frictionless import Package

    def run() -> None:
        for directory in dirs:
            report = Package(str(directory / "datapackage.json")).validate()
            if not report.valid:
                raise SystemExit(f"frictionless found errors in {directory}")

    return _timed(run)


@step("pyld-to-rdf")
def pyld_to_rdf(dirs: list[Path], _: str) -> float:
    from plan_progress.rdf import jsonld_rdf as rdf

    documents = _documents(dirs[0])
    return _timed(lambda: rdf.ntriples("".join(rdf.to_nquads(d) for d in documents)))


@step("oxigraph-jsonld")
def oxigraph_jsonld(dirs: list[Path], _: str) -> float:
    from plan_progress.rdf import fast_rdf

    documents = _documents(dirs[0])
    return _timed(lambda: fast_rdf.ntriples(documents))


@step("rdflib-parse-turtle")
def rdflib_parse(dirs: list[Path], _: str) -> float:
    from rdflib import Graph

    path = PlanPackage.open(dirs[0]).path(TURTLE)
    return _timed(lambda: Graph().parse(path, format="turtle"))


@step("oxigraph-parse-turtle")
def oxigraph_parse(dirs: list[Path], _: str) -> float:
    import pyoxigraph as ox

    path = PlanPackage.open(dirs[0]).path(TURTLE)
    return _timed(lambda: ox.Store().bulk_load(path=str(path), format=ox.RdfFormat.TURTLE))


@step("rdflib-serialize-turtle")
def rdflib_serialize(dirs: list[Path], _: str) -> float:
    from plan_progress.rdf import jsonld_rdf as rdf

    graph = rdf.graph_from_ntriples(PlanPackage.open(dirs[0]).path(NTRIPLES).read_text("utf-8"))
    return _timed(lambda: rdf.turtle(graph))


@step("oxigraph-serialize-turtle")
def oxigraph_serialize(dirs: list[Path], _: str) -> float:
    from plan_progress.rdf import fast_rdf

    nt = PlanPackage.open(dirs[0]).path(NTRIPLES).read_bytes()
    return _timed(lambda: fast_rdf.turtle(nt))


@step("pyshacl")
def pyshacl_step(dirs: list[Path], _: str) -> float:
    from plan_progress.checks.shacl import check_shacl_reference
    from plan_progress.rdf import jsonld_rdf as rdf

    graph = rdf.graph_from_ntriples(PlanPackage.open(dirs[0]).path(NTRIPLES).read_text("utf-8"))

    def run() -> None:
        if check_shacl_reference(graph, "report.ttl"):
            raise SystemExit("pyshacl found violations")

    return _timed(run)


@step("shacl-subset")
def shacl_subset(dirs: list[Path], _: str) -> float:
    from plan_progress.checks import shacl_fast
    from plan_progress.rdf import fast_rdf

    nt = PlanPackage.open(dirs[0]).path(NTRIPLES).read_bytes()

    def run() -> None:
        if shacl_fast.validate(fast_rdf.parse_ntriples(nt)) != []:
            raise SystemExit("the SHACL subset found violations")

    return _timed(run)


@step("jsonschema-rs")
def jsonschema_rs_step(dirs: list[Path], _: str) -> float:
    """The check as the pipeline runs it: jsonschema-rs' verdict (valid data: no rewording)."""
    from plan_progress.checks.json_schema import check_json_schema

    documents = _documents(dirs[0])
    return _timed(lambda: check_json_schema(documents, "report.jsonld"))


@step("jsonschema")
def jsonschema_step(dirs: list[Path], _: str) -> float:
    """The reference alone: jsonschema over every document, as before the fast path."""
    from jsonschema import Draft202012Validator

    from plan_progress.core.standard import json_schema

    documents = _documents(dirs[0])
    validator = Draft202012Validator(
        json_schema(), format_checker=Draft202012Validator.FORMAT_CHECKER
    )

    def run() -> None:
        if any(next(validator.iter_errors(d), None) for d in documents):
            raise SystemExit("jsonschema found problems")

    return _timed(run)


@step("sparql-rdflib")
def sparql_rdflib(dirs: list[Path], query_file: str) -> float:
    from plan_progress.rdf import jsonld_rdf as rdf

    graph = rdf.graph_from_ntriples(PlanPackage.open(dirs[0]).path(NTRIPLES).read_text("utf-8"))
    query = Path(query_file).read_text("utf-8")
    # One run: rdflib needs seconds to minutes per query at this size.
    return _timed(lambda: list(graph.query(query)))


@step("sparql-oxigraph")
def sparql_oxigraph(dirs: list[Path], query_file: str) -> float:
    import pyoxigraph as ox

    store = ox.Store()
    store.bulk_load(
        path=str(PlanPackage.open(dirs[0]).path(NTRIPLES)), format=ox.RdfFormat.N_TRIPLES
    )
    query = Path(query_file).read_text("utf-8")
    return _median_of(7, lambda: list(store.query(query)))


def _median_of(runs: int, action: Callable[[], Any]) -> float:
    action()  # a first run warms caches and fails early on an invalid query
    return statistics.median(_timed(action) for _ in range(runs))


def main(argv: list[str]) -> None:
    name, dirs_file, *rest = argv
    dirs = [Path(line) for line in Path(dirs_file).read_text("utf-8").splitlines() if line]
    seconds = STEPS[name](dirs, rest[0] if rest else "")
    print(json.dumps({"step": name, "seconds": seconds}))


if __name__ == "__main__":
    main(sys.argv[1:])
