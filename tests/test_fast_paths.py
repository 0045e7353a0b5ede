"""Every fast path gives the reference library's result: pyoxigraph = pyld (+ rdflib), the
SHACL subset = pyshacl, rows read during validation = a second frictionless pass, the
two-core pipeline = the sequential one. On the seed and on generated packages."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic

from plan_progress.checks import shacl_fast
from plan_progress.checks.generated import (
    check_jsonld_matches_turtle,
    check_jsonld_matches_turtle_reference,
)
from plan_progress.checks.shacl import SH, check_shacl, check_shacl_reference
from plan_progress.checks.tables import check_and_read_tables, read_tables
from plan_progress.core import parallel
from plan_progress.core.package import (
    GENERATED,
    JSONLD,
    NTRIPLES,
    SOURCE_TABLES,
    TURTLE,
    PlanPackage,
)
from plan_progress.pipeline.generate import generate, reference_ntriples
from plan_progress.pipeline.validation import check_and_generate
from plan_progress.rdf import fast_rdf
from plan_progress.rdf import jsonld_rdf as rdf

PP = Namespace("https://w3id.org/plan-progress/ns#")
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")


def packages(repo: Path, corpus: tuple[list[Path], Path]) -> list[PlanPackage]:
    dirs, merged = corpus
    return [PlanPackage.open(repo), *(PlanPackage.open(d) for d in dirs), PlanPackage.open(merged)]


def test_pyoxigraph_ntriples_are_pyld_ntriples_byte_for_byte(repo, corpus) -> None:
    for package in packages(repo, corpus):
        outputs = generate(package, read_tables(package))
        reference = reference_ntriples(outputs.documents)
        assert outputs.files[NTRIPLES].decode("utf-8") == reference, package.root
        assert reference.count("\n") > 250


def test_pyoxigraph_turtle_is_the_rdflib_graph(repo, corpus) -> None:
    for package in packages(repo, corpus):
        outputs = generate(package, read_tables(package))
        from_turtle = Graph().parse(data=outputs.files[TURTLE].decode("utf-8"), format="turtle")
        reference = rdf.graph_from_ntriples(reference_ntriples(outputs.documents))
        assert len(from_turtle) == len(reference) > 250
        assert isomorphic(from_turtle, reference), package.root
        # rdflib's own serializer gives the same graph too (the path this replaced).
        assert isomorphic(Graph().parse(data=rdf.turtle(reference), format="turtle"), from_turtle)


def test_fast_context_inlining_refuses_other_contexts() -> None:
    with pytest.raises(rdf.OfflineContextError):
        fast_rdf.ntriples([{"@context": "https://example.org/remote.jsonld", "@id": "https://e/x"}])


def test_merged_graph_is_the_union_of_the_packages_graphs(corpus) -> None:
    dirs, merged = corpus
    union = set()
    for directory in dirs:
        union |= set(PlanPackage.open(directory).path(NTRIPLES).read_text("utf-8").splitlines())
    merged_lines = PlanPackage.open(merged).path(NTRIPLES).read_text("utf-8").splitlines()
    assert merged_lines == sorted(union)


def test_rows_read_during_validation_are_the_second_pass_rows(repo, corpus) -> None:
    for package in packages(repo, corpus):
        problems, tables = check_and_read_tables(package)
        assert problems == []
        assert tables == read_tables(package)
        assert len(tables["progress-entries"]) >= 28


def pyshacl_results(graph: Graph) -> list[tuple]:
    from pyshacl import validate

    from plan_progress.checks.shacl import _shapes_graph

    _, results, _ = validate(graph, shacl_graph=_shapes_graph(), inference="none")
    sh = Namespace(SH)
    found = set()
    for result in results.subjects(sh.resultSeverity, sh.Violation):
        path = results.value(result, sh.resultPath)
        value = results.value(result, sh.value)
        component = results.value(result, sh.sourceConstraintComponent)
        if isinstance(value, Literal):
            value_text = value.n3()
        else:
            value_text = None if value is None else str(value)
        found.add(
            (str(results.value(result, sh.focusNode)), _str(path), str(component), value_text)
        )
    return sorted(found, key=lambda r: tuple(x or "" for x in r))


def _str(term) -> str | None:
    return None if term is None else str(term)


def fast_results(graph: Graph) -> list[tuple] | None:
    text = "".join(
        sorted(line + "\n" for line in graph.serialize(format="nt").splitlines() if line)
    )
    return shacl_fast.validate(fast_rdf.parse_ntriples(text.encode("utf-8")))


ENTRY = URIRef(
    "https://w3id.org/plan-progress/id/092169/plan/chiiki-fukushi-2/report/progress-summary/entry/g1-1-city"
)
PLAN = URIRef("https://w3id.org/plan-progress/id/092169/plan/chiiki-fukushi-2")
ACTOR = URIRef("https://w3id.org/plan-progress/id/092169/actor/city")
REPORT = URIRef(
    "https://w3id.org/plan-progress/id/092169/plan/chiiki-fukushi-2/report/progress-summary"
)

MUTATIONS: dict[str, Callable[[Graph], None]] = {
    "min-count": lambda g: g.remove((ENTRY, PP.actor, None)),
    "max-count": lambda g: g.add((ENTRY, PP.issue, Literal("二つ目", lang="ja"))),
    "datatype": lambda g: (
        g.remove((PLAN, PP.title, None)),
        g.add((PLAN, PP.title, Literal("言語タグなし"))),
    ),
    "ill-typed-integer": lambda g: (
        g.remove((PLAN, PP.periodNumber, None)),
        g.add((PLAN, PP.periodNumber, Literal("二", datatype=XSD.integer))),
    ),
    "min-inclusive": lambda g: (
        g.remove((PLAN, PP.periodNumber, None)),
        g.add((PLAN, PP.periodNumber, Literal(0))),
    ),
    "in": lambda g: (
        g.remove((REPORT, PP.status, None)),
        g.add((REPORT, PP.status, Literal("kakutei"))),
    ),
    "pattern": lambda g: (
        g.remove((PLAN, PP.municipalityCode, None)),
        g.add((PLAN, PP.municipalityCode, Literal("92169"))),
    ),
    "min-length": lambda g: (
        g.remove((ACTOR, PP.name, None)),
        g.add((ACTOR, PP.name, Literal("", lang="ja"))),
    ),
    "class": lambda g: g.remove((ACTOR, None, PP.Actor)),
    "class-literal": lambda g: (
        g.remove((ENTRY, PP.actor, None)),
        g.add((ENTRY, PP.actor, Literal("市"))),
    ),
}


@pytest.mark.parametrize("name", sorted(MUTATIONS))
def test_shacl_subset_finds_what_pyshacl_finds(package: PlanPackage, name: str) -> None:
    graph = generate(package, read_tables(package)).graph
    MUTATIONS[name](graph)
    expected = pyshacl_results(graph)
    assert expected, f"mutation {name} must break a shape"
    assert fast_results(graph) == expected


def test_shacl_subset_agrees_on_valid_data(repo, corpus) -> None:
    for package in packages(repo, corpus):
        graph = generate(package, read_tables(package)).graph
        assert pyshacl_results(graph) == [] == fast_results(graph)


def test_shacl_subset_gives_up_when_data_has_subclasses(package: PlanPackage) -> None:
    graph = generate(package, read_tables(package)).graph
    graph.add(
        (
            PP.SpecialEntry,
            URIRef("http://www.w3.org/2000/01/rdf-schema#subClassOf"),
            PP.ProgressEntry,
        )
    )
    assert fast_results(graph) is None


@pytest.mark.parametrize("name", ["min-count", "datatype", "subclass", "ungrouped"])
def test_watching_triples_passes_each_on_and_gives_validates_verdict(
    package: PlanPackage, name: str
) -> None:
    """The batches write their Turtle from the triples the SHACL subset watches: every
    triple passes unchanged, and the verdict is `validate`'s, also when it gives up midway."""
    graph = generate(package, read_tables(package)).graph
    if name in MUTATIONS:
        MUTATIONS[name](graph)
    lines = sorted(line + "\n" for line in graph.serialize(format="nt").splitlines() if line)
    if name == "subclass":
        lines.insert(
            5,
            f"<{PP.SpecialEntry}> <http://www.w3.org/2000/01/rdf-schema#subClassOf> <{PP.ProgressEntry}> .\n",
        )
    if name == "ungrouped":
        lines.append(lines[0])  # the first subject again, after the others
    text = "".join(lines).encode("utf-8")
    check = shacl_fast.StreamCheck()
    passed = list(check.watch(fast_rdf.parse_ntriples(text)))
    assert passed == list(fast_rdf.parse_ntriples(text))
    expected = shacl_fast.validate(fast_rdf.parse_ntriples(text))
    assert check.results() == expected
    assert (expected is None) == (name in ("subclass", "ungrouped"))
    assert name not in MUTATIONS or expected == pyshacl_results(graph) != []


