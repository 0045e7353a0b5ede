"""One embedded SPARQL store (pyoxigraph) holding the RDF of one or more packages.

Every package's generated N-Triples go into the default graph, so plans of several
municipalities form one graph: their IRIs differ by base IRI, and shared vocabulary
terms join them. The vocabulary itself goes into a named graph (its ontology IRI) so
that queries can read term labels without mixing them into the data.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from pyoxigraph import NamedNode, RdfFormat, Store
from rdflib import Graph

from plan_progress.core.package import NTRIPLES, VOID_DESCRIPTION, PlanPackage
from plan_progress.core.problems import InvalidPackage, Problem
from plan_progress.core.standard import ONTOLOGY_IRI, vocab_path

VOCAB_GRAPH = ONTOLOGY_IRI


def load_store(directories: Sequence[str | Path]) -> Store:
    """An in-memory store with every package's data; InvalidPackage lists every failure."""
    store = Store()
    problems: list[Problem] = []
    for directory in directories:
        problems.extend(_load_package(store, directory))
    if problems:
        raise InvalidPackage(problems)
    store.load(path=vocab_path(), format=RdfFormat.TURTLE, to_graph=NamedNode(VOCAB_GRAPH))
    return store


def _load_package(store: Store, directory: str | Path) -> list[Problem]:
    try:
        package = PlanPackage.open(directory)
    except InvalidPackage as invalid:
        return invalid.problems
    path = package.path(NTRIPLES)
    relpath = package.relpath(NTRIPLES)
    if not path.is_file():
        return [Problem("generated.missing", relpath, params={"dir": str(directory)})]
    try:
        store.bulk_load(path=path, format=RdfFormat.N_TRIPLES)
    except SyntaxError as err:
        return [
            Problem("query.rdf-syntax", relpath, params={"detail": str(err), "dir": str(directory)})
        ]
    return []


def load_descriptions(directories: Sequence[str | Path]) -> Graph:
    """The VoID/DCAT descriptions (data/generated/void.ttl) of the packages, merged.

    Small metadata, not the data: rdflib is enough here. Call after load_store succeeded.
    """
    graph = Graph()
    problems: list[Problem] = []
    for directory in directories:
        package = PlanPackage.open(directory)
        path = package.path(VOID_DESCRIPTION)
        if path.is_file():
            graph.parse(path, format="turtle")
        else:
            relpath = package.relpath(VOID_DESCRIPTION)
            problems.append(Problem("generated.missing", relpath, params={"dir": str(directory)}))
    if problems:
        raise InvalidPackage(problems)
    return graph
