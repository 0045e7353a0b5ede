"""The municipality code in a single-plan package's base IRI must be its plan's code."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import run_cli
from plan_progress.checks.codes import base_iri_codes
from test_spreadsheet_import import digests


def set_base(root: Path, base: str) -> None:
    path = root / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    descriptor["planProgress"]["baseIri"] = base
    path.write_text(json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


@pytest.mark.parametrize("command", ["validate", "build"])
def test_base_iri_of_another_municipality_is_refused(package_copy: Path, command: str) -> None:
    set_base(package_copy, "https://w3id.org/plan-progress/id/131105/")
    before = digests(package_copy)
    ja = run_cli(command, str(package_copy))
    en = run_cli(command, str(package_copy), "--lang", "en")
    assert ja.returncode == en.returncode == 1
    line = next(x for x in ja.stderr.splitlines() if "[model.base-iri-code]" in x)
    assert line.startswith("datapackage.json::planProgress.baseIri: [model.base-iri-code]")
    assert "団体コード 131105 が、data/plans.csv の 2 行目の全国地方公共団体コード 092169" in line
    assert "https://w3id.org/plan-progress/id/092169/" in line
    assert "names the municipality code 131105, but data/plans.csv row 2 says 092169" in en.stderr
    assert digests(package_copy) == before


def test_plan_code_changed_under_the_same_base_is_refused(package_copy: Path) -> None:
    plans = package_copy / "data" / "plans.csv"
    plans.write_text(
        plans.read_text(encoding="utf-8").replace(",092169,", ",131105,"), encoding="utf-8"
    )
    result = run_cli("validate", str(package_copy), "--lang", "en")
    assert result.returncode == 1
    assert "[model.base-iri-code]" in result.stderr and "says 131105" in result.stderr


def test_a_segment_under_the_standard_root_must_be_the_code(package_copy: Path) -> None:
    set_base(package_copy, "https://w3id.org/plan-progress/id/shimotsuke/")
    result = run_cli("validate", str(package_copy), "--lang", "en")
    assert "[model.base-iri-code]" in result.stderr and "code shimotsuke" in result.stderr


@pytest.mark.parametrize(
    ("base", "codes"),
    [
        ("https://w3id.org/plan-progress/id/092169/", ["092169"]),
        ("https://data.city.example.jp/opendata/092169/plan/", ["092169"]),
        ("https://data.city.example.jp/plan-progress/", []),  # names no code: nothing to check
        ("https://w3id.org/plan-progress/id/", [""]),  # the root itself names no municipality
        ("https://example.org/a/131105/b/092169/", ["131105", "092169"]),
    ],
)
def test_codes_a_base_iri_names(base: str, codes: list[str]) -> None:
    assert base_iri_codes(base) == codes


def test_a_base_without_a_code_is_accepted(package_copy: Path) -> None:
    set_base(package_copy, "https://data.city.example.jp/plan-progress/")
    result = run_cli("build", str(package_copy))
    assert result.returncode == 0, result.stderr
