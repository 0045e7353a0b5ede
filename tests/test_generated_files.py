"""Generated files are reproducible, committed up to date, and agree across JSON-LD processors."""

from __future__ import annotations

import json

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from conftest import ALL_PACKAGES, REPO, generated_digests, package_id, run_cli
from plan_progress.core.package import FLAT_TABLE, GENERATED, JSONLD, NTRIPLES, TURTLE, PlanPackage
from plan_progress.core.problems import errors
from plan_progress.pipeline.generate import Outputs
from plan_progress.pipeline.validation import check_and_generate
from plan_progress.rdf import jsonld_rdf as rdf


def fresh(package: PlanPackage) -> Outputs:
    outputs, problems = check_and_generate(package)
    assert not errors(problems), [p.as_line("en") for p in problems]
    assert outputs is not None
    return outputs


@pytest.mark.parametrize("root", ALL_PACKAGES, ids=package_id)
def test_committed_generated_files_equal_a_fresh_build(root) -> None:
    package = PlanPackage.open(root)
    outputs = fresh(package)
    stale = [
        package.relpath(name)
        for name in GENERATED
        if not package.path(name).is_file()
        or package.path(name).read_bytes() != outputs.files[name]
    ]
    assert not stale, (
        f"generated files are stale: {stale}; regenerate with: plan-progress build {root}"
    )


def test_build_is_deterministic(package: PlanPackage) -> None:
    assert fresh(package).files == fresh(package).files


def test_build_twice_writes_nothing_the_second_time(package_copy) -> None:
    first = run_cli("build", str(package_copy))
    assert first.returncode == 0, first.stderr
    before = generated_digests(package_copy)
    second = run_cli("build", str(package_copy), "--lang", "en")
    assert second.returncode == 0
    assert "up to date" in second.stdout
    assert generated_digests(package_copy) == before


@pytest.mark.parametrize("root", ALL_PACKAGES, ids=package_id)
def test_pyld_graph_of_committed_json_ld_is_the_committed_turtle(root) -> None:
    package = PlanPackage.open(root)
    document = json.loads(package.path(JSONLD).read_text(encoding="utf-8"))
    from_pyld = rdf.graph_from_ntriples(rdf.ntriples(rdf.to_nquads(document)))
    from_turtle = Graph().parse(package.path(TURTLE), format="turtle")
    from_nt = Graph().parse(package.path(NTRIPLES), format="nt")
    assert len(from_pyld) > (250 if root == REPO else 50)  # 28 entries x 6 triples give 168
    assert isomorphic(from_pyld, from_turtle)
    assert isomorphic(from_pyld, from_nt)


@pytest.mark.parametrize("root", ALL_PACKAGES, ids=package_id)
def test_rdflib_json_ld_parser_reads_the_same_graph(root) -> None:
    package = PlanPackage.open(root)
    # A second, independent JSON-LD processor; the context is given inline so that
    # nothing is fetched.
    from plan_progress.core.standard import context_document

    document = json.loads(package.path(JSONLD).read_text(encoding="utf-8"))
    document["@context"][0] = context_document()["@context"]
    graph = Graph().parse(data=json.dumps(document), format="json-ld")
    assert isomorphic(graph, Graph().parse(package.path(TURTLE), format="turtle"))


def test_graph_holds_every_entry_with_both_texts(package: PlanPackage) -> None:
    graph = Graph().parse(package.path(TURTLE), format="turtle")
    rows = list(
        graph.query(
            """PREFIX pp: <https://w3id.org/plan-progress/ns#>
            SELECT ?entry ?progress ?issue WHERE {
              ?report pp:entry ?entry .
              ?entry pp:progress ?progress ; pp:issue ?issue ; pp:actor ?actor ;
                     pp:aboutInitiative ?initiative .
              ?goal pp:initiative ?initiative .
              ?plan pp:basicGoal ?goal ; pp:author ?actor .
            }"""
        )
    )
    assert len(rows) == 28
    assert all(row.progress.language == "ja" and row.issue.language == "ja" for row in rows)


def test_flat_csv_has_one_row_per_entry_and_keeps_leading_zeros(package: PlanPackage) -> None:
    lines = package.path(FLAT_TABLE).read_text(encoding="utf-8").split("\n")
    import csv

    rows = list(csv.DictReader(lines))
    assert len(rows) == 28
    assert {row["municipality_code"] for row in rows} == {"092169"}
    assert [row["actor_short_name"] for row in rows[:2]] == ["市", "社協"]
    assert b"\r\n" not in package.path(FLAT_TABLE).read_bytes()


def test_json_ld_uses_the_versioned_context_and_the_package_base(package: PlanPackage) -> None:
    from plan_progress.core.standard import CONTEXT_IRI

    document = json.loads(package.path(JSONLD).read_text(encoding="utf-8"))
    assert document["@context"] == [CONTEXT_IRI, {"@base": package.base_iri}]
