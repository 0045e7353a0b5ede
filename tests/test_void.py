"""The VoID/DCAT description that `build` writes agrees with the data it describes."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from rdflib import RDF, Graph, Literal, Namespace, URIRef

from plan_progress.checks.tables import read_tables
from plan_progress.core.package import VOID_DESCRIPTION, PlanPackage
from plan_progress.pipeline.generate import generate

VOID = Namespace("http://rdfs.org/ns/void#")
DCT = Namespace("http://purl.org/dc/terms/")
PP = Namespace("https://w3id.org/plan-progress/ns#")


def description(root: Path) -> tuple[URIRef, Graph, Graph]:
    descriptor = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
    void = Graph().parse(root / "data/generated/void.ttl", format="turtle")
    data = Graph().parse(root / "data/generated/report.nt", format="nt")
    return URIRef(descriptor["id"]), void, data


def test_counts_match_the_data(root: Path) -> None:
    ds, void, data = description(root)
    lines = (root / "data/generated/report.nt").read_text(encoding="utf-8").splitlines()
    assert void.value(ds, VOID.triples) == Literal(len(lines))
    assert void.value(ds, VOID.distinctSubjects) == Literal(len(set(data.subjects())))
    assert void.value(ds, VOID.properties) == Literal(len(set(data.predicates())))
    with (root / "data/progress-entries.csv").open(encoding="utf-8", newline="") as f:
        entries = sum(1 for _ in csv.DictReader(f))
    partitions = {
        void.value(p, VOID["class"]): void.value(p, VOID.entities).toPython()
        for p in void.objects(ds, VOID.classPartition)
    }
    assert partitions[PP.ProgressEntry] == entries
    assert partitions[PP.Plan] == 1


def test_vocabularies_examples_and_links(root: Path) -> None:
    ds, void, data = description(root)
    assert set(void.objects(ds, VOID.vocabulary)) == {
        URIRef("https://w3id.org/plan-progress/ns#"),
        URIRef(str(RDF)),
        URIRef("http://www.w3.org/2000/01/rdf-schema#"),  # every node's rdfs:label
    }
    examples = set(void.objects(ds, VOID.exampleResource)) | {void.value(ds, VOID.rootResource)}
    assert len(examples) == 5
    subjects = set(data.subjects())
    assert examples <= subjects
    assert (void.value(ds, VOID.rootResource), RDF.type, PP.ProgressReport) in data
    assert set(void.objects(ds, DCT.spatial)) == {URIRef("http://data.e-stat.go.jp/lod/sac/C09216")}
    # No endpoint runs where the file is published; serve adds its own (see test_serve).
    assert void.value(ds, VOID.sparqlEndpoint) is None
    assert {lit.language for lit in void.objects(ds, DCT.title)} == {"ja", "en"}


def test_description_is_deterministic(root: Path) -> None:
    package = PlanPackage.open(root)
    tables = read_tables(package)
    first = generate(package, tables).files[VOID_DESCRIPTION]
    second = generate(package, tables).files[VOID_DESCRIPTION]
    assert first == second == package.path(VOID_DESCRIPTION).read_bytes()
