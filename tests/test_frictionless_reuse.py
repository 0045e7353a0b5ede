"""Reusing frictionless' verdicts on valid metadata (checks/frictionless_reuse.py) changes no
problem: every package of the bad-input matrix that `validate` or `build` is given gets the
same problems, in the same order and words, with the reuse on (empty and filled) and off."""

from __future__ import annotations

from pathlib import Path

import pytest

import bad_input_round2  # noqa: F401  (registers issue 24's cases: the same set in any run)
from bad_input_cases import CASES, Case
from plan_progress.checks import frictionless_reuse
from plan_progress.core.package import PlanPackage
from plan_progress.core.problems import InvalidPackage, Problem
from plan_progress.pipeline.validation import validate
from sandbox import Listener, Sandbox

PACKAGE_CASES = [c for c in CASES if c.command in ("validate", "build")]


def problems_of(directory: Path) -> list[tuple[str, str, object, object, str, str]]:
    try:
        found: list[Problem] = validate(PlanPackage.open(directory))
    except InvalidPackage as invalid:
        found = invalid.problems
    return [(p.rule, p.file, p.row, p.column, p.message("ja"), p.message("en")) for p in found]


@pytest.fixture(scope="module")
def listener():
    listener = Listener()
    yield listener
    listener.close()


@pytest.mark.parametrize("case", PACKAGE_CASES, ids=[c.id for c in PACKAGE_CASES])
def test_the_same_problems_with_and_without_reuse(
    case: Case, tmp_path: Path, listener: Listener
) -> None:
    sandbox = Sandbox(tmp_path, listener)
    try:  # some cases mount a small full disk: always unmount it
        argv = case.setup(sandbox)
        directory = Path(argv[-1])
        frictionless_reuse.install()
        with frictionless_reuse.disabled():
            reference = problems_of(directory)
        first = problems_of(directory)  # fills the memory of valid descriptors
        again = problems_of(directory)  # uses it
    finally:
        sandbox.cleanup()
    assert first == reference
    assert again == reference


def test_the_reuse_is_used(package_copy: Path) -> None:
    """A valid package fills the memory; the second validation finds what the first did."""
    frictionless_reuse.install()
    frictionless_reuse._VALID.clear()
    assert problems_of(package_copy) == []
    assert len(frictionless_reuse._VALID) > 100
    assert problems_of(package_copy) == []


def test_foreign_key_lookups_are_read_once_and_again_when_the_file_changes(
    package_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The referred tables' keys are remembered per file: a second validation reads none of
    them, and a referred table rewritten (another size, another time) is read again, so a
    removed key is found missing."""
    frictionless_reuse.install()
    frictionless_reuse._LOOKUPS.clear()
    reads: list[str] = []
    original = frictionless_reuse._read_keys

    def counted(source, key):
        reads.append(source.name)
        return original(source, key)

    monkeypatch.setattr(frictionless_reuse, "_read_keys", counted)
    assert problems_of(package_copy) == []
    # Each referred table once (plans is named by seven tables, initiatives by five).
    assert reads and len(reads) == len(set(reads)) == len(frictionless_reuse._LOOKUPS)
    assert {"plans", "initiatives", "reports", "actors"} <= set(reads)
    reads.clear()
    assert problems_of(package_copy) == []
    assert reads == []
    initiatives = package_copy / "data" / "initiatives.csv"
    lines = initiatives.read_text("utf-8").splitlines(keepends=True)
    referred = next(
        line for line in lines[1:] if line.split(",")[0] in _entry_initiatives(package_copy)
    )
    initiatives.write_text("".join(line for line in lines if line != referred), "utf-8")
    assert "table.foreign-key" in [p[0] for p in problems_of(package_copy)]


def _entry_initiatives(package: Path) -> set[str]:
    import csv

    with (package / "data" / "progress-entries.csv").open(encoding="utf-8") as f:
        return {row["initiative_id"] for row in csv.DictReader(f)}
