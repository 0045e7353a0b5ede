"""The optional catalogue metadata in datapackage.json (`planProgress.catalog`): checked
against the standard's JSON Schema and codelists, one line per problem, nothing written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import copy_package, run_cli
from plan_progress.core import standard


def set_catalog(root: Path, catalog: object) -> None:
    path = root / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    descriptor["planProgress"]["catalog"] = catalog
    path.write_text(json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n", "utf-8")


@pytest.mark.parametrize(
    ("catalog", "rule", "where"),
    [
        (
            {"updateFrequency": "sometimes"},
            "descriptor.catalog",
            "planProgress.catalog.updateFrequency",
        ),
        ({"themes": ["welfare"]}, "descriptor.catalog", "planProgress.catalog.themes[0]"),
        (
            {"contactPoint": {"name": "福祉課", "email": "not an address"}},
            "descriptor.catalog",
            "planProgress.catalog.contactPoint.email",
        ),
        (
            {"contactPoint": {"email": "a@example.org"}},
            "descriptor.catalog",
            "planProgress.catalog.contactPoint",
        ),
        ({"address": "どこか"}, "descriptor.catalog", "planProgress.catalog"),
        ({"issued": "2025-02-30"}, "descriptor.catalog-date", "planProgress.catalog.issued"),
        (
            {"issued": "2025-04-01", "modified": "2025-03-31"},
            "descriptor.catalog-date",
            "planProgress.catalog.modified",
        ),
    ],
)
def test_bad_catalog_metadata_is_one_line_with_a_rule(
    tmp_path: Path, catalog: dict, rule: str, where: str
) -> None:
    root = copy_package(tmp_path / "pkg")
    set_catalog(root, catalog)
    result = run_cli("release", str(root), "--lang", "en")
    assert result.returncode == 1
    lines = [line for line in result.stderr.splitlines() if f"[{rule}]" in line]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"datapackage.json::{where}: [{rule}]"), lines[0]
    assert not (root / "dist").exists()


# Every field of the catalogue metadata (also used by tests/test_json_schema_fast_path.py).
FULL_CATALOG = {
    "contactPoint": {
        "name": "福祉課 / Welfare Division",
        "email": "fukushi@example.org",
        "telephone": "0285-00-0000",
        "extension": "12",
        "url": "https://example.org/contact",
    },
    "maintainer": {"name": "福祉課"},
    "updateFrequency": "irregular",
    "issued": "2025-04-01",
    "modified": "2025-06-30",
    "languages": ["ja", "en"],
    "themes": ["soci", "gove"],
}


def test_full_catalog_metadata_is_valid(tmp_path: Path) -> None:
    root = copy_package(tmp_path / "pkg")
    set_catalog(root, FULL_CATALOG)
    assert run_cli("validate", str(root)).returncode == 0


def test_schema_enums_are_the_codelists() -> None:
    schema = standard.catalog_metadata_schema()
    frequencies = [r["code"] for r in standard.codelist("update-frequency")]
    themes = [r["code"] for r in standard.codelist("data-theme")]
    assert schema["properties"]["updateFrequency"]["enum"] == frequencies
    assert schema["properties"]["themes"]["items"]["enum"] == themes


def test_every_code_has_its_authority_iri() -> None:
    from plan_progress.release.catalog import FREQUENCIES, LANGUAGES

    assert set(FREQUENCIES) == {r["code"] for r in standard.codelist("update-frequency")}
    languages = standard.catalog_metadata_schema()["properties"]["languages"]["items"]["enum"]
    assert set(LANGUAGES) == set(languages)
