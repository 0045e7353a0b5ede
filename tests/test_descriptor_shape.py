"""The descriptor's shape (`core.descriptor_shape`) is checked before anything reads it."""

from __future__ import annotations

import json

import pytest

from conftest import PACKAGES
from plan_progress.core.descriptor_shape import shape_problems
from plan_progress.core.json_files import depth


@pytest.mark.parametrize("root", PACKAGES, ids=lambda p: p.name)
def test_every_package_of_the_repository_has_the_shape(root) -> None:
    descriptor = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
    assert shape_problems(descriptor, "datapackage.json") == []


@pytest.mark.parametrize(
    ("descriptor", "pointer"),
    [
        ({"name": "x", "resources": 5}, "/resources"),
        ({"name": "x", "resources": [], "planProgress": "x"}, "/planProgress"),
        ({"name": "x", "resources": [{"name": "a"}]}, "/resources/0"),
        (
            {"name": "x", "resources": [{"name": "a", "path": "a", "schema": {}}]},
            "/resources/0/schema",
        ),
        (
            {"name": "x", "resources": [{"name": "a", "path": "a", "schema": "http://x/s.json"}]},
            "/resources/0/schema",
        ),
        (
            {"name": "x", "resources": [{"name": "a", "path": "a", "dialect": "d.json"}]},
            "/resources/0/dialect",
        ),
        ({"name": "x", "resources": [], "$schema": "http://example.org/p.json"}, "/$schema"),
        ({"resources": []}, "/"),
        ([], "/"),
    ],
)
def test_unexpected_shapes_are_named_by_pointer(descriptor, pointer: str) -> None:
    problems = shape_problems(descriptor, "datapackage.json")
    assert problems and problems[0].rule == "package.shape"
    assert pointer in {p.column for p in problems}
    for problem in problems:  # said in Japanese and in English, in one short line
        assert "\n" not in problem.as_line("ja") and len(problem.as_line("en")) < 400


def test_a_ref_anywhere_is_refused_before_frictionless_resolves_it() -> None:
    descriptor = {
        "name": "x",
        "resources": [
            {"name": "a", "path": "a", "schema": {"fields": [], "x": {"$ref": "http://x"}}}
        ],
    }
    problems = shape_problems(descriptor, "datapackage.json")
    assert [(p.rule, p.column) for p in problems] == [("path.remote", "/resources/0/schema/x/$ref")]


def test_depth_is_measured_without_recursion() -> None:
    deep: list = []
    for _ in range(100_000):
        deep = [deep]
    assert depth(deep) > 32
    assert depth({"a": [1, {"b": 2}]}) == 3


def test_frictionless_runs_untrusted() -> None:
    """Frictionless' own guard (refusing absolute and ../ paths) stays on; it does not refuse
    http(s) URLs or $refs, which is why the shape check refuses them first."""
    from frictionless import system

    from plan_progress.pipeline import validation  # noqa: F401 (imports frictionless as used)

    assert system.trusted is False
