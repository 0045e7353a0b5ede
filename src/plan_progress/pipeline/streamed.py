"""A package of many plans, generated and checked in batches of plans into staged files.

Made all at once, the ~50,000-entry merged corpus held every output in memory together (the
documents, 150 MB of N-Triples and their sorted lines, the Turtle, the JSON text): 1.3 GB
for the process tree once the forked workers had copied the pages they read. Here the plans
are taken in the order of their base IRIs and cut into batches of a few hundred rows (on
both cores when it pays, each batch's rows pickled to its worker): a batch's documents are
built, checked against the JSON Schema and written out as JSON items, flat-table rows,
sorted N-Triples and their Turtle, with the SHACL subset's verdict on its own triples; then
they are dropped. Batches whose subjects do not overlap (plans with their own base IRIs) are
joined file after file, and their clean verdicts make the whole graph's; otherwise the lines
are merged and the whole graph is checked and serialized from the merged file. The VoID
description and the flat table's own check read the joined files. Memory is bounded by the
source rows and one batch per worker, not by the outputs.

The bytes are those of the in-memory path (`generate.generate`), and the problems those it
reports: tests/test_streamed.py compares the two, whichever way the batches are cut.
"""

from __future__ import annotations

import heapq
import shutil
from collections.abc import Iterator, Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from functools import partial
from itertools import chain, pairwise
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from plan_progress.checks import flat_implied, shacl_fast
from plan_progress.checks.json_schema import check_json_schema
from plan_progress.checks.locate import Locator
from plan_progress.checks.shacl import check_shacl_reference
from plan_progress.checks.tables import check_flat_table
from plan_progress.core.package import (
    FLAT_TABLE,
    JSONLD,
    NTRIPLES,
    TURTLE,
    VOID_DESCRIPTION,
    PlanPackage,
)
from plan_progress.core.parallel import jobs, run_all, run_each
from plan_progress.core.problems import Problem
from plan_progress.model import flat_table
from plan_progress.model.profiles import Profile
from plan_progress.model.tables import Tables
from plan_progress.pipeline.generate import json_bytes, plan_document
from plan_progress.rdf import fast_rdf, void
from plan_progress.rdf import jsonld_rdf as rdf

# A batch is at most this many rows of entries, grades and indicator values (a few MB of
# documents and N-Triples), and there are at least four batches a worker so that both
# finish at about the same time. Measured on the ~50,000-entry corpus: 3,000 rows a batch
# peak at ~415 MB for the process tree, 800 at ~346 MB, 400 at ~334 MB, in the same time.
BATCH_ROWS = 500
BATCHES_PER_WORKER = 4
FILE_NAMES = {
    JSONLD: "report.jsonld",
    NTRIPLES: "report.nt",
    TURTLE: "report.ttl",
    FLAT_TABLE: "progress-flat.csv",
    VOID_DESCRIPTION: "void.ttl",
}


@dataclass(frozen=True)
class Job:
    """What every batch is made from (inherited by forked workers, never pickled)."""

    package: PlanPackage
    parts: list[Tables]
    profiles: Sequence[Profile]
    locator: Locator
    stage: Path
    # The flat table's `required` columns left to check on the rows (flat_implied), or None
    # when its schema is not proved by the sources' and frictionless reads it.
    residual: tuple[str, ...] | None = None

    @property
    def prefixes(self) -> dict[str, str]:
        return {p.prefix: p.namespace for p in self.profiles}


Span = tuple[int, int]  # offset and length of one plan's bytes in a batch file


@dataclass(frozen=True)
class BatchResult:
    subjects: tuple[bytes, bytes] | None  # first and last subject of its N-Triples
    problems: dict[int, list[Problem]]  # JSON Schema problems of each plan (by index)
    shacl_clean: bool  # the SHACL subset found nothing in the batch's own triples
    json: dict[int, Span]  # each plan's item of the JSON-LD list
    csv: dict[int, Span]  # each plan's rows of the flat table
    flat_complete: bool = False  # its flat rows have the residual required values


