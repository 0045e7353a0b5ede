"""`plan-progress release`: validate, assemble every file in memory, then swap in `dist/`."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from plan_progress.checks.generated import check_generated
from plan_progress.checks.tables import read_tables
from plan_progress.core.atomic_files import dir_mode
from plan_progress.core.package import FLAT_TABLE, PlanPackage
from plan_progress.core.problems import InvalidPackage, Problem
from plan_progress.pipeline.validation import check_and_generate
from plan_progress.release.catalog import catalog_graph, jsonld, turtle
from plan_progress.release.checksums import sha256sums
from plan_progress.release.facts import dataset_facts
from plan_progress.release.files import ReleaseFile, release_files
from plan_progress.release.opendata_list import opendata_list_csv

DIST = "dist"
CATALOG_TTL = "catalog.ttl"
CATALOG_JSONLD = "catalog.jsonld"
OPENDATA_LIST = "opendata-list.csv"
SUMS = "SHA256SUMS"


def assemble(package: PlanPackage) -> dict[str, bytes]:
    """Every file of `dist/` (path -> bytes). Raises InvalidPackage when the package is invalid,
    including committed generated files that differ from a fresh build: a release must publish
    exactly what is committed."""
    outputs, problems = check_and_generate(package)
    if outputs is None:
        raise InvalidPackage(problems)
    problems = check_generated(package, outputs.files)
    if problems:
        raise InvalidPackage(problems)
    files = release_files(package, outputs)
    facts = dataset_facts(package, read_tables(package))
    graph = catalog_graph(facts, files)
    flat = _by_path(files, package.relpath(FLAT_TABLE))
    contents = {f.path: f.data for f in files}
    contents[CATALOG_TTL] = turtle(graph)
    contents[CATALOG_JSONLD] = jsonld(graph)
    contents[OPENDATA_LIST] = opendata_list_csv(facts, flat)
    contents[SUMS] = sha256sums(contents)
    return contents


def _by_path(files: list[ReleaseFile], path: str) -> ReleaseFile:
    return next(f for f in files if f.path == path)


def write_dist(root: Path, contents: dict[str, bytes]) -> Path:
    """Stage the whole bundle in a temporary directory beside `dist/`, then swap it in.

    Until the swap, the previous `dist/` is untouched, so any failure while writing
    (disk full, permissions, an exception) leaves it as it was.
    """
    target = root / DIST
    stage = Path(tempfile.mkdtemp(prefix=f".{DIST}-new-", dir=root))
    old: Path | None = None
    try:
        # mkdtemp makes a private (0700) directory; a release is for others to read.
        os.chmod(stage, dir_mode())
        for rel, data in contents.items():
            path = stage / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("wb") as f:
                f.write(data)
                f.flush()
                os.fsync(f.fileno())
        if target.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{DIST}-old-", dir=root))
            os.replace(target, old / DIST)
        os.replace(stage, target)
    except BaseException:
        if old is not None and not target.exists():
            os.replace(old / DIST, target)  # put the previous release back
        shutil.rmtree(stage, ignore_errors=True)
        raise
    finally:
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    return target


def release(package: PlanPackage) -> tuple[Path, dict[str, bytes]]:
    contents = assemble(package)
    try:
        return write_dist(package.root, contents), contents
    except OSError as err:
        raise InvalidPackage(
            [Problem("release.write", DIST, params={"detail": err.strerror or str(err)})]
        ) from err
