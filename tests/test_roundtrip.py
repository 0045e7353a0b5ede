"""CSV -> JSON-LD -> RDF -> tables gives back the source tables, for every package."""

from __future__ import annotations

import pytest
from rdflib import Graph, URIRef

from conftest import ALL_PACKAGES, package_id
from plan_progress.checks.tables import read_tables
from plan_progress.core.package import TURTLE, PlanPackage
from plan_progress.model.profiles import load_profiles
from plan_progress.model.roundtrip import canonical, tables_from_graph


@pytest.mark.parametrize("root", ALL_PACKAGES, ids=package_id)
def test_committed_turtle_gives_back_the_source_tables(root) -> None:
    package = PlanPackage.open(root)
    graph = Graph().parse(package.path(TURTLE), format="turtle")
    source = canonical(read_tables(package))
    recovered = canonical(tables_from_graph(graph, package.base_iri, load_profiles(package)))
    assert recovered == source
    assert sum(len(rows) for rows in source.values()) > 8


@pytest.mark.parametrize(
    ("subject", "prop"),
    [
        ("plan/chiiki-fukushi-3/report/r6-evaluation/entry/g1-1-shakyo", "https://w3id.org/plan-progress/ns#issue"),
        (
            "plan/chiiki-fukushi-3/initiative/g2-1",
            "https://example.org/kakuu-shi/plan-progress-ext#budgetThousandYen",
        ),
        (
            "plan/chiiki-fukushi-3/report/r6-evaluation/indicator/ind1/fy/2023",
            "https://w3id.org/plan-progress/ns#plannedValue",
        ),
    ],
)
def test_round_trip_notices_a_lost_value(example_copy, subject: str, prop: str) -> None:
    # The comparison is not vacuous: dropping one value from the graph shows up.
    package = PlanPackage.open(example_copy)
    graph = Graph().parse(package.path(TURTLE), format="turtle")
    node = URIRef(package.base_iri + subject)
    assert graph.value(node, URIRef(prop)) is not None
    graph.remove((node, URIRef(prop), None))
    source = canonical(read_tables(package))
    assert canonical(tables_from_graph(graph, package.base_iri, load_profiles(package))) != source
