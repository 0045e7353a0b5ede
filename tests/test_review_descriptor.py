"""The review page reads a zipped package's descriptor through core/json_files.py: a number
Python will not read, or absurd nesting, is the package's fault (`package.descriptor`,
`limit.json-nesting`), never `review.internal` (issue 24, class 10)."""

from __future__ import annotations

from pathlib import Path

import pytest

import review_inputs as inputs
from conftest import copy_package
from plan_progress.review.run import run_review


@pytest.mark.parametrize(
    "raw, rule",
    [
        ("9" * 5001, "package.descriptor"),
        ("1e999999", "package.descriptor"),
        ("NaN", "package.descriptor"),
        ("[" * 100_000 + "]" * 100_000, "limit.json-nesting"),
    ],
    ids=["5001-digit-integer", "huge-float", "nan", "nested-100000-deep"],
)
def test_a_zipped_package_with_a_hostile_number_or_nesting(
    tmp_path: Path, raw: str, rule: str
) -> None:
    package = copy_package(tmp_path / "pkg")
    descriptor = package / "datapackage.json"
    text = descriptor.read_text(encoding="utf-8")
    descriptor.write_text(text.replace("{", '{"x": ' + raw + ", ", 1), encoding="utf-8")
    upload = inputs.package_zip(tmp_path, package, "hostile.zip")
    work = tmp_path / "work"
    work.mkdir()
    result = run_review(upload, upload.name, work)
    assert [f.rule for f in result.findings] == [rule]
    assert not result.valid
