"""Everything `build` writes, computed in memory from the validated source tables."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from plan_progress import flat_table, rdf, void
from plan_progress.jsonld_document import build_document
from plan_progress.package import (
    FLAT_TABLE,
    JSONLD,
    NTRIPLES,
    TURTLE,
    VOID_DESCRIPTION,
    PlanPackage,
)
from plan_progress.profiles import Profile
from plan_progress.tables import Tables


@dataclass(frozen=True)
class Outputs:
    document: dict[str, Any]
    graph: Any  # rdflib.Graph of the document, as pyld reads it
    files: dict[str, bytes]  # resource name -> exact bytes to write


def json_text(document: dict[str, Any]) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def generate(package: PlanPackage, tables: Tables, profiles: Sequence[Profile] = ()) -> Outputs:
    document = build_document(tables, package.base_iri, profiles)
    nt = rdf.ntriples(rdf.to_nquads(document))
    graph = rdf.graph_from_ntriples(nt)
    entry_ids = [entry["id"].rsplit("/", 1)[-1] for entry in document["entries"]]
    flat_csv = flat_table.to_csv(
        flat_table.flat_rows(tables, entry_ids), package.field_names(FLAT_TABLE)
    )
    files = {
        JSONLD: json_text(document),
        TURTLE: rdf.turtle(graph, {p.prefix: p.namespace for p in profiles}),
        NTRIPLES: nt,
        FLAT_TABLE: flat_csv,
        VOID_DESCRIPTION: rdf.turtle(
            void.void_graph(package.descriptor, package.base_iri, document, graph)
        ),
    }
    return Outputs(document, graph, {k: v.encode("utf-8") for k, v in files.items()})
