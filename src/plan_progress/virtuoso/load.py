"""Bulk-load the N-Triples of packages into a running Virtuoso with its own loader.

Layout (the same answers as the embedded store, see docs/virtuoso.md):
- every package's data goes into ONE graph, `DATA_GRAPH`. Virtuoso keeps a quad once per
  graph, so a triple that two packages share (two yearly reports on one plan describe the
  same plan) is stored once, as in the embedded store's default graph. With one graph per
  package, a query without FROM runs over the union of all graphs and that shared plan is
  matched once per graph: duplicated rows.
- the vocabulary goes into its own graph, the ontology IRI, and nowhere else: a query
  without FROM sees data and vocabulary together (Virtuoso's default dataset is the union of
  its graphs) and `GRAPH <…/ns>` reads the vocabulary alone, as on the embedded store.
  A second copy in the data graph would match twice in that union.
- the literals of `pp:progress` and `pp:issue` are put in Virtuoso's full-text index
  (`bif:contains`, see queries/virtuoso/).

Loading goes through a staging directory that the server's `DirsAllowed` names: each
package's `report.nt` is linked (or copied) there under a fresh run directory, so the
loader's list (`DB.DBA.LOAD_LIST`, keyed by file name) never mistakes a later shard for a file
it has loaded before, and the server never reads a package's own folder.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import uuid
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from plan_progress.core.built_packages import ntriples_problems, open_built
from plan_progress.core.package import NTRIPLES, PlanPackage
from plan_progress.core.problems import InvalidPackage, Problem
from plan_progress.core.standard import ONTOLOGY_IRI, vocab_path
from plan_progress.virtuoso.isql import Connection, IsqlError, run_script, sql_string

DATA_GRAPH = "https://w3id.org/plan-progress/graph/data"
VOCAB_GRAPH = ONTOLOGY_IRI
TEXT_PREDICATES = (
    "https://w3id.org/plan-progress/ns#progress",
    "https://w3id.org/plan-progress/ns#issue",
)
VOCABULARY_FILE = "vocabulary.ttl"


@dataclass(frozen=True)
class Loaded:
    packages: int
    files: int
    graph: str


def open_packages(directories: Sequence[str | Path]) -> list[PlanPackage]:
    """Every package with its generated N-Triples; InvalidPackage lists every failure."""
    return open_built(directories, (NTRIPLES,))


def check_syntax(packages: list[PlanPackage]) -> None:
    """Every N-Triples file parses (pyoxigraph, streamed), before anything is loaded:
    Virtuoso's loader is lenient (it loads a file with a line that is not N-Triples without
    a word) and not transactional (files loaded before a bad one stay)."""
    if problems := ntriples_problems(packages):
        raise InvalidPackage(problems)


def bulk_load(
    connection: Connection,
    directories: Sequence[str | Path],
    staging: Path,
    *,
    graph: str = DATA_GRAPH,
    loaders: int = 1,
    replace: bool = False,
) -> Loaded:
    """Load the packages' N-Triples and the vocabulary; InvalidPackage (rules virtuoso.*)."""
    packages = open_packages(directories)
    check_syntax(packages)
    run = staging.resolve() / f"plan-progress-{uuid.uuid4().hex}"
    try:
        run.mkdir(parents=True)
        for number, package in enumerate(packages):
            _stage(package.path(NTRIPLES), run / f"{number:07d}.nt")
        shutil.copyfile(vocab_path(), run / VOCABULARY_FILE)
        prepare = [
            *(
                f"DB.DBA.RDF_OBJ_FT_RULE_ADD(null, {sql_string(p)}, 'plan-progress')"
                for p in TEXT_PREDICATES
            ),
            f"ld_dir({sql_string(str(run))}, '%.nt', {sql_string(graph)})",
            f"ld_dir({sql_string(str(run))}, {sql_string(VOCABULARY_FILE)},"
            f" {sql_string(VOCAB_GRAPH)})",
        ]
        if replace:
            # Faster than SPARQL CLEAR on a big graph; log_enable(3, 1): no row-by-row log.
            prepare[:0] = [
                "log_enable(3, 1)",
                f"DELETE FROM DB.DBA.RDF_QUAD WHERE G = iri_to_id({sql_string(graph)})",
            ]
        _sql(connection, prepare, run)
        # Several loaders share the list (Virtuoso's guide: up to cores / 2.5 of them).
        with ThreadPoolExecutor(max(1, loaders)) as pool:
            for _ in pool.map(
                lambda _: _sql(connection, ["rdf_loader_run()"], run), range(max(1, loaders))
            ):
                pass
        _sql(connection, ["checkpoint", "DB.DBA.VT_INC_INDEX_DB_DBA_RDF_OBJ()"], run)
        _check_loaded(connection, run, packages)
    finally:
        shutil.rmtree(run, ignore_errors=True)
    return Loaded(len(packages), len(packages) + 1, graph)


def _stage(source: Path, target: Path) -> None:
    """A hard link when the staging directory shares the file system, else a copy."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def _sql(connection: Connection, statements: list[str], run: Path) -> str:
    try:
        return run_script(connection, statements)
    except IsqlError as err:
        raise InvalidPackage(
            [
                Problem(
                    "virtuoso.failed",
                    f"{connection.host}:{connection.port}",
                    params={"detail": str(err)},
                )
            ]
        ) from err
    except (OSError, subprocess.SubprocessError) as err:
        raise InvalidPackage(
            [Problem("virtuoso.failed", str(run), params={"detail": str(err)})]
        ) from err


def _check_loaded(connection: Connection, run: Path, packages: list[PlanPackage]) -> None:
    """The loader records a file it could not parse in LOAD_LIST and carries on: name them.
    The run's rows are removed after, so the list does not grow with every load."""
    like = sql_string(f"{run}/%")
    output = _sql(
        connection,
        [
            "SELECT '@@', ll_file, '@@', ll_state, '@@', ll_error FROM DB.DBA.LOAD_LIST"
            f" WHERE ll_file LIKE {like}",
        ],
        run,
    )
    _sql(connection, [f"DELETE FROM DB.DBA.LOAD_LIST WHERE ll_file LIKE {like}"], run)
    names = {f"{n:07d}.nt": p for n, p in enumerate(packages)}
    problems, seen = [], set()
    for line in output.splitlines():
        if "@@" not in line:
            continue
        _, file, state, error = (part.strip() for part in line.split("@@"))
        name = Path(file).name
        seen.add(name)
        if state != "2" or error not in ("", "NULL"):
            problems.append(
                Problem("virtuoso.file-rejected", _source(names, name), params={"detail": error})
            )
    missing = sorted((set(names) | {VOCABULARY_FILE}) - seen)
    for name in missing:
        problems.append(
            Problem(
                "virtuoso.file-rejected",
                _source(names, name),
                params={"detail": "not in DB.DBA.LOAD_LIST"},
            )
        )
    if problems:
        raise InvalidPackage(problems)


def _source(names: dict[str, PlanPackage], staged: str) -> str:
    """The package file a staged file stands for (the vocabulary is ours)."""
    if staged in names:
        return str(names[staged].root / names[staged].relpath(NTRIPLES))
    return str(vocab_path()) if staged == VOCABULARY_FILE else staged
