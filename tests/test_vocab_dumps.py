"""The vocabulary's and shapes' N-Triples and JSON-LD dumps are current and say the same as
the Turtle they are generated from."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from plan_progress.rdf.vocab_dumps import BUILD_COMMAND, GENERATED_DIR, dumps

# rdflib's JSON-LD parser still builds a ConjunctiveGraph internally; not ours to fix.
pytestmark = pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")


@pytest.fixture(scope="module")
def fresh() -> dict[Path, bytes]:
    return dumps()


def test_committed_dumps_are_current(fresh: dict[Path, bytes], root: Path) -> None:
    stale = [
        str(rel)
        for rel, data in fresh.items()
        if not (root / rel).is_file() or (root / rel).read_bytes() != data
    ]
    assert not stale, f"stale or missing: {stale}; fix with: {BUILD_COMMAND}"


def test_generation_is_deterministic(fresh: dict[Path, bytes]) -> None:
    assert dumps() == fresh


@pytest.mark.parametrize("stem", ["plan-progress", "shapes"])
def test_dumps_hold_the_same_graph_as_the_turtle(stem: str, root: Path) -> None:
    source = Graph().parse(root / "vocab" / f"{stem}.ttl", format="turtle")
    nt = Graph().parse(root / GENERATED_DIR / f"{stem}.nt", format="nt")
    jsonld = Graph().parse(root / GENERATED_DIR / f"{stem}.jsonld", format="json-ld")
    assert len(source) > 100
    assert isomorphic(source, nt)
    assert isomorphic(source, jsonld)
