"""`plan-progress release`: validate, assemble every file in memory, then swap in `dist/`."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from plan_progress.checks.generated import check_generated
from plan_progress.checks.tables import read_tables
from plan_progress.core.atomic_files import dir_mode
from plan_progress.core.package import FLAT_TABLE, PlanPackage
from plan_progress.core.problems import InvalidPackage, Problem
from plan_progress.model import iris
from plan_progress.model.main_tables import MainTable, build_main_tables
from plan_progress.model.report_series import group, place_of, repeated_years
from plan_progress.model.tables import Tables
from plan_progress.model.yearly_table import yearly_table
from plan_progress.pipeline.generate import Outputs
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
from plan_progress.release.series import TITLE_SUFFIX, Member, SeriesFacts, series_iri
from plan_progress.release.workbook import main_workbook

DIST = "dist"
CATALOG_TTL = "catalog.ttl"
CATALOG_JSONLD = "catalog.jsonld"
OPENDATA_LIST = "opendata-list.csv"
SUMS = "SHA256SUMS"
README = "README.md"


@dataclass(frozen=True)
class Prepared:
    """A validated package and what its release is made from."""

    package: PlanPackage
    outputs: Outputs
    tables: Tables
    facts: DatasetFacts


def prepare(package: PlanPackage) -> Prepared:
    """Validate the package. Raises InvalidPackage when it is invalid, including committed
    generated files that differ from a fresh build: a release must publish exactly what is
    committed."""
    outputs, problems = check_and_generate(package)
    if outputs is None:
        raise InvalidPackage(problems)
    problems = check_generated(package, outputs.files)
    if problems:
        raise InvalidPackage(problems)
    tables = read_tables(package)
    return Prepared(package, outputs, tables, dataset_facts(package, tables))


def assemble(package: PlanPackage) -> dict[str, bytes]:
    """Every file of `dist/` (path -> bytes) of a package released on its own (a series of
    its one report). Raises InvalidPackage when the package is invalid."""
    prepared = prepare(package)
    return assemble_prepared(prepared, *series_of([prepared])[0])


def series_of(members: list[Prepared]) -> list[tuple[SeriesFacts | None, list[Tables]]]:
    """For each of `members` (one plan's reports, in fiscal-year order): its place in the
    series and the tables of the reports up to it (the yearly table's years)."""
    latest = members[-1].facts
    plan_id, base = latest.plan_id, members[-1].package.base_iri
    series_members = tuple(Member(m.facts.iri, m.facts.identifier, m.facts.title) for m in members)
    title = (latest.plan_title or f"{latest.municipality_name} {plan_id}") + TITLE_SUFFIX
    out: list[tuple[SeriesFacts | None, list[Tables]]] = []
    for position, member in enumerate(members):
        if place_of(member.tables) is None:  # no report: in no series
            out.append((None, [member.tables]))
            continue
        series = SeriesFacts(
            series_iri(base, plan_id),
            title,
            base + iris.plan(plan_id),
            series_members,
            position,
        )
        out.append((series, [m.tables for m in members[: position + 1]]))
    return out


def assemble_prepared(
    prepared: Prepared, series: SeriesFacts | None, history: list[Tables]
) -> dict[str, bytes]:
    """Every file of `dist/` for one report, `history` the tables of its series up to it."""
    package, outputs, tables, facts = (
        prepared.package,
        prepared.outputs,
        prepared.tables,
        prepared.facts,
    )

    def schemas(name: str) -> dict:
        return package.resource(name)["schema"]

    mains = build_main_tables(tables, outputs.files[FLAT_TABLE], schemas(FLAT_TABLE), schemas)
    yearly = yearly_table(history)
    if yearly is not None:
        mains.append(yearly)
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
    graph = catalog_graph(facts, files, series)
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


def prepare_all(packages: Sequence[PlanPackage]) -> list[Prepared]:
    """Every package validated; the problems of all of them at once (each file named with
    its package's directory when there are several)."""
    prepared, problems = [], []
    for package in packages:
        try:
            prepared.append(prepare(package))
        except InvalidPackage as invalid:
            problems += located(package, invalid.problems, len(packages))
    if problems:
        raise InvalidPackage(problems)
    return prepared


def assemble_all(prepared: list[Prepared]) -> list[tuple[Prepared, dict[str, bytes]]]:
    """Every package's `dist/`, the reports of one plan released as its series. Refuses a
    series whose order or whose datasets would be ambiguous (a fiscal year twice, two
    reports with one dataset IRI or one name)."""
    problems: list[Problem] = []
    out = []
    for members in group(prepared, lambda p: place_of(p.tables)):
        problems += _series_problems(members, len(prepared))
        for member, (series, history) in zip(members, series_of(members), strict=True):
            out.append((member, series, history))
    if problems:
        raise InvalidPackage(problems)
    return [(member, assemble_prepared(member, series, history)) for member, series, history in out]


def _series_problems(members: list[Prepared], count: int) -> list[Problem]:
    problems = []
    places = [place_of(m.tables) for m in members]
    for before, after in repeated_years(places):
        first, second = members[before], members[after]
        year = places[after].fiscal_year  # type: ignore[union-attr]
        problems += located(
            second.package,
            [
                Problem(
                    "release.series-year",
                    "data/reports.csv",
                    2,
                    "fiscal_year",
                    params={"year": year, "other": str(first.package.root)},
                )
            ],
            count,
        )
    for i, later in enumerate(members):
        for earlier in members[:i]:
            if later.facts.iri == earlier.facts.iri or later.facts.identifier == (
                earlier.facts.identifier
            ):
                problem = Problem(
                    "release.series-dataset",
                    "datapackage.json",
                    column="id" if later.facts.iri == earlier.facts.iri else "name",
                    params={
                        "value": later.facts.iri
                        if later.facts.iri == earlier.facts.iri
                        else later.facts.identifier,
                        "other": str(earlier.package.root),
                    },
                )
                problems += located(later.package, [problem], count)
    return problems


def located(package: PlanPackage, problems: list[Problem], count: int) -> list[Problem]:
    """Problems with the package directory before each file, when there are several."""
    if count < 2:
        return problems
    prefix = str(package.root).rstrip("/") + "/"
    return [p if p.rule == "internal.error" else replace(p, file=prefix + p.file) for p in problems]


def release(
    package: PlanPackage, *, allow_placeholders: bool = False
) -> tuple[Path, dict[str, bytes]]:
    """Validate, assemble and write one package's `dist/` (released on its own)."""
    ((target, contents),) = release_all([package], allow_placeholders=allow_placeholders)
    return target, contents


def release_all(
    packages: Sequence[PlanPackage], *, allow_placeholders: bool = False
) -> list[tuple[Path, dict[str, bytes]]]:
    """Validate and assemble every package, then write each `dist/`; nothing is written
    unless every package is valid. The reports of one plan are released as its series (each
    report's catalogue places it in the series; its yearly table covers the years up to
    it). The placeholders `new` wrote stop a release unless `allow_placeholders` (the caller
    then reports `find_placeholders` as warnings)."""
    assembled = assemble_all(prepare_all(packages))
    if not allow_placeholders:
        placeholders = [
            problem
            for package in packages
            for problem in located(package, find_placeholders(package), len(packages))
        ]
        if placeholders:
            raise InvalidPackage(placeholders)
    written = []
    for prepared, contents in assembled:
        try:
            written.append((write_dist(prepared.package.root, contents), contents))
        except OSError as err:
            raise InvalidPackage(
                located(
                    prepared.package,
                    [Problem("release.write", DIST, params={"detail": err.strerror or str(err)})],
                    len(packages),
                )
            ) from err
    return written
