"""The SPARQL store (Oxigraph) holding the RDF of one or more packages and the vocabulary.

Every package's generated N-Triples go into the default graph, so plans of several
municipalities form one graph: their IRIs differ by base IRI, and shared vocabulary terms
join them. The vocabulary goes into the default graph too, so that a plain query finds the
labels of classes and properties, and also into a named graph (its ontology IRI) so that a
query can read the vocabulary alone (`GRAPH <…/ns>` or `default-graph-uri=…/ns`).

Two kinds of store: in memory (`load_store`, for `query` over a few packages) and on disk
(`create_store`, for `load` and `serve`): a directory holding the engine's own database in
`oxigraph/` (the same format the `oxigraph` server reads) beside our `void.ttl` (the
packages' VoID descriptions) and `plan-progress-store.json` (what was loaded, with triple counts).
"""

from __future__ import annotations

import io
import json
import os
import shutil
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pyoxigraph import DefaultGraph, NamedNode, RdfFormat, Store

from plan_progress.core.built_packages import ntriples_problems, open_built
from plan_progress.core.package import NTRIPLES, VOID_DESCRIPTION, PlanPackage
from plan_progress.core.problems import InvalidPackage, Problem
from plan_progress.core.standard import ONTOLOGY_IRI, vocab_path
from plan_progress.core.version import __version__

VOCAB_GRAPH = ONTOLOGY_IRI
ENGINE_DIR = "oxigraph"  # the engine's database inside a store directory
MANIFEST = "plan-progress-store.json"
DESCRIPTIONS = "void.ttl"
STORE_FORMAT = 1


@dataclass(frozen=True)
class StoreInfo:
    """What an on-disk store holds (its `plan-progress-store.json`)."""

    location: Path
    packages: tuple[str, ...]
    default_graph_triples: int
    vocabulary_triples: int

    @property
    def engine_location(self) -> Path:
        return self.location / ENGINE_DIR

    @property
    def descriptions_path(self) -> Path:
        return self.location / DESCRIPTIONS


def load_store(directories: Sequence[str | Path]) -> Store:
    """An in-memory store with every package's data; InvalidPackage lists every failure."""
    packages = open_built(directories, (NTRIPLES,))
    store = Store()
    _fill(store, packages)
    return store


