"""Each published contract file is valid against its own meta-schema or specification."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from frictionless import Package
from jsonschema import Draft202012Validator
from pyshacl import validate as shacl_validate
from rdflib import Graph

from conftest import REPO, run_cli
from plan_progress.core import standard


def test_json_schema_is_valid_draft_2020_12() -> None:
    schema = standard.json_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)


def test_json_schema_id_is_versioned() -> None:
    assert standard.json_schema()["$id"] == standard.SCHEMA_IRI


def test_data_package_descriptor_is_valid_v2() -> None:
    descriptor = json.loads((REPO / "datapackage.json").read_text(encoding="utf-8"))
    assert descriptor["$schema"] == "https://datapackage.org/profiles/2.0/datapackage.json"
    report = Package(descriptor, basepath=str(REPO)).validate()
    assert report.valid, report.flatten(["type", "note"])


def test_frictionless_own_command_passes(repo) -> None:
    # The library's own command, from the same environment as the tests.
    frictionless = Path(sys.executable).parent / "frictionless"
    assert frictionless.is_file(), "the frictionless command is installed with the package"
    result = subprocess.run(
        [str(frictionless), "validate", "datapackage.json"],
        cwd=repo,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:]


@pytest.mark.parametrize("path", [standard.vocab_path(), standard.shapes_path()])
def test_turtle_files_parse(path) -> None:
    assert len(Graph().parse(path, format="turtle")) > 50


def test_shapes_are_valid_shacl() -> None:
    # pyshacl's meta_shacl validates the shapes graph against the SHACL-for-SHACL shapes.
    shapes = Graph().parse(standard.shapes_path(), format="turtle")
    conforms, _, text = shacl_validate(Graph(), shacl_graph=shapes, meta_shacl=True)
    assert conforms, text


def test_context_is_a_usable_json_ld_1_1_context() -> None:
    from pyld import jsonld

    context = standard.context_document()["@context"]
    assert context["@version"] == 1.1
    expanded = jsonld.expand(
        {"@context": context, "id": "https://example.org/x", "type": "Plan", "title": "計画"}
    )
    assert expanded == [
        {
            "@id": "https://example.org/x",
            "@type": [standard.VOCAB_NS + "Plan"],
            standard.VOCAB_NS + "title": [{"@value": "計画", "@language": "ja"}],
        }
    ]


def test_codelists_have_the_ocds_style_columns() -> None:
    for path in sorted(standard.codelist_dir().glob("*.csv")):
        rows = standard.codelist(path.stem)
        assert rows, path
        for row in rows:
            assert list(row) == ["code", "title_ja", "title_en", "description_ja", "description_en"]
            assert all(row.values()), (path, row)


def test_cli_reports_its_version() -> None:
    from plan_progress import __version__

    result = run_cli("--version")
    assert result.returncode == 0
    assert __version__ in result.stdout
