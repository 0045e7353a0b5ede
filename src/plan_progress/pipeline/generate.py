"""Everything `build` writes, computed in memory from the validated source tables."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import orjson

from plan_progress.core.package import (
    FLAT_TABLE,
    JSONLD,
    NTRIPLES,
    TURTLE,
    VOID_DESCRIPTION,
    PlanPackage,
)
from plan_progress.model import flat_table
from plan_progress.model.jsonld_document import build_document
from plan_progress.model.plan_split import split_by_plan
from plan_progress.model.profiles import Profile
from plan_progress.model.scope import main_plan
from plan_progress.model.tables import Tables
from plan_progress.rdf import fast_rdf, void
from plan_progress.rdf import jsonld_rdf as rdf


class StagedFiles(Mapping[str, bytes]):
    """Generated files already written to disk (resource name -> path), read on demand."""

    def __init__(self, paths: dict[str, Path]) -> None:
        self.paths = paths

    def __getitem__(self, name: str) -> bytes:
        return self.paths[name].read_bytes()

    def __iter__(self) -> Iterator[str]:
        return iter(self.paths)

    def __len__(self) -> int:
        return len(self.paths)

    def read_all(self) -> dict[str, bytes]:
        return {name: path.read_bytes() for name, path in self.paths.items()}


@dataclass(frozen=True)
class Outputs:
    # One report document, or (multi-plan package) a list of them, one per plan; None when
    # the files were made in batches (then the JSON-LD file holds them).
    document: dict[str, Any] | list[dict[str, Any]] | None
    files: Mapping[str, bytes]  # resource name -> exact bytes to write

    @property
    def documents(self) -> list[dict[str, Any]]:
        document = self.document
        if document is None:
            document = json.loads(self.files[JSONLD])
        return document if isinstance(document, list) else [document]

    @property
    def sources(self) -> Mapping[str, bytes | Path]:
        """Each file's bytes, or the staged file holding them."""
        return self.files.paths if isinstance(self.files, StagedFiles) else self.files

    @property
    def triples(self) -> Iterator[Any]:
        """pyoxigraph Triples of the N-Triples file, streamed in its (sorted) order."""
        return fast_rdf.parse_ntriples(self.files[NTRIPLES])

    @cached_property
    def graph(self) -> Any:
        """rdflib.Graph of the N-Triples, for the reference checks (built only when asked)."""
        return rdf.graph_from_ntriples(self.files[NTRIPLES].decode("utf-8"))


def json_bytes(document: dict[str, Any] | list[dict[str, Any]]) -> bytes:
    """`json.dumps(document, ensure_ascii=False, indent=2)` as UTF-8, without a final line
    feed. orjson writes it ~15x faster (Python's own encoder is the pure-Python one as soon
    as there is an indent); tests/test_json_text.py proves the bytes equal. It refuses an
    integer beyond 64 bits, which then goes the slow way."""
    try:
        return orjson.dumps(document, option=orjson.OPT_INDENT_2)
    except TypeError:
        return json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")


def json_text(document: dict[str, Any] | list[dict[str, Any]]) -> str:
    return json_bytes(document).decode("utf-8") + "\n"


@dataclass(frozen=True)
class Prepared:
    """What every output is made from: the report document(s) and the flat CSV."""

    document: dict[str, Any] | list[dict[str, Any]]
    documents: list[dict[str, Any]]
    flat_csv: bytes
    prefixes: dict[str, str]  # profile prefixes, bound in the Turtle


def plan_document(
    package: PlanPackage, part: Tables, profiles: Sequence[Profile] = ()
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """One plan's report document and its rows of the flat table."""
    plan = main_plan(part)
    document = build_document(part, package.plan_base_iri(plan["municipality_code"]), profiles)
    entry_ids = [entry["id"].rsplit("/", 1)[-1] for entry in document.get("entries", [])]
    return document, flat_table.flat_rows(part, entry_ids)


def prepare(package: PlanPackage, tables: Tables, profiles: Sequence[Profile] = ()) -> Prepared:
    parts = split_by_plan(tables) if package.multi_plan else [tables]
    documents, flat_rows = [], []
    for part in parts:
        document, rows = plan_document(package, part, profiles)
        documents.append(document)
        flat_rows.extend(rows)
    flat_csv = flat_table.to_csv(flat_rows, package.field_names(FLAT_TABLE)).encode("utf-8")
    prefixes = {p.prefix: p.namespace for p in profiles}
    return Prepared(
        documents if package.multi_plan else documents[0], documents, flat_csv, prefixes
    )


def rdf_files(prepared: Prepared) -> tuple[bytes, bytes]:
    """N-Triples and Turtle. pyoxigraph reads the documents: tests prove its triples are
    pyld's (see fast_rdf)."""
    nt = fast_rdf.ntriples(prepared.documents)
    return nt, fast_rdf.turtle(nt, prepared.prefixes)


def assemble(
    package: PlanPackage,
    prepared: Prepared,
    jsonld: bytes,
    nt: bytes,
    ttl: bytes,
    void_ttl: bytes | None = None,
) -> Outputs:
    """The outputs; the VoID description is made here unless given (made from `nt`)."""
    files = {JSONLD: jsonld, TURTLE: ttl, NTRIPLES: nt, FLAT_TABLE: prepared.flat_csv}
    # The VoID description counts the data's triples and classes, so it comes last.
    files[VOID_DESCRIPTION] = void_ttl if void_ttl is not None else void_file(package, prepared, nt)
    return Outputs(prepared.document, files)


def void_file(package: PlanPackage, prepared: Prepared, nt: bytes) -> bytes:
    return void.void_turtle(
        package.descriptor, package.base_iri, prepared.documents[0], io.BytesIO(nt)
    )


def generate(package: PlanPackage, tables: Tables, profiles: Sequence[Profile] = ()) -> Outputs:
    prepared = prepare(package, tables, profiles)
    nt, ttl = rdf_files(prepared)
    return assemble(package, prepared, json_bytes(prepared.document) + b"\n", nt, ttl)


def reference_ntriples(documents: list[dict[str, Any]]) -> str:
    """The N-Triples as pyld gives them: the reference the fast path is tested against."""
    return rdf.ntriples("".join(rdf.to_nquads(d) for d in documents))
