"""Data a researcher can find their way around (issue 12, point 4, the data side): every node
has an rdfs:label, printed numbers are skos:notation, and links are stated both ways."""

from __future__ import annotations

import csv
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import OWL, Graph

from conftest import ALL_PACKAGES, EXAMPLES, REPO, package_id
from plan_progress.core.package import NTRIPLES, PlanPackage
from plan_progress.core.standard import VOCAB_NS, vocab_path

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
NOTATION = "http://www.w3.org/2004/02/skos/core#notation"
INVERSES = [
    (str(a), str(b))
    for a, b in Graph().parse(vocab_path(), format="turtle").subject_objects(OWL.inverseOf)
]


def triples(root: Path) -> list[ox.Quad]:
    return list(
        ox.parse(path=str(PlanPackage.open(root).path(NTRIPLES)), format=ox.RdfFormat.N_TRIPLES)
    )


@pytest.mark.parametrize("root", ALL_PACKAGES, ids=package_id)
def test_every_node_of_the_data_has_a_japanese_label(root: Path) -> None:
    found = triples(root)
    typed = {
        q.subject.value
        for q in found
        if q.predicate.value == RDF_TYPE and q.object.value.startswith(VOCAB_NS)
    }
    labelled = {
        q.subject.value
        for q in found
        if q.predicate.value == RDFS_LABEL
        and isinstance(q.object, ox.Literal)
        and q.object.language == "ja"
    }
    assert typed and typed <= labelled, sorted(typed - labelled)[:5]


@pytest.mark.parametrize("root", ALL_PACKAGES, ids=package_id)
def test_links_are_stated_both_ways(root: Path) -> None:
    found = {(q.subject.value, q.predicate.value, q.object.value) for q in triples(root)}
    checked = 0
    for forward, backward in INVERSES:
        for s, p, o in found:
            if p == forward:
                assert (o, backward, s) in found, (s, forward, o)
                checked += 1
    if root in (REPO, *EXAMPLES):  # records of grades or indicators only have none of these links
        assert checked > 10


def test_the_vocabulary_declares_the_navigation_pairs() -> None:
    pairs = {frozenset(pair) for pair in INVERSES}
    for a, b in (("initiative", "goal"), ("aboutInitiative", "progressEntry"),
                 ("broaderInitiative", "narrowerInitiative"), ("broaderGoal", "narrowerGoal"),
                 ("relatedGoal", "relatedInitiative")):  # fmt: skip
        assert frozenset((VOCAB_NS + a, VOCAB_NS + b)) in pairs, (a, b)


@pytest.mark.parametrize("root", ALL_PACKAGES, ids=package_id)
def test_printed_numbers_are_skos_notations(root: Path) -> None:
    """Each goal's and initiative's printed number is its skos:notation, exactly as typed."""
    printed = set()
    for table in ("basic-goals", "initiatives", "indicators"):
        with (root / "data" / f"{table}.csv").open(encoding="utf-8", newline="") as f:
            printed |= {row["notation"] for row in csv.DictReader(f) if row.get("notation")}
    notations = {q.object.value for q in triples(root) if q.predicate.value == NOTATION}
    assert printed <= notations


def test_labels_use_english_where_the_source_has_english() -> None:
    root = next(p for p in ALL_PACKAGES if p.name == "mihon-machi-kenko")
    labels = {
        (q.object.value, q.object.language)
        for q in triples(root)
        if q.predicate.value == RDFS_LABEL and isinstance(q.object, ox.Literal)
    }
    assert ("Much improved", "en") in labels and ("大きく改善", "ja") in labels
    # An entry is labelled with its initiative and actor; a grade with its subject and scale.
    assert ("特定健診の受診勧奨（町）", "ja") in labels
    assert ("特定健診受診率：達成度 4.0（令和4年度）", "ja") in labels
