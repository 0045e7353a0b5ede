"""A package of many plans is generated in batches into staged files (pipeline/streamed.py):
the same bytes and problems as the in-memory path (`generate.generate`), whichever way the
batches are cut, on one core or two, when the batches' subjects overlap, and when a batch's
own SHACL verdict is not clean. `build` stages the files in the package and leaves nothing
behind."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from plan_progress.checks import shacl_fast
from plan_progress.checks.tables import read_tables
from plan_progress.core import parallel
from plan_progress.core.package import GENERATED, PlanPackage
from plan_progress.core.problems import InvalidPackage
from plan_progress.model.profiles import load_profiles
from plan_progress.pipeline import streamed
from plan_progress.pipeline.build import build
from plan_progress.pipeline.generate import generate
from plan_progress.pipeline.validation import check_and_generate, validate


@pytest.fixture(scope="module")
def merged(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Eight synthetic municipalities in one package (their plans are not in code order)."""
    from scale_helpers import make_corpus

    return make_corpus(tmp_path_factory.mktemp("streamed"), count=8, seed=3)[1]


def in_memory(package: PlanPackage) -> dict[str, bytes]:
    return dict(generate(package, read_tables(package), load_profiles(package)).files)


@pytest.mark.parametrize("jobs", ["1", "2"])
@pytest.mark.parametrize("batch_rows", [1, 40, 100_000])
def test_batches_give_the_in_memory_bytes(merged, monkeypatch, jobs, batch_rows) -> None:
    monkeypatch.setattr(streamed, "BATCH_ROWS", batch_rows)
    monkeypatch.setattr(parallel, "MIN_PARALLEL_BYTES", 0)
    monkeypatch.setenv("PLAN_PROGRESS_JOBS", jobs)
    package = PlanPackage.open(merged)
    outputs, problems = check_and_generate(package)
    assert problems == []
    assert set(outputs.files) == set(GENERATED)
    assert dict(outputs.files) == in_memory(package)


def test_only_the_outputs_stay_in_the_stage(merged, tmp_path) -> None:
    """The batches' files are removed once joined: the stage holds the five outputs."""
    paths, problems = streamed.generate_and_check(
        *_job_of(PlanPackage.open(merged)), stage=tmp_path, parallel=False
    )
    assert problems == []
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(streamed.FILE_NAMES.values())
    assert set(paths.values()) == set(tmp_path.iterdir())


def _job_of(package: PlanPackage):
    from plan_progress.model.plan_split import split_by_plan
    from plan_progress.pipeline.validation import _locator

    tables = read_tables(package)
    parts = split_by_plan(tables)
    paths = {name: package.relpath(name) for name in tables}
    return package, parts, load_profiles(package), _locator(package, parts, paths)


def test_the_batches_are_cut_in_base_iri_order(merged, monkeypatch, tmp_path) -> None:
    """Plans not in code order in the tables (as in the big synthetic corpus), cut in base
    IRI order: the batches' subjects do not overlap, so the files are joined, not merged,
    and the JSON-LD list and the flat table keep the tables' order."""
    copy = tmp_path / "merged"
    shutil.copytree(merged, copy)
    plans = copy / "data" / "plans.csv"
    header, *rows = plans.read_text("utf-8").splitlines(keepends=True)
    plans.write_text(header + "".join(reversed(rows)), "utf-8")
    package = PlanPackage.open(copy)
    codes = [r["municipality_code"] for r in read_tables(package)["plans"]]
    assert codes == sorted(codes, reverse=True)
    used = []
    original = streamed._finish_disjoint
    monkeypatch.setattr(streamed, "_finish_disjoint", lambda *a: used.append(True) or original(*a))
    monkeypatch.setattr(streamed, "BATCH_ROWS", 1)
    outputs, _ = check_and_generate(package)
    assert used == [True]
    assert dict(outputs.files) == in_memory(package)


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_overlapping_batches_are_merged_line_by_line(merged, monkeypatch, jobs) -> None:
    """Two plans of one municipality share IRIs; the merge path then sorts and de-duplicates
    the lines and checks the whole graph. Forced here by saying the batches overlap."""
    monkeypatch.setattr(streamed, "_disjoint", lambda subjects: False)
    monkeypatch.setattr(streamed, "BATCH_ROWS", 1)
    monkeypatch.setattr(parallel, "MIN_PARALLEL_BYTES", 0)
    monkeypatch.setenv("PLAN_PROGRESS_JOBS", jobs)
    package = PlanPackage.open(merged)
    outputs, problems = check_and_generate(package)
    assert problems == []
    assert dict(outputs.files) == in_memory(package)


