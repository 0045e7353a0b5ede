"""CITATION.cff is valid Citation File Format 1.2.0 and states the package's version."""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from jsonschema import Draft7Validator

from plan_progress.core.version import __version__

SCHEMA = Path(__file__).parent / "data" / "citation-file-format-1.2.0.schema.json"


def citation(root: Path) -> dict:
    return yaml.safe_load((root / "CITATION.cff").read_text(encoding="utf-8"))


def test_citation_is_valid_cff_1_2_0(root: Path) -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    errors = [e.message for e in Draft7Validator(schema).iter_errors(citation(root))]
    assert errors == []
    assert citation(root)["cff-version"] == "1.2.0"


def test_citation_version_and_identifiers(root: Path) -> None:
    cff = citation(root)
    assert cff["version"] == __version__
    descriptor = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
    values = {i["value"] for i in cff["identifiers"]}
    assert {"https://w3id.org/plan-progress/ns", descriptor["id"]} <= values
    assert {"CC-BY-4.0", "MIT"} == set(cff["license"])
