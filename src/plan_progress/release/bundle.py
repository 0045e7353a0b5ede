"""`plan-progress release`: validate, assemble every file in memory, then swap in `dist/`."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

from plan_progress.checks.generated import check_generated
from plan_progress.checks.tables import read_tables
from plan_progress.core.atomic_files import dir_mode
from plan_progress.core.package import FLAT_TABLE, PlanPackage
from plan_progress.core.problems import InvalidPackage, Problem
from plan_progress.model.main_tables import MainTable, build_main_tables
from plan_progress.pipeline.validation import check_and_generate
from plan_progress.release import files as layout
from plan_progress.release.archives import zip_bytes
from plan_progress.release.catalog import DatasetFacts, catalog_graph, jsonld, turtle
from plan_progress.release.checksums import sha256sums
from plan_progress.release.excel import excel_csv
from plan_progress.release.facts import dataset_facts
from plan_progress.release.files import ReleaseFile, split_bilingual
from plan_progress.release.opendata_list import opendata_list_csv
from plan_progress.release.placeholders import find_placeholders
from plan_progress.release.readme import readme
from plan_progress.release.workbook import main_workbook

DIST = "dist"
CATALOG_TTL = "catalog.ttl"
CATALOG_JSONLD = "catalog.jsonld"
OPENDATA_LIST = "opendata-list.csv"
SUMS = "SHA256SUMS"
README = "README.md"


def assemble(package: PlanPackage) -> dict[str, bytes]:
    """Every file of `dist/` (path -> bytes). Raises InvalidPackage when the package is invalid,
    including committed generated files that differ from a fresh build: a release must publish
    exactly what is committed."""
    outputs, problems = check_and_generate(package)
    if outputs is None:
        raise InvalidPackage(problems)
    problems = check_generated(package, outputs.files)
    if problems:
        raise InvalidPackage(problems)
    tables = read_tables(package)
    facts = dataset_facts(package, tables)

    def schemas(name: str) -> dict:
        return package.resource(name)["schema"]

    mains = build_main_tables(tables, outputs.files[FLAT_TABLE], schemas(FLAT_TABLE), schemas)
    stem = layout.file_stem(facts.municipality_code, facts.plan_id)
    machine = layout.package_files(package, outputs)
    contract = layout.contract_files()
    files = [
        layout.workbook_file(stem, main_workbook(mains, _about(facts, mains)), mains),
        *(f for table in mains for f in layout.main_csv_files(stem, table, excel_csv(table))),
        ReleaseFile(layout.MAIN_DESCRIPTOR, main_descriptor(facts, stem, mains)),
        *machine,
        *contract,
        layout.datapackage_zip_file(
            stem, zip_bytes({f.path: f.data for f in machine}, f"{stem}_datapackage")
        ),
        layout.standard_zip_file(
            zip_bytes({f.path: f.data for f in contract}, layout.standard_zip_path()[9:-4])
        ),
    ]
    files = layout.ordered(files)
    graph = catalog_graph(facts, files)
    contents = {f.path: f.data for f in files}
    contents[README] = readme(facts, files, mains)
    contents[CATALOG_TTL] = turtle(graph)
    contents[CATALOG_JSONLD] = jsonld(graph)
    contents[OPENDATA_LIST] = opendata_list_csv(facts, files)
    contents[SUMS] = sha256sums(contents)
    return contents


def _about(facts: DatasetFacts, mains: list[MainTable]) -> list[tuple[str, str]]:
    """The workbook's last sheet: what the data is and how to credit it."""
    title_ja, _ = split_bilingual(facts.title)
    licence_ja, _ = split_bilingual(facts.license_title or facts.license)
    attribution_ja, _ = split_bilingual(facts.attribution)
    return [
        ("データセット", title_ja),
        (
            "地方公共団体",
            f"{facts.municipality_name}（全国地方公共団体コード {facts.municipality_code}）",
        ),
        ("原資料", facts.source_title),
        *((f"シート「{t.title_ja}」", t.row_ja) for t in mains),
        ("ライセンス", f"{licence_ja}（{facts.license}）"),
        ("出典の書き方", attribution_ja),
        ("版", facts.version),
    ]


def main_descriptor(facts: DatasetFacts, stem: str, mains: list[MainTable]) -> bytes:
    """A Data Package of the main tables (Japanese headers), so a program, or frictionless,
    can read and check them as it reads the source tables."""
    title_ja, title_en = split_bilingual(facts.title)
    descriptor = {
        "$schema": "https://datapackage.org/profiles/2.0/datapackage.json",
        "name": f"{facts.identifier}-main-tables",
        "title": f"{title_ja}（主な表） / {title_en} (main tables)",
        "licenses": [{"path": facts.license, "title": facts.license_title or facts.license}],
        "resources": [
            {
                "name": table.key,
                "type": "table",
                "path": layout.main_paths(stem, table.key)[0].removeprefix(layout.MAIN_DIR + "/"),
                "scheme": "file",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "title": f"{table.title_ja} / {table.title_en}",
                "description": f"{table.row_ja} / {table.row_en}",
                "schema": table.table_schema(),
            }
            for table in mains
        ],
    }
    return (json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def write_dist(root: Path, contents: dict[str, bytes]) -> Path:
    """Stage the whole bundle in a temporary directory beside `dist/`, then swap it in.

    Until the swap, the previous `dist/` is untouched, so any failure while writing
    (disk full, permissions, an exception) leaves it as it was.
    """
    target = root / DIST
    stage = Path(tempfile.mkdtemp(prefix=f".{DIST}-new-", dir=root))
    old: Path | None = None
    try:
        # mkdtemp makes a private (0700) directory; a release is for others to read.
        os.chmod(stage, dir_mode())
        for rel, data in contents.items():
            path = stage / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("wb") as f:
                f.write(data)
                f.flush()
                os.fsync(f.fileno())
        if target.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{DIST}-old-", dir=root))
            os.replace(target, old / DIST)
        os.replace(stage, target)
    except BaseException:
        if old is not None and not target.exists():
            os.replace(old / DIST, target)  # put the previous release back
        shutil.rmtree(stage, ignore_errors=True)
        raise
    finally:
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    return target


def release(
    package: PlanPackage, *, allow_placeholders: bool = False
) -> tuple[Path, dict[str, bytes]]:
    """Validate, assemble and write `dist/`. The placeholders `new` wrote stop a release
    unless `allow_placeholders` (the caller then reports `find_placeholders` as warnings)."""
    contents = assemble(package)
    if not allow_placeholders:
        placeholders = find_placeholders(package)
        if placeholders:
            raise InvalidPackage(placeholders)
    try:
        return write_dist(package.root, contents), contents
    except OSError as err:
        raise InvalidPackage(
            [Problem("release.write", DIST, params={"detail": err.strerror or str(err)})]
        ) from err
