"""The synthetic corpus, multi-plan packages, and commands over several packages."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

from conftest import run_cli
from plan_progress.checks.tables import read_tables
from plan_progress.core import municipality_code
from plan_progress.core.package import PlanPackage
from plan_progress.core.progress import Progress
from plan_progress.pipeline.validation import validate
from plan_progress.scale.corpus import (
    MARK,
    SYNTHETIC_ROOT,
    generate_from_template,
    municipality_codes,
)
from scale_helpers import REPO


def tree_bytes(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


def test_codes_are_distinct_valid_and_never_shimotsuke() -> None:
    codes = municipality_codes(1741)
    assert len(set(codes)) == 1741
    assert all(municipality_code.is_valid(code) for code in codes)
    assert "092169" not in codes


def test_corpus_is_deterministic_from_its_seed(tmp_path: Path) -> None:
    generate_from_template(REPO, tmp_path / "a", 2, seed=5)
    generate_from_template(REPO, tmp_path / "b", 2, seed=5)
    generate_from_template(REPO, tmp_path / "c", 2, seed=6)
    assert tree_bytes(tmp_path / "a") == tree_bytes(tmp_path / "b")
    assert tree_bytes(tmp_path / "a") != tree_bytes(tmp_path / "c")


def test_corpus_is_marked_synthetic_everywhere(corpus) -> None:
    dirs, merged = corpus
    for directory in [*dirs, merged]:
        package = PlanPackage.open(directory)
        descriptor = package.descriptor
        assert descriptor["planProgress"]["synthetic"] is True
        assert "SYNTHETIC" in descriptor["title"] and MARK in descriptor["title"]
        assert "SYNTHETIC" in descriptor["description"]
        assert package.base_iri.startswith(SYNTHETIC_ROOT)
        tables = read_tables(package)
        assert all(MARK in r["title"] for r in tables["plans"] + tables["reports"])
        assert all(r["municipality_name"].startswith("合成市") for r in tables["plans"])


def test_texts_have_realistic_lengths(corpus) -> None:
    dirs, _ = corpus
    entries = read_tables(PlanPackage.open(dirs[0]))["progress-entries"]
    lengths = sorted(len(e["progress"]) for e in entries)
    assert len(entries) == 28
    assert 40 <= lengths[len(lengths) // 2] <= 400
    assert all(e["progress"].endswith("。") and e["issue"].endswith("。") for e in entries)


def test_every_corpus_package_and_the_merge_validate(corpus) -> None:
    dirs, merged = corpus
    for directory in [*dirs, merged]:
        assert validate(PlanPackage.open(directory)) == []
    merged_tables = read_tables(PlanPackage.open(merged))
    assert len(merged_tables["plans"]) == 3
    assert len(merged_tables["progress-entries"]) == 3 * 28


def test_a_plan_without_its_report_fails_in_a_multi_plan_package(corpus, tmp_path: Path) -> None:
    _, merged = corpus
    copy = tmp_path / "merged"
    shutil.copytree(merged, copy)
    reports = copy / "data/reports.csv"
    lines = reports.read_text("utf-8").splitlines(keepends=True)
    # Point the second report at the first plan: plan 2 has none, plan 1 has two.
    first_plan = lines[1].split(",")[1]
    second = lines[2].split(",")
    second[1] = first_plan
    lines[2] = ",".join(second)
    reports.write_text("".join(lines), encoding="utf-8")
    rules = [p.rule for p in validate(PlanPackage.open(copy))]
    assert rules.count("model.cardinality") == 2


def test_one_plan_rule_still_holds_for_ordinary_packages(corpus, tmp_path: Path) -> None:
    """The merged tables without the multiPlan flag are refused: nothing was weakened."""
    _, merged = corpus
    copy = tmp_path / "merged"
    shutil.copytree(merged, copy)
    descriptor = json.loads((copy / "datapackage.json").read_text("utf-8"))
    del descriptor["planProgress"]["multiPlan"]
    (copy / "datapackage.json").write_text(json.dumps(descriptor, ensure_ascii=False), "utf-8")
    rules = {p.rule for p in validate(PlanPackage.open(copy))}
    assert rules == {"model.cardinality"}


def test_validate_and_build_take_several_directories(corpus, tmp_path: Path) -> None:
    dirs, _ = corpus
    copies = []
    for directory in dirs:
        shutil.copytree(directory, tmp_path / directory.name)
        copies.append(tmp_path / directory.name)
    ok = run_cli("validate", *map(str, copies), "--lang", "en")
    assert ok.returncode == 0, ok.stderr
    assert "valid (3 packages)" in ok.stdout
    # Break the second package: its problem is reported under its own directory.
    plans = copies[1] / "data/plans.csv"
    code = read_tables(PlanPackage.open(copies[1]))["plans"][0]["municipality_code"]
    wrong = code[:5] + str((int(code[5]) + 1) % 10)
    plans.write_text(plans.read_text("utf-8").replace(f",{code},", f",{wrong},"), "utf-8")
    bad = run_cli("build", *map(str, copies), "--lang", "en")
    assert bad.returncode == 1
    first_line = bad.stderr.splitlines()[0]
    assert first_line.startswith(
        f"{copies[1]}/data/plans.csv:2:municipality_code: [code.municipality-check-digit]"
    )
    as_json = run_cli("validate", *map(str, copies), "--format", "json")
    report = json.loads(as_json.stdout)
    assert as_json.returncode == 1 and report["valid"] is False
    assert {p["file"] for p in report["problems"]} == {f"{copies[1]}/data/plans.csv"}


def test_single_directory_output_is_unchanged(package_copy: Path) -> None:
    result = run_cli("validate", str(package_copy), "--lang", "en")
    assert result.returncode == 0
    assert result.stdout.strip() == "検証に合格しました / valid"


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_shows_on_a_terminal_only() -> None:
    terminal, pipe = FakeTerminal(), io.StringIO()
    for stream in (terminal, pipe):
        progress = Progress(10, "validate", stream=stream, delay=0)
        progress.update(10)
        progress.close()
    assert "validate 10/10 (100%)" in terminal.getvalue()
    assert terminal.getvalue().endswith("\r\x1b[K")
    assert pipe.getvalue() == ""


def test_progress_waits_before_showing() -> None:
    terminal = FakeTerminal()
    progress = Progress(10, "build", stream=terminal, delay=3600)
    progress.update(5)
    progress.close()
    assert terminal.getvalue() == ""