def create_store(location: str | Path, directories: Sequence[str | Path]) -> StoreInfo:
    """Bulk-load the packages into an on-disk store at `location`, atomically.

    The store is built in a sibling directory and renamed into place only when complete,
    so a failure leaves whatever was at `location` untouched. An existing store (one with
    our `plan-progress-store.json`) is replaced; any other existing path is refused rather than deleted.
    """
    target = Path(location)
    packages = open_built(directories, (NTRIPLES, VOID_DESCRIPTION))
    if target.exists() and not is_store(target):
        raise InvalidPackage([Problem("store.not-a-store", str(target))])
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        store = Store(str(staging / ENGINE_DIR))
        default_triples, vocab_triples = _fill(store, packages)
        store.optimize()
        store.flush()
        del store  # closes the database before another process opens it
        (staging / DESCRIPTIONS).write_bytes(_descriptions(packages))
        manifest = {
            "format": STORE_FORMAT,
            "createdBy": f"plan-progress {__version__}",
            "packages": [str(Path(p.root).resolve()) for p in packages],
            "defaultGraphTriples": default_triples,
            "vocabularyTriples": vocab_triples,
        }
        (staging / MANIFEST).write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
        _swap_into_place(staging, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return open_store_info(target)


def is_store(location: Path) -> bool:
    return (location / MANIFEST).is_file() and (location / ENGINE_DIR).is_dir()


def open_store_info(location: str | Path) -> StoreInfo:
    """The manifest of an on-disk store; InvalidPackage (rule store.*) when it is not one."""
    path = Path(location)
    if not is_store(path):
        raise InvalidPackage([Problem("store.not-a-store", str(path))])
    try:
        data: dict[str, Any] = json.loads((path / MANIFEST).read_text(encoding="utf-8"))
        if data.get("format") != STORE_FORMAT:
            raise ValueError(f"format {data.get('format')!r}, expected {STORE_FORMAT}")
        return StoreInfo(
            path,
            tuple(data["packages"]),
            int(data["defaultGraphTriples"]),
            int(data["vocabularyTriples"]),
        )
    except (OSError, ValueError, KeyError, TypeError) as err:
        raise InvalidPackage(
            [Problem("store.manifest", str(path / MANIFEST), params={"detail": err})]
        ) from err


def open_read_only(info: StoreInfo) -> Store:
    return Store.read_only(str(info.engine_location))


def _fill(store: Store, packages: list[PlanPackage]) -> tuple[int, int]:
    """Load data and vocabulary; the triple counts of the default graph and the vocabulary.

    All packages go in one bulk load through one stream: one load of many small files would
    leave the database with thousands of tiny table files.
    """
    files = [p.path(NTRIPLES) for p in packages]
    try:
        store.bulk_load(_Concatenated(files), format=RdfFormat.N_TRIPLES)
    except SyntaxError as err:
        raise InvalidPackage(ntriples_problems(packages)) from err
    vocabulary = vocab_path().read_bytes()
    store.bulk_load(vocabulary, format=RdfFormat.TURTLE, to_graph=NamedNode(VOCAB_GRAPH))
    store.bulk_load(vocabulary, format=RdfFormat.TURTLE, to_graph=DefaultGraph())
    default_triples = sum(1 for _ in store.quads_for_pattern(None, None, None, DefaultGraph()))
    vocab_triples = sum(
        1 for _ in store.quads_for_pattern(None, None, None, NamedNode(VOCAB_GRAPH))
    )
    return default_triples, vocab_triples


def _descriptions(packages: list[PlanPackage]) -> bytes:
    """The packages' VoID descriptions (Turtle), merged: each names its own dataset IRI."""
    from pyoxigraph import parse, serialize

    from plan_progress.rdf.jsonld_rdf import PREFIXES

    quads = []
    for package in packages:
        quads.extend(parse(path=package.path(VOID_DESCRIPTION), format=RdfFormat.TURTLE))
    prefixes = {
        **PREFIXES,
        "void": "http://rdfs.org/ns/void#",
        "dcat": "http://www.w3.org/ns/dcat#",
        "dct": "http://purl.org/dc/terms/",
    }
    return serialize((q.triple for q in quads), format=RdfFormat.TURTLE, prefixes=prefixes)


def descriptions_of(directories: Sequence[str | Path]) -> bytes:
    """The merged VoID descriptions of packages (for an in-memory store)."""
    return _descriptions(open_built(directories, (NTRIPLES, VOID_DESCRIPTION)))


def _swap_into_place(staging: Path, target: Path) -> None:
    if not target.exists():
        os.replace(staging, target)
        return
    # Two renames: the old store moves aside, the new one takes its name, then the old goes.
    old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old.", dir=target.parent))
    os.rmdir(old)
    os.replace(target, old)
    try:
        os.replace(staging, target)
    except OSError:
        os.replace(old, target)
        raise
    shutil.rmtree(old, ignore_errors=True)


class _Concatenated(io.RawIOBase):
    """Several files read as one stream (a line feed after each, in case one lacks its
    last), without holding them in memory."""

    def __init__(self, paths: Sequence[Path]) -> None:
        self._chunks: Iterator[bytes] = self._read(paths)
        self._pending = memoryview(b"")

    @staticmethod
    def _read(paths: Sequence[Path]) -> Iterator[bytes]:
        for path in paths:
            with path.open("rb") as f:
                while chunk := f.read(1 << 20):
                    yield chunk
            yield b"\n"

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        while not self._pending:
            chunk = next(self._chunks, None)
            if chunk is None:
                return 0
            self._pending = memoryview(chunk)
        n = min(len(buffer), len(self._pending))
        buffer[:n] = self._pending[:n]
        self._pending = self._pending[n:]
        return n
