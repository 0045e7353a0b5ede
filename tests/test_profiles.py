"""Extension profiles: declared columns become RDF under their own namespace; anything else fails."""

from __future__ import annotations

import json
from pathlib import Path

from rdflib import Graph, Literal, Namespace, URIRef

from conftest import run_cli

EXT = Namespace("https://example.org/kakuu-shi/plan-progress-ext#")
BASE = "https://w3id.org/plan-progress/id/990019/"


def test_profile_columns_become_triples_in_the_profile_namespace(example_copy: Path) -> None:
    graph = Graph().parse(example_copy / "data/generated/report.ttl", format="turtle")
    initiative = URIRef(BASE + "plan/chiiki-fukushi-3/initiative/g2-1")
    assert graph.value(initiative, EXT.budgetThousandYen) == Literal(12600)
    entry = URIRef(BASE + "plan/chiiki-fukushi-3/report/r6-evaluation/entry/g1-2-center")
    assert graph.value(entry, EXT.sourcePage) == Literal(5)
    document = json.loads(
        (example_copy / "data/generated/report.jsonld").read_text(encoding="utf-8")
    )
    assert document["@context"][1]["kakuu"] == str(EXT)


def descriptor(root: Path) -> dict:
    return json.loads((root / "datapackage.json").read_text(encoding="utf-8"))


def write(root: Path, value: dict) -> None:
    (root / "datapackage.json").write_text(
        json.dumps(value, ensure_ascii=False, indent=2), encoding="utf-8"
    )


def problems(root: Path) -> list[dict]:
    result = run_cli("validate", str(root), "--format", "json", "--lang", "en")
    assert result.returncode == 1
    return json.loads(result.stdout)["problems"]


def test_an_undeclared_column_is_a_table_schema_drift(example_copy: Path) -> None:
    value = descriptor(example_copy)
    value["planProgress"]["profiles"] = []
    write(example_copy, value)
    found = problems(example_copy)
    assert {(p["rule"], p["column"]) for p in found} == {
        ("package.table-schema", "resources/initiatives/schema"),
        ("package.table-schema", "resources/progress-entries/schema"),
    }


def test_an_edited_standard_field_is_a_table_schema_drift(package_copy: Path) -> None:
    value = descriptor(package_copy)
    goals = next(r for r in value["resources"] if r["name"] == "basic-goals")
    goals["schema"]["fields"][3]["constraints"]["required"] = False
    write(package_copy, value)
    (problem,) = problems(package_copy)
    assert problem["rule"] == "package.table-schema"
    assert "/fields/3/constraints/required" in problem["message"]


def test_a_profile_column_without_the_prefix_is_refused(example_copy: Path) -> None:
    path = example_copy / "profiles/kakuu-budget.json"
    profile = json.loads(path.read_text(encoding="utf-8"))
    profile["fields"]["initiatives"][0]["name"] = "budget_thousand_yen"
    path.write_text(json.dumps(profile, ensure_ascii=False), encoding="utf-8")
    found = problems(example_copy)
    assert any(
        p["rule"] == "profile.invalid" and "must start with kakuu_" in p["message"] for p in found
    )


def test_a_profile_on_an_unknown_table_or_with_a_bad_version_is_refused(example_copy: Path) -> None:
    path = example_copy / "profiles/kakuu-budget.json"
    profile = json.loads(path.read_text(encoding="utf-8"))
    profile["version"] = "first"
    profile["fields"]["plan-authors"] = profile["fields"].pop("initiatives")
    path.write_text(json.dumps(profile, ensure_ascii=False), encoding="utf-8")
    found = [p for p in problems(example_copy) if p["rule"] == "profile.invalid"]
    assert {p["column"] for p in found} == {"/version"}


def test_a_value_breaking_the_profiles_constraint_is_reported(example_copy: Path) -> None:
    path = example_copy / "data/initiatives.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",4200", ",-5"), encoding="utf-8")
    found = problems(example_copy)
    assert any(
        p["rule"] == "table.constraint" and p["column"] == "kakuu_budget_thousand_yen"
        for p in found
    )
