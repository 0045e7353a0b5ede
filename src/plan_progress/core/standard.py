"""The published contract: namespaces, IRIs and the files under `schema/` and `vocab/`.

The contract files live at the repository's top level (where people read and review
them) and are copied into the wheel as `plan_progress/standard/`. This module finds
them in either place so an installed tool never needs the repository beside it.
"""

from __future__ import annotations

import copy
import csv
import json
from functools import cache
from pathlib import Path
from typing import Any

from plan_progress.core.version import __version__

ROOT_IRI = "https://w3id.org/plan-progress/"
VOCAB_NS = ROOT_IRI + "ns#"
ONTOLOGY_IRI = ROOT_IRI + "ns"
SHAPES_IRI = ROOT_IRI + "shapes"
CONTEXT_IRI = f"{ROOT_IRI}context/{__version__}.jsonld"
SCHEMA_IRI = f"{ROOT_IRI}schema/{__version__}/progress-report.schema.json"
DATA_IRI_ROOT = ROOT_IRI + "id/"

SCHEMA_FILE = "progress-report.schema.json"
PROFILE_SCHEMA_FILE = "profile.schema.json"
PROFILE_SCHEMA_IRI = f"{ROOT_IRI}schema/{__version__}/profile.schema.json"
CONTEXT_FILE = "context.jsonld"
VOCAB_FILE = "plan-progress.ttl"
SHAPES_FILE = "shapes.ttl"


@cache
def standard_dir() -> Path:
    """Directory holding `schema/` and `vocab/`: the wheel's copy, else the source tree's."""
    packaged = Path(__file__).parents[1] / "standard"
    if (packaged / "vocab").is_dir():
        return packaged
    source_tree = Path(__file__).resolve().parents[3]
    if (source_tree / "vocab" / CONTEXT_FILE).is_file():
        return source_tree
    raise FileNotFoundError("plan-progress standard files (schema/, vocab/) not found")


def schema_path() -> Path:
    return standard_dir() / "schema" / SCHEMA_FILE


def vocab_path() -> Path:
    return standard_dir() / "vocab" / VOCAB_FILE


def shapes_path() -> Path:
    return standard_dir() / "vocab" / SHAPES_FILE


def context_path() -> Path:
    return standard_dir() / "vocab" / CONTEXT_FILE


def codelist_dir() -> Path:
    return standard_dir() / "schema" / "codelists"


@cache
def json_schema() -> dict[str, Any]:
    return json.loads(schema_path().read_text(encoding="utf-8"))


@cache
def context_document() -> dict[str, Any]:
    return json.loads(context_path().read_text(encoding="utf-8"))


@cache
def codelist(name: str) -> tuple[dict[str, str], ...]:
    """Rows of `schema/codelists/NAME.csv` (code,title_ja,title_en,description_ja,description_en)."""
    with (codelist_dir() / f"{name}.csv").open(encoding="utf-8", newline="") as f:
        return tuple(csv.DictReader(f))


def table_schema_path(name: str) -> Path:
    return standard_dir() / "schema" / "tables" / f"{name}.json"


@cache
def table_schema(name: str) -> dict[str, Any]:
    """The standard's Table Schema of resource `name` (schema/tables/NAME.json)."""
    return json.loads(table_schema_path(name).read_text(encoding="utf-8"))


@cache
def resource_catalogue() -> tuple[dict[str, Any], ...]:
    """The standard's resources in order (schema/resources.json), without their schemas."""
    path = standard_dir() / "schema" / "resources.json"
    return tuple(json.loads(path.read_text(encoding="utf-8"))["resources"])


def profile_schema_path() -> Path:
    return standard_dir() / "schema" / PROFILE_SCHEMA_FILE


@cache
def profile_json_schema() -> dict[str, Any]:
    return json.loads(profile_schema_path().read_text(encoding="utf-8"))


DIFF_SCHEMA_FILE = "diff.schema.json"


@cache
def diff_json_schema() -> dict[str, Any]:
    """The shape of `plan-progress diff --format json` (documented on the site)."""
    return json.loads((standard_dir() / "schema" / DIFF_SCHEMA_FILE).read_text(encoding="utf-8"))


def standard_resources() -> list[dict[str, Any]]:
    """The standard's resources in order, as fresh copies that callers may change (add a
    schema, edit a title) without touching the cached catalogue."""
    return copy.deepcopy(list(resource_catalogue()))


@cache
def codelist_titles() -> dict[frozenset[str], dict[str, str]]:
    """Japanese titles of the standard codelists, keyed by their set of codes: a Table
    Schema carries a codelist as an `enum` of its codes, and the set finds it again."""
    titles = {}
    for path in sorted(codelist_dir().glob("*.csv")):
        rows = codelist(path.stem)
        titles[frozenset(r["code"] for r in rows)] = {r["code"]: r["title_ja"] for r in rows}
    return titles


CATALOG_METADATA_SCHEMA_FILE = "catalog-metadata.schema.json"


@cache
def catalog_metadata_schema() -> dict[str, Any]:
    """JSON Schema of the optional `planProgress.catalog` metadata in datapackage.json."""
    path = standard_dir() / "schema" / CATALOG_METADATA_SCHEMA_FILE
    return json.loads(path.read_text(encoding="utf-8"))