def test_shacl_check_reports_pyshacl_problems_for_a_broken_graph(package: PlanPackage) -> None:
    graph = generate(package, read_tables(package)).graph
    MUTATIONS["min-count"](graph)
    triples = fast_rdf.parse_ntriples(graph.serialize(format="nt").encode("utf-8"))
    problems = check_shacl(triples, lambda: graph, "data/generated/report.ttl")
    assert problems == check_shacl_reference(graph, "data/generated/report.ttl")
    assert [p.rule for p in problems] == ["rdf.shacl"]


def test_fast_jsonld_turtle_check_agrees_with_the_reference(package_copy: Path) -> None:
    package = PlanPackage.open(package_copy)
    assert (
        check_jsonld_matches_turtle(package) == [] == check_jsonld_matches_turtle_reference(package)
    )
    turtle = package.path(TURTLE)
    turtle.write_text(turtle.read_text("utf-8").replace("下野市", "上野市", 1), encoding="utf-8")
    broken = check_jsonld_matches_turtle(package)
    assert [p.rule for p in broken] == ["generated.rdf-mismatch"]
    assert broken == check_jsonld_matches_turtle_reference(package)
    assert json.loads(package.path(JSONLD).read_text("utf-8"))["id"]


def test_two_core_pipeline_equals_the_sequential_one(corpus, monkeypatch) -> None:
    _, merged = corpus
    package = PlanPackage.open(merged)
    sequential = check_and_generate(package)
    monkeypatch.setattr(parallel, "MIN_PARALLEL_BYTES", 0)
    monkeypatch.setenv("PLAN_PROGRESS_JOBS", "2")
    assert parallel.worth_it(package)
    in_parallel = check_and_generate(package)
    assert in_parallel[1] == sequential[1] == []
    assert in_parallel[0].files == sequential[0].files
    assert set(in_parallel[0].files) == set(GENERATED)


