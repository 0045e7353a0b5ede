"""Reusing frictionless' verdicts on valid metadata (checks/frictionless_reuse.py) changes no
problem: every package of the bad-input matrix that `validate` or `build` is given gets the
same problems, in the same order and words, with the reuse on (empty and filled) and off."""

from __future__ import annotations

from pathlib import Path

import pytest

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
