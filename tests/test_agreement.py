"""The streamed JSON-LD ↔ Turtle agreement check gives the verdicts of the in-memory one:
none on good packages (one plan, many plans, the examples), the same problems on broken
ones, the reference's decision where blank nodes appear."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import copy_package
from plan_progress.checks import agreement
from plan_progress.checks.agreement import documents, jsonld_agrees_with_turtle
from plan_progress.checks.generated import (
    check_jsonld_matches_turtle,
    check_jsonld_matches_turtle_in_memory,
)
from plan_progress.core.package import JSONLD, NTRIPLES, TURTLE, PlanPackage

REPO = Path(__file__).resolve().parents[1]


def both(package: PlanPackage) -> list:
    streamed = check_jsonld_matches_turtle(package)
    assert streamed == check_jsonld_matches_turtle_in_memory(package)
    return streamed


@pytest.mark.parametrize(
    "source", [REPO, *sorted((REPO / "examples").iterdir())], ids=lambda p: p.name
)
def test_good_packages_agree_on_both_paths(source: Path, tmp_path: Path) -> None:
    package = PlanPackage.open(copy_package(tmp_path / "pkg", source))
    assert jsonld_agrees_with_turtle(package) is True
    assert both(package) == []


def test_a_many_plan_package_agrees_in_small_batches(corpus, monkeypatch) -> None:
    _, merged = corpus
    package = PlanPackage.open(merged)
    monkeypatch.setattr(agreement, "BATCH_DOCUMENTS", 2)
    monkeypatch.setattr(agreement, "_WINDOW", 4096)  # documents cross window edges
    assert len(json.loads(package.path(JSONLD).read_text("utf-8"))) > 2
    assert jsonld_agrees_with_turtle(package) is True
    assert both(package) == []


def test_a_changed_turtle_is_the_same_problem_on_both_paths(package_copy: Path) -> None:
    package = PlanPackage.open(package_copy)
    turtle = package.path(TURTLE)
    turtle.write_text(turtle.read_text("utf-8").replace("下野市", "上野市", 1), encoding="utf-8")
    assert jsonld_agrees_with_turtle(package) is False
    problems = both(package)
    assert [p.rule for p in problems] == ["generated.rdf-mismatch"]
    assert problems[0].params["count"] == 2


def test_a_changed_jsonld_is_the_same_problem_on_both_paths(package_copy: Path) -> None:
    package = PlanPackage.open(package_copy)
    path = package.path(JSONLD)
    path.write_text(path.read_text("utf-8").replace("下野市", "上野市"), encoding="utf-8")
    assert jsonld_agrees_with_turtle(package) is False
    assert [p.rule for p in both(package)] == ["generated.rdf-mismatch"]


def test_a_dropped_triple_is_found(package_copy: Path) -> None:
    package = PlanPackage.open(package_copy)
    turtle = package.path(TURTLE)
    text = turtle.read_text("utf-8")
    assert "pp:municipalityCode" in text
    turtle.write_text(
        "\n".join(line for line in text.splitlines() if "pp:municipalityCode" not in line) + "\n",
        encoding="utf-8",
    )
    assert jsonld_agrees_with_turtle(package) is False
    assert [p.rule for p in both(package)] == ["generated.rdf-mismatch"]


def test_a_blank_node_leaves_the_decision_to_the_reference(package_copy: Path) -> None:
    package = PlanPackage.open(package_copy)
    turtle = package.path(TURTLE)
    with turtle.open("a", encoding="utf-8") as f:
        f.write('\n[] <https://w3id.org/plan-progress/ns#title> "x" .\n')
    assert jsonld_agrees_with_turtle(package) is None
    assert [p.rule for p in both(package)] == ["generated.rdf-mismatch"]


def test_documents_are_read_one_at_a_time(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(agreement, "_WINDOW", 7)
    items = [{"a": i, "text": "下野市" * i} for i in range(5)]
    array = tmp_path / "array.json"
    array.write_text(json.dumps(items, ensure_ascii=False, indent=2), encoding="utf-8")
    assert list(documents(array)) == items
    single = tmp_path / "single.json"
    single.write_text(json.dumps(items[3]), encoding="utf-8")
    assert list(documents(single)) == [items[3]]
    empty = tmp_path / "empty.json"
    empty.write_text(" [ ] ", encoding="utf-8")
    assert list(documents(empty)) == []


@pytest.mark.parametrize("text", ['[{"a": 1}', '[{"a": 1}, 2]', '{"a": 1} {"b": 2}', "", "[{"])
def test_malformed_json_leaves_the_decision_to_the_reference(text: str, package_copy: Path) -> None:
    path = Path(package_copy) / "x.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises((ValueError, agreement._NotAgreed)):
        list(documents(path))


def test_no_temporary_files_are_left(package_copy: Path, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("TMPDIR", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", None)
    assert jsonld_agrees_with_turtle(PlanPackage.open(package_copy)) is True
    assert list((tmp_path / "tmp").iterdir()) == []
    shutil.rmtree(tmp_path / "tmp")


def test_known_ntriples_stand_for_the_jsonld_and_are_left_untouched(
    package_copy: Path, tmp_path: Path
) -> None:
    package = PlanPackage.open(package_copy)
    fresh = tmp_path / "fresh.nt"
    shutil.copyfile(package.path(NTRIPLES), fresh)
    before = fresh.read_bytes()
    assert jsonld_agrees_with_turtle(package, fresh) is True
    assert jsonld_agrees_with_turtle(package, before) is True
    turtle = package.path(TURTLE)
    turtle.write_text(turtle.read_text("utf-8").replace("下野市", "上野市", 1), encoding="utf-8")
    assert jsonld_agrees_with_turtle(package, fresh) is False
    assert check_jsonld_matches_turtle(package, fresh) == check_jsonld_matches_turtle_in_memory(
        package
    )
    assert fresh.read_bytes() == before


def test_turtle_in_another_order_still_agrees(package_copy: Path) -> None:
    """A Turtle whose statements are not in our order is sorted before the comparison."""
    package = PlanPackage.open(package_copy)
    turtle = package.path(TURTLE)
    lines = package.path(NTRIPLES).read_text("utf-8").splitlines()
    turtle.write_text("\n".join(reversed(lines)) + "\n", encoding="utf-8")
    assert jsonld_agrees_with_turtle(package, package.path(NTRIPLES)) is True
    assert both(package) == []


def test_validate_of_a_many_plan_package_finds_nothing(corpus) -> None:
    from plan_progress.pipeline.validation import validate

    _, merged = corpus
    assert validate(PlanPackage.open(merged)) == []