def batches(parts: list[Tables], bases: list[str], workers: int) -> list[list[int]]:
    """The plans (indexes) in the order of their base IRIs, cut into batches of up to about
    BATCH_ROWS rows: plans with their own base IRIs then give batches whose RDF subjects do
    not overlap, whatever the order of the plans in the tables."""
    total = sum(_rows(part) for part in parts)
    target = max(1, min(BATCH_ROWS, total // max(1, workers * BATCHES_PER_WORKER)))
    found: list[list[int]] = []
    current: list[int] = []
    size = 0
    for index in sorted(range(len(parts)), key=lambda i: (bases[i], i)):
        current.append(index)
        size += _rows(parts[index])
        if size >= target:
            found.append(current)
            current, size = [], 0
    if current:
        found.append(current)
    return found


def _rows(part: Tables) -> int:
    return 1 + sum(len(part[name]) for name in ("progress-entries", "grades", "indicator-values"))


def generate_and_check(
    package: PlanPackage,
    parts: list[Tables],
    profiles: Sequence[Profile],
    locator: Locator,
    stage: Path,
    parallel: bool,
) -> tuple[dict[str, Path], list[Problem]]:
    """Every generated file, written under `stage` (resource name -> path), and the problems
    of the JSON Schema, SHACL and flat-table checks. `check_and_generate` calls it with the
    cyclic garbage collector off, so forked workers never write to what they inherit."""
    job = Job(package, parts, profiles, locator, stage, flat_implied.residual_required(package))
    planned = batches(parts, locator.bases, jobs() if parallel else 1)
    paths = {name: stage / file_name for name, file_name in FILE_NAMES.items()}
    try:
        _JOB[0] = job
        results: list[BatchResult] = run_each(
            _make_batch,
            [(i, [(plan, parts[plan]) for plan in batch]) for i, batch in enumerate(planned)],
            parallel,
        )
        _join_json(stage, [r.json for r in results], paths[JSONLD])
        _join_csv(package, stage, [r.csv for r in results], paths[FLAT_TABLE])
        # The flat table's check is proved by the source tables' (flat_implied) unless a
        # batch lacks a value its schema requires: then frictionless reads it as before.
        flat_proved = job.residual is not None and all(r.flat_complete for r in results)
        order = sorted((r.subjects[0], i) for i, r in enumerate(results) if r.subjects)
        ordered = [i for _, i in order]
        if _disjoint([results[i].subjects for i in ordered]):  # type: ignore[misc]
            shacl_results, void_ttl, flat_problems = _finish_disjoint(
                job, paths, results, ordered, parallel, flat_proved
            )
        else:
            shacl_results, void_ttl, flat_problems = _finish_merged(
                job, paths, ordered, parallel, flat_proved
            )
    finally:
        _JOB[0] = None
        # The batches' own files (named by number): as big as the outputs again.
        for file in stage.glob("[0-9]*.*"):
            file.unlink()
    paths[VOID_DESCRIPTION].write_bytes(void_ttl)
    # In the in-memory path's order: the flat table, the JSON Schema, SHACL.
    by_plan = {plan: found for r in results for plan, found in r.problems.items()}
    problems = flat_problems + [p for plan in sorted(by_plan) for p in by_plan[plan]]
    if shacl_results != []:
        graph = rdf.graph_from_ntriples(paths[NTRIPLES].read_text(encoding="utf-8"))
        problems += check_shacl_reference(graph, package.relpath(TURTLE), locator)
    return paths, problems


def _disjoint(subjects: list[tuple[bytes, bytes]]) -> bool:
    """Whether each batch's subjects all come before the next one's (in sorted order)."""
    return all(a[1] < b[0] for a, b in pairwise(subjects))


def _finish_disjoint(
    job: Job,
    paths: dict[str, Path],
    results: list[BatchResult],
    ordered: list[int],
    parallel: bool,
    flat_proved: bool,
) -> tuple[list[Any] | None, bytes, list[Problem]]:
    """Batches of plans with their own base IRIs hold disjoint ranges of subjects, so the
    package's sorted N-Triples and its Turtle are the batches' files one after the other,
    and a SHACL subset clean in every batch is clean in the whole: each node's triples are
    all in one batch, and a class found there is in the whole graph too."""
    stage = job.stage
    nt_files = [stage / f"{i}.nt" for i in ordered]
    clean = all(r.shacl_clean for r in results)
    tasks = [
        partial(_void, job, nt_files),
        partial(_flat_check, job.package, paths[FLAT_TABLE], flat_proved),
        partial(_concatenate, nt_files, paths[NTRIPLES]),
        partial(_join_turtle, [stage / f"{i}.ttl" for i in ordered], paths[TURTLE]),
    ]
    if not clean:
        tasks.append(partial(_shacl, nt_files))
    void_ttl, flat_problems, _, _, *shacl = run_all(tasks, parallel)
    return (shacl[0] if shacl else []), void_ttl, flat_problems


def _finish_merged(
    job: Job, paths: dict[str, Path], ordered: list[int], parallel: bool, flat_proved: bool
) -> tuple[list[Any] | None, bytes, list[Problem]]:
    """Batches that share subjects (two plans of one municipality): their lines are merged
    and de-duplicated, and the whole graph is checked and serialized from the merged file."""
    files = [job.stage / f"{i}.nt" for i in ordered]
    _merge_lines(files, paths[NTRIPLES])
    nt = [paths[NTRIPLES]]
    shacl_results, void_ttl, flat_problems, _ = run_all(
        [
            partial(_shacl, nt),
            partial(_void, job, nt),
            partial(_flat_check, job.package, paths[FLAT_TABLE], flat_proved),
            partial(fast_rdf.turtle_file, str(nt[0]), str(paths[TURTLE]), job.prefixes),
        ],
        parallel,
    )
    return shacl_results, void_ttl, flat_problems


def _flat_check(package: PlanPackage, path: Path, proved: bool) -> list[Problem]:
    return [] if proved else check_flat_table(package, path)


# The job of the running `generate_and_check`, inherited by its forked workers (it holds the
# locator and every plan's tables: the rows a batch needs are pickled to it instead).
_JOB: list[Job | None] = [None]


def _make_batch(batch: tuple[int, list[tuple[int, Tables]]]) -> BatchResult:
    """One batch's JSON text (each plan's document as an item of the package's list), flat
    table rows (without the header), sorted N-Triples and their Turtle, each in a file of
    its own, and its SHACL subset verdict."""
    job, (index, plans) = _JOB[0], batch
    assert job is not None
    documents, problems = [], {}
    json_spans, csv_spans = {}, {}
    flat_complete = True
    relpath, columns = job.package.relpath(JSONLD), job.package.field_names(FLAT_TABLE)
    with (
        (job.stage / f"{index}.json").open("wb") as json_file,
        (job.stage / f"{index}.csv").open("wb") as csv_file,
    ):
        for plan, part in plans:
            document, rows = plan_document(job.package, part, job.profiles)
            documents.append(document)
            # json.dumps of the list at indent 2 is each document's text indented two more
            # spaces (a JSON string never holds a raw line feed), separated by ",\n".
            item = b"  " + json_bytes(document).replace(b"\n", b"\n  ")
            json_spans[plan] = (json_file.tell(), len(item))
            json_file.write(item)
            body = flat_table.to_csv(rows, columns).partition("\n")[2].encode("utf-8")
            csv_spans[plan] = (csv_file.tell(), len(body))
            csv_file.write(body)
            if job.residual is not None:
                flat_complete = flat_complete and flat_implied.rows_complete(rows, job.residual)
            found = check_json_schema([document], relpath, plan, job.locator, job.locator.bases)
            if found:
                problems[plan] = found
    nt = fast_rdf.ntriples(documents)
    del documents
    (job.stage / f"{index}.nt").write_bytes(nt)
    # One reading of the N-Triples serves the Turtle writer and the SHACL subset.
    shacl = shacl_fast.StreamCheck()
    ttl = fast_rdf.turtle_of(shacl.watch(fast_rdf.parse_ntriples(nt)), job.prefixes)
    (job.stage / f"{index}.ttl").write_bytes(ttl)
    clean = shacl.results() == []
    last_line = nt[nt.rfind(b"\n", 0, len(nt) - 1) + 1 :]
    subjects = (_subject(nt), _subject(last_line)) if nt else None
    return BatchResult(subjects, problems, clean, json_spans, csv_spans, flat_complete)


_NT = ox.RdfFormat.N_TRIPLES


def _subject(line: bytes) -> bytes:
    # N-Triples terms hold no space before the first separator: an IRI cannot contain one,
    # nor can a blank node label.
    return line.split(b" ", 1)[0]


def _join_json(stage: Path, spans: list[dict[int, Span]], target: Path) -> None:
    """The JSON-LD list: each plan's item, in the plans' order in the tables."""
    with target.open("wb") as out:
        if not any(spans):
            out.write(b"[]\n")
            return
        out.write(b"[\n")
        _join_plans(stage, "json", spans, b",\n", out)
        out.write(b"\n]\n")


def _join_csv(
    package: PlanPackage, stage: Path, spans: list[dict[int, Span]], target: Path
) -> None:
    """The flat table: its header, then each plan's rows in the plans' order in the tables."""
    with target.open("wb") as out:
        out.write(flat_table.to_csv([], package.field_names(FLAT_TABLE)).encode("utf-8"))
        _join_plans(stage, "csv", spans, b"", out)


def _join_plans(
    stage: Path, suffix: str, spans: list[dict[int, Span]], separator: bytes, out: Any
) -> None:
    where = {plan: (i, span) for i, found in enumerate(spans) for plan, span in found.items()}
    with ExitStack() as stack:
        files = [
            stack.enter_context((stage / f"{i}.{suffix}").open("rb")) for i in range(len(spans))
        ]
        for n, plan in enumerate(sorted(where)):
            batch, (offset, length) = where[plan]
            if n and separator:
                out.write(separator)
            files[batch].seek(offset)
            out.write(files[batch].read(length))


def _merge_lines(files: list[Path], target: Path) -> None:
    """Sorted files as one sorted file without repeated lines."""
    with target.open("wb") as out, ExitStack() as stack:
        opened = [stack.enter_context(file.open("rb")) for file in files]
        previous = None
        for line in heapq.merge(*opened):
            if line != previous:
                out.write(line)
                previous = line


def _concatenate(files: list[Path], target: Path) -> None:
    with target.open("wb") as out:
        for file in files:
            _append(file, out)


def _join_turtle(files: list[Path], target: Path) -> None:
    """The batches' Turtle as one document: each starts with the same prefix lines (all the
    prefixes given, written before the first triple), kept once."""
    header: bytes | None = None
    with target.open("wb") as out:
        for file in files:
            text = file.read_bytes()
            end = 0
            while text.startswith(b"@prefix ", end):
                end = text.index(b"\n", end) + 1
            if header is None:
                header = text[:end]
                out.write(header)
            elif text[:end] != header:
                raise RuntimeError(f"{file.name}: Turtle prefixes differ between batches")
            out.write(memoryview(text)[end:])


def _append(source: Path, out: Any) -> None:
    with source.open("rb") as file:
        shutil.copyfileobj(file, out, 1 << 20)


def _shacl(files: list[Path]) -> list[Any] | None:
    """The SHACL subset over sorted N-Triples files whose subjects follow one another."""
    return shacl_fast.validate(chain.from_iterable(fast_rdf.parse_file(str(f), _NT) for f in files))


def _void(job: Job, files: list[Path]) -> bytes:
    """The VoID description, from sorted N-Triples files whose subjects follow one another."""
    first, _ = plan_document(job.package, job.parts[0], job.profiles)
    package = job.package
    return void.void_turtle(package.descriptor, package.base_iri, first, _lines(files))


def _lines(files: list[Path]) -> Iterator[bytes]:
    for file in files:
        with file.open("rb") as lines:
            yield from lines