def test_merging_lines_sorts_and_removes_repeats(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    a.write_bytes(b"<x> <p> 1 .\n<z> <p> 3 .\n")
    b.write_bytes(b"<x> <p> 1 .\n<y> <p> 2 .\n")
    streamed._merge_lines([a, b], tmp_path / "out")
    assert (tmp_path / "out").read_bytes() == b"<x> <p> 1 .\n<y> <p> 2 .\n<z> <p> 3 .\n"
    assert streamed._disjoint([(b"<a>", b"<b>"), (b"<c>", b"<d>")])
    assert not streamed._disjoint([(b"<a>", b"<c>"), (b"<c>", b"<d>")])


def test_a_batch_not_clean_for_shacl_sends_the_whole_graph_to_shacl(merged, monkeypatch) -> None:
    """A batch's own verdict is only trusted when clean: otherwise the whole graph is
    checked (here it is valid, so nothing is reported)."""
    whole: list[int] = []
    original_whole, original = streamed._shacl, shacl_fast.StreamCheck.results

    def whole_graph(files):
        whole.append(len(files))
        return original_whole(files)

    monkeypatch.setattr(streamed, "_shacl", whole_graph)
    # Every batch says "not clean"; the whole graph is then judged for real.
    monkeypatch.setattr(
        shacl_fast.StreamCheck, "results", lambda self: original(self) if whole else [("x",)]
    )
    monkeypatch.setattr(streamed, "BATCH_ROWS", 40)
    monkeypatch.setenv("PLAN_PROGRESS_JOBS", "1")
    package = PlanPackage.open(merged)
    outputs, problems = check_and_generate(package)
    assert problems == []
    assert len(whole) == 1 and whole[0] > 1  # once, over every batch's file
    assert dict(outputs.files) == in_memory(package)


def test_build_stages_in_the_package_and_leaves_nothing(merged, tmp_path) -> None:
    copy = tmp_path / "merged"
    shutil.copytree(merged, copy)
    before = {p: p.read_bytes() for p in (copy / "data" / "generated").iterdir()}
    assert build(PlanPackage.open(copy)) == []  # nothing changed, nothing written
    (copy / "data" / "generated" / "report.nt").write_bytes(b"stale\n")
    assert build(PlanPackage.open(copy)) == [copy / "data" / "generated" / "report.nt"]
    assert {p: p.read_bytes() for p in (copy / "data" / "generated").iterdir()} == before
    assert not list(copy.glob(".plan-progress-build-*"))
    assert validate(PlanPackage.open(copy)) == []


def test_a_failed_build_changes_nothing(merged, tmp_path) -> None:
    """A directory where a generated file goes: the build fails with one `io.write`
    problem, every other file is as it was, and the staged files are gone."""
    copy = tmp_path / "merged"
    shutil.copytree(merged, copy)
    generated = copy / "data" / "generated"
    (generated / "report.ttl").write_bytes(b"old\n")
    (generated / "void.ttl").unlink()
    (generated / "void.ttl").mkdir()
    before = {p: p.read_bytes() for p in generated.iterdir() if p.is_file()}
    with pytest.raises(InvalidPackage) as raised:
        build(PlanPackage.open(copy))
    assert [p.rule for p in raised.value.problems] == ["io.write"]
    assert {p: p.read_bytes() for p in generated.iterdir() if p.is_file()} == before
    assert not list(copy.glob(".plan-progress-build-*"))
    assert sorted(p.name for p in copy.iterdir()) == ["data", "datapackage.json"]