def test_two_core_table_check_reports_what_the_package_check_reports(
    package_copy, monkeypatch
) -> None:
    entries = package_copy / "data/progress-entries.csv"
    entries.write_text(entries.read_text("utf-8").replace(",g1-1,city,", ",g9-9,city,", 1), "utf-8")
    (package_copy / "data/plans.csv").write_text(
        (package_copy / "data/plans.csv").read_text("utf-8").replace(",final,", ",x,"), "utf-8"
    )
    package = PlanPackage.open(package_copy)
    groups = (("progress-entries",), tuple(n for n in SOURCE_TABLES if n != "progress-entries"))
    sequential, _ = check_and_read_tables(package)
    in_parallel, _ = check_and_read_tables(package, groups, parallel=True)
    assert [p.rule for p in sequential] == ["table.foreign-key"]
    assert in_parallel == sequential


def test_validating_a_valid_package_never_imports_the_slow_libraries(repo: Path) -> None:
    """Start-up is most of a small package's time: pyld and pyshacl load only when a
    reference path is needed (a problem to explain, or data outside the fast paths).
    rdflib neither: the VoID description is made of pyoxigraph terms (tests/test_imports.py
    checks the other commands' libraries too)."""
    import subprocess
    import sys

    code = (
        "import sys; from plan_progress.cli.main import main; code = main(['validate', '.']);"
        "print(sorted(m for m in ('pyld', 'rdflib', 'pyshacl') if m in sys.modules), code)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=repo, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip().splitlines()[-1] == "[] 0"
